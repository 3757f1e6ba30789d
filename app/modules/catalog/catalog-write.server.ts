import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "~db/index";
import { getDb } from "~db/index";
import {
  collectionProductsTable,
  collectionTranslationsTable,
  collectionsTable,
  productImagesTable,
  productOptionValuesTable,
  productOptionsTable,
  productTranslationsTable,
  productVariantsTable,
  productsTable,
  searchWordsTable,
} from "~db/schema/catalog";
import { UserError } from "~/lib/errors";
import { parseDecimal, toDecimalString, type Money } from "~/lib/money";
import { getStockLevels, locationIdsByCode, setStockLevels } from "../inventory/inventory.server";
import { getListingClaimTerms, getStoreConfig } from "../markets/markets.server";
import { computeMarketPrices, getVariantPrices, priceCurrencies, rebuildMarketPrices, replaceVariantPrices, type VariantPriceInput } from "../pricing/pricing.server";
import { LANGS, type CollectionInput, type Lang, type PriceMap, type ProductInput, type ProductStatus, type ProductTranslationInput, type VariantInput } from "./catalog-input";
import { checkListing, claimTermsWith, ClaimTermOverridesSchema, type ListingWarning } from "./compliance";
import { clearCache } from "~/lib/cache.server";
import { invalidatePageCaches } from "~/lib/page-cache.server";
import { HANDLE_RE, searchConfigFor } from "./locale";
import { latinWords } from "./typos";

/** This process serves the change at once; other processes within the catalog cache's lifetime. */
function catalogChanged() {
  clearCache();
  invalidatePageCaches();
}

function slugKey(key: string): string {
  return key.replace(/[^a-z0-9]+/gi, "_").toLowerCase();
}

const variantIdFor = (sku: string) => `var_${slugKey(sku)}`;
const collectionIdFor = (keyOrId: string) => (keyOrId.startsWith("col_") ? keyOrId : `col_${slugKey(keyOrId)}`);

/** What a write changed, for the audit log: the record before (null when created) and after (null when deleted). */
export interface WriteResult<T> {
  id: string;
  before: T | null;
  after: T | null;
}

/** A stored product as the write API takes it back (admin forms, audit snapshots). */
export interface ProductRecord extends ProductInput {
  id: string;
  status: ProductStatus;
  hsCode: string | null;
  countryOfOrigin: string | null;
  salesCount: number;
  publishedAt: string | null;
  releasedAt: string | null;
  updatedAt: string;
  variants: (Omit<VariantInput, "prices" | "compareAt" | "stock"> & {
    id: string;
    prices: Record<string, string>;
    compareAt?: Record<string, string>;
    stock: Record<string, number>;
    reserved: Record<string, number>;
  })[];
}

export interface ProductWriteResult extends WriteResult<ProductRecord> {
  warnings: ListingWarning[];
}

export interface ProductWriteOptions {
  db?: Db;
  now?: Date;
  /** Publishing (status active) with compliance warnings needs this; without it the write is a 422 carrying the warnings. */
  confirm?: boolean;
  /** Rebuild this product's market prices after the write (default). Bulk imports refresh once at the end. */
  refreshPrices?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Reading a product back as input
// ---------------------------------------------------------------------------------------------

/** The product as ProductInput plus its id, status and dates; null when there is no such product. */
export async function loadProductRecord(id: string, db?: Db): Promise<ProductRecord | null> {
  const d = db ?? (await getDb());
  const [p] = await d.select().from(productsTable).where(eq(productsTable.id, id));
  if (!p) return null;
  const [translations, options, images, variants, collections] = await Promise.all([
    d.select().from(productTranslationsTable).where(eq(productTranslationsTable.productId, id)),
    d.select().from(productOptionsTable).where(eq(productOptionsTable.productId, id)).orderBy(asc(productOptionsTable.position)),
    d.select().from(productImagesTable).where(eq(productImagesTable.productId, id)).orderBy(asc(productImagesTable.position)),
    d.select().from(productVariantsTable).where(eq(productVariantsTable.productId, id)).orderBy(asc(productVariantsTable.position)),
    d.select({ id: collectionProductsTable.collectionId }).from(collectionProductsTable).where(eq(collectionProductsTable.productId, id)),
  ]);
  const values = options.length
    ? await d.select().from(productOptionValuesTable).where(inArray(productOptionValuesTable.optionId, options.map((o) => o.id))).orderBy(asc(productOptionValuesTable.position))
    : [];
  const variantIds = variants.map((v) => v.id);
  const [prices, stock] = await Promise.all([getVariantPrices(variantIds, d), getStockLevels(variantIds, d)]);
  const decimal = (amount: bigint, currency: string) => toDecimalString(amount, currency);
  return {
    id,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    hsCode: p.hsCode,
    countryOfOrigin: p.countryOfOrigin,
    salesCount: p.salesCount,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    releasedAt: p.releasedAt?.toISOString() ?? null,
    updatedAt: p.updatedAt.toISOString(),
    collections: collections.map((c) => c.id).sort(),
    translations: Object.fromEntries(
      translations
        .sort((a, b) => LANGS.indexOf(a.locale as Lang) - LANGS.indexOf(b.locale as Lang))
        .map((t) => [
          t.locale,
          { title: t.title, handle: t.handle, description: t.description, ...(t.seoTitle ? { seoTitle: t.seoTitle } : {}), ...(t.seoDescription ? { seoDescription: t.seoDescription } : {}) },
        ]),
    ),
    options: options.map((o) => ({
      code: o.code,
      names: o.names,
      values: values.filter((v) => v.optionId === o.id).map((v) => ({ code: v.code, labels: v.labels, ...(v.swatch ? { swatch: v.swatch } : {}) })),
    })),
    images: images.map((i) => ({ url: i.url, alt: i.alt, width: i.width, height: i.height })),
    variants: variants.map((v) => {
      const own = prices.filter((x) => x.variantId === v.id);
      const levels = stock.filter((s) => s.variantId === v.id);
      const compareAt = own.filter((x) => x.compareAt !== null);
      const imageIndex = images.findIndex((i) => i.id === v.imageId);
      return {
        id: v.id,
        sku: v.sku,
        options: v.options,
        weightGrams: v.weightGrams,
        ...(v.lengthMm !== null && v.widthMm !== null && v.heightMm !== null ? { dimensionsMm: [v.lengthMm, v.widthMm, v.heightMm] as [number, number, number] } : {}),
        prices: Object.fromEntries(own.map((x) => [x.currency, decimal(x.amount, x.currency)])),
        ...(compareAt.length ? { compareAt: Object.fromEntries(compareAt.map((x) => [x.currency, decimal(x.compareAt!, x.currency)])) } : {}),
        stock: Object.fromEntries(levels.map((s) => [s.location, s.onHand])),
        reserved: Object.fromEntries(levels.filter((s) => s.reserved > 0).map((s) => [s.location, s.reserved])),
        ...(imageIndex >= 0 ? { image: imageIndex } : {}),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Validation shared by the product writes
// ---------------------------------------------------------------------------------------------

/** Parses one variant's price map into rows; `field` is the input path of the map. */
function parsePrices(variantId: string, prices: PriceMap, compareAt: PriceMap | undefined, currencies: string[], field: string): VariantPriceInput[] {
  const rows: VariantPriceInput[] = [];
  for (const [currency, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    if (!currencies.includes(currency)) {
      throw new UserError("unsupported_currency", `${currency} is not a currency of this store; use one of ${currencies.join(", ")}.`, 400, `${field}.prices.${currency}`);
    }
    const amount = parseAmount(value, currency, `${field}.prices.${currency}`);
    const compare = compareAt?.[currency];
    const compareAmount = compare ? parseAmount(compare, currency, `${field}.compareAt.${currency}`) : null;
    if (compareAmount !== null && compareAmount <= amount) {
      throw new UserError("invalid_compare_at", `The compare-at price in ${currency} must be higher than the price (${value}).`, 400, `${field}.compareAt.${currency}`);
    }
    rows.push({ variantId, currency, amount, compareAt: compareAmount });
  }
  for (const currency of Object.keys(compareAt ?? {})) {
    if (compareAt?.[currency] && prices[currency] === undefined) {
      throw new UserError("invalid_compare_at", `A compare-at price in ${currency} needs a price in ${currency}.`, 400, `${field}.compareAt.${currency}`);
    }
  }
  return rows;
}

function parseAmount(value: string, currency: string, field: string): bigint {
  let amount: bigint;
  try {
    amount = parseDecimal(value, currency);
  } catch (e) {
    throw new UserError("invalid_price", `"${value}" is not a ${currency} amount: ${(e as Error).message}.`, 400, field);
  }
  if (amount < 0n) throw new UserError("invalid_price", `A price cannot be negative (${value} ${currency}).`, 400, field);
  return amount;
}

async function claimTerms(db: Db) {
  const parsed = ClaimTermOverridesSchema.safeParse(await getListingClaimTerms(db));
  // A list the store saved before a language was dropped is ignored rather than blocking writes.
  return claimTermsWith(parsed.success ? parsed.data : {});
}

/** The warnings publishing this input would raise, with the store's word lists. */
export async function listingWarnings(input: ProductInput, db?: Db): Promise<ListingWarning[]> {
  const d = db ?? (await getDb());
  return checkListing(input, await claimTerms(d));
}

// ---------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------

/**
 * Creates or replaces a product with its translations, options, variants, prices, images, stock
 * and collection memberships: the single write path for catalog content (seed, imports, admin).
 * Bad input is a UserError naming the input path (`variants.0.prices.JPY`). Publishing with
 * compliance warnings needs `confirm`. Variants are kept by SKU, so stock reserved for payments in
 * progress survives an edit; a variant that is dropped while units are reserved is a 409.
 */
export async function upsertProduct(input: ProductInput, opts: ProductWriteOptions = {}): Promise<ProductWriteResult> {
  const d = opts.db ?? (await getDb());
  const now = opts.now ?? new Date();
  if (!input.id && !input.key) throw new UserError("invalid_product", "A product needs an id or a key.", 400, "id");
  const id = input.id ?? `prod_${slugKey(input.key!)}`;
  const childKey = input.key ? slugKey(input.key) : id.replace(/^prod_/, "");
  const status = input.status ?? "active";

  if (!input.translations.en) throw new UserError("translation_required", "Add the English title and handle: every market falls back to English.", 400, "translations.en");
  for (const [locale, t] of Object.entries(input.translations) as [Lang, ProductTranslationInput][]) {
    if (!t.title.trim()) throw new UserError("title_required", `Add a title in ${locale}, or leave the ${locale} translation out.`, 400, `translations.${locale}.title`);
    if (!HANDLE_RE.test(t.handle)) {
      throw new UserError("invalid_handle", `The ${locale} handle "${t.handle}" may use lowercase letters a-z, digits and single dashes only, e.g. "jun-tea-bowl".`, 400, `translations.${locale}.handle`);
    }
  }
  if (!input.variants.length) throw new UserError("variants_required", "A product needs at least one variant (SKU).", 400, "variants");
  const variantIds = input.variants.map((v) => variantIdFor(v.sku));
  for (const [i, vid] of variantIds.entries()) {
    if (!input.variants[i]!.sku.trim()) throw new UserError("sku_required", "Every variant needs a SKU.", 400, `variants.${i}.sku`);
    if (variantIds.indexOf(vid) !== i) throw new UserError("duplicate_sku", `SKU ${input.variants[i]!.sku} is used twice in this product.`, 400, `variants.${i}.sku`);
  }
  const currencies = await priceCurrencies(d);
  const locationByCode = await locationIdsByCode(d);
  const prices: VariantPriceInput[] = [];
  const stock: { variantId: string; locationId: string; onHand: number }[] = [];
  for (const [i, v] of input.variants.entries()) {
    for (const [code, value] of Object.entries(v.options)) {
      const option = input.options.find((o) => o.code === code);
      if (!option?.values.some((x) => x.code === value)) {
        throw new UserError("unknown_option_value", `Variant ${v.sku}: ${code}=${value} is not one of the product's option values.`, 400, `variants.${i}.options.${code}`);
      }
    }
    if (v.image !== undefined && !input.images[v.image]) throw new UserError("unknown_image", `Variant ${v.sku} points at image ${v.image}, which the product does not have.`, 400, `variants.${i}.image`);
    if (!Number.isInteger(v.weightGrams) || v.weightGrams < 0) throw new UserError("invalid_weight", "Weight is a whole number of grams, 0 or more.", 400, `variants.${i}.weightGrams`);
    prices.push(...parsePrices(variantIds[i]!, v.prices, v.compareAt, currencies, `variants.${i}`));
    for (const [code, onHand] of Object.entries(v.stock ?? {})) {
      const locationId = locationByCode.get(code);
      if (!locationId) throw new UserError("unknown_location", `There is no location "${code}"; use one of ${[...locationByCode.keys()].join(", ")}.`, 400, `variants.${i}.stock.${code}`);
      if (!Number.isInteger(onHand) || onHand < 0) throw new UserError("invalid_stock", "Stock is a whole number of units, 0 or more.", 400, `variants.${i}.stock.${code}`);
      stock.push({ variantId: variantIds[i]!, locationId, onHand });
    }
  }
  const collectionIds = [...new Set(input.collections.map(collectionIdFor))];
  const releasedAt = parseReleasedAt(input.releasedAt);

  const before = await loadProductRecord(id, d);
  const warnings = checkListing(input, await claimTerms(d));
  if (status === "active" && warnings.length && !opts.confirm) {
    throw new UserError("listing_warnings", `Publishing needs confirmation: the listing check found ${warnings.length} issue(s); fix them or confirm.`, 422, warnings[0]!.field, { warnings });
  }

  await d.transaction(async (tx) => {
    // Conflicts with other products, checked inside the transaction that writes.
    for (const [locale, t] of Object.entries(input.translations) as [Lang, ProductTranslationInput][]) {
      const [taken] = await tx
        .select({ productId: productTranslationsTable.productId })
        .from(productTranslationsTable)
        .where(and(eq(productTranslationsTable.locale, locale), eq(productTranslationsTable.handle, t.handle), ne(productTranslationsTable.productId, id)));
      if (taken) throw new UserError("handle_taken", `Another product already uses the ${locale} handle "${t.handle}".`, 409, `translations.${locale}.handle`);
    }
    const others = await tx
      .select({ id: productVariantsTable.id, sku: productVariantsTable.sku })
      .from(productVariantsTable)
      .where(and(inArray(productVariantsTable.id, variantIds), ne(productVariantsTable.productId, id)));
    if (others.length) {
      const i = variantIds.indexOf(others[0]!.id);
      throw new UserError("sku_taken", `SKU ${input.variants[i]!.sku} belongs to another product.`, 409, `variants.${i}.sku`);
    }
    if (collectionIds.length) {
      const found = await tx.select({ id: collectionsTable.id }).from(collectionsTable).where(inArray(collectionsTable.id, collectionIds));
      const missing = collectionIds.filter((c) => !found.some((f) => f.id === c));
      if (missing.length) throw new UserError("unknown_collection", `There is no collection ${missing.join(", ")}.`, 400, "collections");
    }
    const dropped = (before?.variants ?? []).filter((v) => !variantIds.includes(v.id));
    const reservedDropped = dropped.find((v) => Object.keys(v.reserved).length);
    if (reservedDropped) {
      throw new UserError("variant_reserved", `Variant ${reservedDropped.sku} has units reserved by a payment in progress; remove it once that payment is over.`, 409, "variants");
    }

    const publishedAt =
      input.publishedDaysAgo !== undefined
        ? new Date(now.getTime() - input.publishedDaysAgo * 86_400_000)
        : before?.publishedAt
          ? new Date(before.publishedAt)
          : status === "active"
            ? now
            : null;
    const values = {
      id,
      status,
      vendor: input.vendor,
      productType: input.productType,
      tags: input.tags,
      hsCode: input.hsCode?.trim() || null,
      countryOfOrigin: input.countryOfOrigin?.trim().toUpperCase() || null,
      salesCount: input.salesCount ?? before?.salesCount ?? 0,
      publishedAt,
      releasedAt,
      updatedAt: now,
    };
    await tx.insert(productsTable).values(values).onConflictDoUpdate({ target: productsTable.id, set: values });
    // Translations, options and images are replaced wholesale: nothing outside the product refers
    // to them by id (variants refer to an image by the id derived from its position).
    await tx.delete(productTranslationsTable).where(eq(productTranslationsTable.productId, id));
    await tx.delete(productOptionsTable).where(eq(productOptionsTable.productId, id));
    await tx.delete(productImagesTable).where(eq(productImagesTable.productId, id));
    if (dropped.length) await tx.delete(productVariantsTable).where(inArray(productVariantsTable.id, dropped.map((v) => v.id)));

    for (const [locale, t] of Object.entries(input.translations) as [Lang, ProductTranslationInput][]) {
      const cfg = searchConfigFor(locale);
      await tx.insert(productTranslationsTable).values({
        productId: id,
        locale,
        handle: t.handle,
        title: t.title,
        description: t.description,
        seoTitle: t.seoTitle || null,
        seoDescription: t.seoDescription || null,
        searchVector: sql`setweight(to_tsvector(${cfg}::regconfig, ${t.title}), 'A') || setweight(to_tsvector(${cfg}::regconfig, ${t.description}), 'B')`,
      });
      const words = latinWords(`${t.title} ${t.description}`);
      if (words.length) await tx.insert(searchWordsTable).values(words.map((word) => ({ locale, word }))).onConflictDoNothing();
    }

    for (const [i, opt] of input.options.entries()) {
      const optionId = `opt_${childKey}_${slugKey(opt.code)}`;
      await tx.insert(productOptionsTable).values({ id: optionId, productId: id, code: opt.code, position: i, names: opt.names });
      if (opt.values.length) {
        await tx.insert(productOptionValuesTable).values(
          opt.values.map((v, j) => ({
            id: `optv_${childKey}_${slugKey(opt.code)}_${slugKey(v.code)}`,
            optionId,
            code: v.code,
            position: j,
            labels: v.labels,
            swatch: v.swatch ?? null,
          })),
        );
      }
    }

    const imageIds = input.images.map((_, i) => `img_${childKey}_${i}`);
    if (input.images.length) {
      await tx.insert(productImagesTable).values(
        input.images.map((img, i) => ({ id: imageIds[i]!, productId: id, url: img.url, alt: img.alt, width: img.width, height: img.height, position: i })),
      );
    }

    for (const [i, v] of input.variants.entries()) {
      const row = {
        productId: id,
        sku: v.sku,
        position: i,
        options: v.options,
        weightGrams: v.weightGrams,
        lengthMm: v.dimensionsMm?.[0] ?? null,
        widthMm: v.dimensionsMm?.[1] ?? null,
        heightMm: v.dimensionsMm?.[2] ?? null,
        imageId: v.image !== undefined ? imageIds[v.image]! : null,
      };
      await tx.insert(productVariantsTable).values({ id: variantIds[i]!, ...row }).onConflictDoUpdate({ target: productVariantsTable.id, set: row });
    }
    await replaceVariantPrices(tx, variantIds, prices);
    const short = await setStockLevels(tx, stock);
    if (short.length) {
      const s = short[0]!;
      const i = variantIds.indexOf(s.variantId);
      const code = [...locationByCode].find(([, lid]) => lid === s.locationId)?.[0] ?? s.locationId;
      throw new UserError("stock_below_reserved", `${s.reserved} unit(s) of ${input.variants[i]!.sku} at ${code} are reserved by payments in progress; on hand cannot go below that.`, 409, `variants.${i}.stock.${code}`);
    }

    const kept = await tx.select().from(collectionProductsTable).where(eq(collectionProductsTable.productId, id));
    await tx.delete(collectionProductsTable).where(eq(collectionProductsTable.productId, id));
    if (collectionIds.length) {
      await tx.insert(collectionProductsTable).values(
        collectionIds.map((c) => ({ collectionId: c, productId: id, position: kept.find((k) => k.collectionId === c)?.position ?? 0 })),
      );
    }
  });
  if (opts.refreshPrices ?? true) await refreshMarketPrices([id], now, d);
  catalogChanged();
  return { id, before, after: await loadProductRecord(id, d), warnings };
}

/** A partial edit: fields left out keep their value; a translation set to null is removed. */
export type ProductPatch = Partial<Omit<ProductInput, "key" | "id" | "translations" | "publishedDaysAgo" | "salesCount">> & {
  translations?: Partial<Record<Lang, ProductTranslationInput | null>>;
};

export async function updateProduct(id: string, patch: ProductPatch, opts: ProductWriteOptions = {}): Promise<ProductWriteResult> {
  const current = await loadProductRecord(id, opts.db);
  if (!current) throw new UserError("product_not_found", `There is no product ${id}.`, 404);
  const translations = { ...current.translations };
  for (const [lang, t] of Object.entries(patch.translations ?? {}) as [Lang, ProductTranslationInput | null][]) {
    if (t === null) delete translations[lang];
    else translations[lang] = t;
  }
  // Stock is written by what the patch names: without variants, the stored levels stay as they are.
  const variants = (patch.variants ?? current.variants.map(({ stock: _s, reserved: _r, id: _i, ...v }) => v)) as VariantInput[];
  const { id: _id, salesCount: _sc, publishedAt: _pa, updatedAt: _ua, ...base } = current;
  return upsertProduct({ ...base, ...patch, id, translations, variants }, opts);
}

/** The public release time of a product input: null (released) or an ISO 8601 date and time. */
function parseReleasedAt(raw: string | null | undefined): Date | null {
  if (raw === null || raw === undefined || raw.trim() === "") return null;
  const at = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) || Number.isNaN(at.getTime())) {
    throw new UserError("invalid_release_time", `The release time "${raw}" is not an ISO 8601 date and time such as 2027-03-01T09:00:00Z; leave it empty for a product on sale now.`, 400, "releasedAt");
  }
  return at;
}

/**
 * Deletes a product and everything that hangs off it (variants, prices, stock). Orders keep their
 * own copy of what was sold. Refused while a payment in progress holds units of it: archive instead.
 */
export async function deleteProduct(id: string, db?: Db): Promise<WriteResult<ProductRecord>> {
  const d = db ?? (await getDb());
  const before = await loadProductRecord(id, d);
  if (!before) throw new UserError("product_not_found", `There is no product ${id}.`, 404);
  if (before.variants.some((v) => Object.keys(v.reserved).length)) {
    throw new UserError("product_reserved", "Units of this product are reserved by a payment in progress; archive it now and delete it later.", 409);
  }
  await d.delete(productsTable).where(eq(productsTable.id, id));
  catalogChanged();
  return { id, before, after: null };
}

// ---------------------------------------------------------------------------------------------
// Product images one at a time (the Admin API's upload). Image ids follow the product write's rule,
// `img_<product key>_<position>`, so a later full write of the product keeps them as long as the
// images keep their order; removing one renumbers those after it, like deleting from a list.
// ---------------------------------------------------------------------------------------------

export interface ProductImageRecord {
  id: string;
  productId: string;
  url: string;
  alt: Record<string, string>;
  width: number;
  height: number;
  position: number;
}

const imageIdFor = (productId: string, position: number) => `img_${productId.replace(/^prod_/, "")}_${position}`;

async function productImages(productId: string, db: Db): Promise<ProductImageRecord[]> {
  const rows = await db.select().from(productImagesTable).where(eq(productImagesTable.productId, productId)).orderBy(asc(productImagesTable.position));
  return rows.map((r) => ({ id: r.id, productId: r.productId, url: r.url, alt: r.alt as Record<string, string>, width: r.width, height: r.height, position: r.position }));
}

/** Adds an already stored image (see `uploadProductImage`) as the product's last image. */
export async function addProductImage(
  productId: string,
  image: { url: string; width: number; height: number; alt?: Partial<Record<Lang, string>> },
  db: Db,
): Promise<WriteResult<ProductImageRecord>> {
  // Row lock: two uploads at once must not take the same position.
  const [product] = await db.select({ id: productsTable.id }).from(productsTable).where(eq(productsTable.id, productId)).for("update");
  if (!product) throw new UserError("unknown_product", `There is no product ${productId}.`, 422, "id");
  const position = (await productImages(productId, db)).length;
  const row = { id: imageIdFor(productId, position), productId, url: image.url, alt: image.alt ?? {}, width: image.width, height: image.height, position };
  await db.insert(productImagesTable).values(row);
  await db.update(productsTable).set({ updatedAt: new Date() }).where(eq(productsTable.id, productId));
  catalogChanged();
  return { id: row.id, before: null, after: row as ProductImageRecord };
}

/**
 * Removes one image; variants that showed it show none, and the images after it move up one
 * position (and id). The caller deletes the file once the transaction has committed.
 */
export async function removeProductImage(productId: string, imageId: string, db: Db): Promise<WriteResult<ProductImageRecord>> {
  const [product] = await db.select({ id: productsTable.id }).from(productsTable).where(eq(productsTable.id, productId)).for("update");
  if (!product) throw new UserError("product_not_found", `There is no product ${productId}.`, 404, "id");
  const images = await productImages(productId, db);
  const at = images.findIndex((i) => i.id === imageId);
  if (at < 0) throw new UserError("image_not_found", `Product ${productId} has no image ${imageId}.`, 404, "imageId");
  const removed = images[at]!;
  await db.delete(productImagesTable).where(eq(productImagesTable.id, removed.id));
  await db.update(productVariantsTable).set({ imageId: null }).where(and(eq(productVariantsTable.productId, productId), eq(productVariantsTable.imageId, removed.id)));
  // Ascending, so each new id is free by the time it is taken.
  for (const img of images.slice(at + 1)) {
    const id = imageIdFor(productId, img.position - 1);
    await db.update(productImagesTable).set({ id, position: img.position - 1 }).where(eq(productImagesTable.id, img.id));
    await db.update(productVariantsTable).set({ imageId: id }).where(and(eq(productVariantsTable.productId, productId), eq(productVariantsTable.imageId, img.id)));
  }
  await db.update(productsTable).set({ updatedAt: new Date() }).where(eq(productsTable.id, productId));
  catalogChanged();
  return { id: removed.id, before: removed, after: null };
}

async function requireVariant(productId: string, variantId: string, db: Db) {
  const [v] = await db.select({ id: productVariantsTable.id, sku: productVariantsTable.sku }).from(productVariantsTable).where(and(eq(productVariantsTable.id, variantId), eq(productVariantsTable.productId, productId)));
  if (!v) throw new UserError("variant_not_found", `Product ${productId} has no variant ${variantId}.`, 404);
  return v;
}

export type VariantPrices = Record<string, { amount: string; compareAt: string | null }>;

const pricesByCurrency = (rows: VariantPriceInput[]): VariantPrices =>
  Object.fromEntries(rows.map((r) => [r.currency, { amount: toDecimalString(r.amount, r.currency), compareAt: r.compareAt === null ? null : toDecimalString(r.compareAt, r.currency) }]));

/** Replaces one variant's explicit prices (all currencies at once) and refreshes its market prices. */
export async function setVariantPrices(productId: string, variantId: string, prices: VariantPrices, db?: Db): Promise<WriteResult<VariantPrices>> {
  const d = db ?? (await getDb());
  await requireVariant(productId, variantId, d);
  const rows = parsePrices(
    variantId,
    Object.fromEntries(Object.entries(prices).map(([c, p]) => [c, p.amount])),
    Object.fromEntries(Object.entries(prices).flatMap(([c, p]) => (p.compareAt ? [[c, p.compareAt]] : []))),
    await priceCurrencies(d),
    "prices",
  );
  const before = pricesByCurrency(await getVariantPrices([variantId], d));
  await d.transaction((tx) => replaceVariantPrices(tx, [variantId], rows));
  await refreshMarketPrices([productId], new Date(), d);
  return { id: variantId, before, after: pricesByCurrency(await getVariantPrices([variantId], d)) };
}

export interface StockLevel {
  onHand: number;
  reserved: number;
}

/** Sets the units on hand of one variant at one location (by location code). */
export async function setStockLevel(variantId: string, location: string, onHand: number, db?: Db): Promise<WriteResult<StockLevel>> {
  const d = db ?? (await getDb());
  const [variant] = await d.select({ id: productVariantsTable.id }).from(productVariantsTable).where(eq(productVariantsTable.id, variantId));
  if (!variant) throw new UserError("variant_not_found", `There is no variant ${variantId}.`, 404);
  const locationId = (await locationIdsByCode(d)).get(location);
  if (!locationId) throw new UserError("location_not_found", `There is no location "${location}".`, 404);
  if (!Number.isInteger(onHand) || onHand < 0) throw new UserError("invalid_stock", "Stock is a whole number of units, 0 or more.", 400, "onHand");
  const level = async () => {
    const row = (await getStockLevels([variantId], d)).find((s) => s.location === location);
    return { onHand: row?.onHand ?? 0, reserved: row?.reserved ?? 0 };
  };
  const before = await level();
  await d.transaction(async (tx) => {
    const short = await setStockLevels(tx, [{ variantId, locationId, onHand }]);
    if (short.length) throw new UserError("stock_below_reserved", `${short[0]!.reserved} unit(s) are reserved by payments in progress; on hand cannot go below that.`, 409, "onHand");
  });
  catalogChanged();
  return { id: `${variantId}@${location}`, before, after: await level() };
}

export interface MarketPricePreview {
  market: string;
  name: string;
  currency: string;
  variants: { variantId: string; sku: string; price: Money; compareAt: Money | null; source: "list" | "converted" }[];
}

/**
 * The shelf price of each variant in every enabled market, from the stored prices or from `draft`
 * (the variants of an unsaved form): explicit prices win, other currencies are converted from the
 * base price with the FX rate and the market's rounding rule.
 */
export async function previewMarketPrices(productId: string, draft?: Pick<VariantInput, "sku" | "prices" | "compareAt">[], db?: Db): Promise<MarketPricePreview[]> {
  const d = db ?? (await getDb());
  let variants: { id: string; sku: string; productId: string }[];
  let given: VariantPriceInput[] | undefined;
  if (draft) {
    const currencies = await priceCurrencies(d);
    variants = draft.map((v) => ({ id: variantIdFor(v.sku), sku: v.sku, productId }));
    given = draft.flatMap((v, i) => parsePrices(variants[i]!.id, v.prices, v.compareAt, currencies, `variants.${i}`));
  } else {
    variants = await d.select({ id: productVariantsTable.id, sku: productVariantsTable.sku, productId: productVariantsTable.productId }).from(productVariantsTable).where(eq(productVariantsTable.productId, productId)).orderBy(asc(productVariantsTable.position));
    if (!variants.length && !(await loadProductRecord(productId, d))) throw new UserError("product_not_found", `There is no product ${productId}.`, 404);
  }
  const rows = await computeMarketPrices(variants, given, d);
  const config = await getStoreConfig(d);
  return config.markets.map((m) => ({
    market: m.handle,
    name: m.name,
    currency: m.currency,
    variants: rows
      .filter((r) => r.market === m.handle)
      .map((r) => ({
        variantId: r.variantId,
        sku: variants.find((v) => v.id === r.variantId)!.sku,
        price: { amount: r.amount, currency: r.currency },
        compareAt: r.compareAt === null ? null : { amount: r.compareAt, currency: r.currency },
        source: r.source,
      })),
  }));
}

/**
 * Rebuilds the market prices of the given products (or of the whole catalog) from their explicit
 * prices: after a catalog write (inside its transaction: pass it as `executor`), or a change to FX
 * rates or markets.
 */
export async function refreshMarketPrices(productIds?: string[], now = new Date(), executor?: Db): Promise<number> {
  const db = executor ?? (await getDb());
  const variants = await db
    .select({ id: productVariantsTable.id, productId: productVariantsTable.productId })
    .from(productVariantsTable)
    .where(productIds ? inArray(productVariantsTable.productId, productIds) : undefined);
  const rebuilt = await rebuildMarketPrices(variants, productIds, now, db);
  catalogChanged();
  return rebuilt;
}

// ---------------------------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------------------------

export interface CollectionRecord extends CollectionInput {
  id: string;
  position: number;
  imageUrl: string | null;
  productIds: string[];
}

export async function loadCollectionRecord(id: string, db?: Db): Promise<CollectionRecord | null> {
  const d = db ?? (await getDb());
  const [c] = await d.select().from(collectionsTable).where(eq(collectionsTable.id, id));
  if (!c) return null;
  const [translations, products] = await Promise.all([
    d.select().from(collectionTranslationsTable).where(eq(collectionTranslationsTable.collectionId, id)),
    d.select({ id: collectionProductsTable.productId }).from(collectionProductsTable).where(eq(collectionProductsTable.collectionId, id)).orderBy(asc(collectionProductsTable.position), asc(collectionProductsTable.productId)),
  ]);
  return {
    id,
    position: c.position,
    imageUrl: c.imageUrl,
    translations: Object.fromEntries(translations.map((t) => [t.locale, { title: t.title, handle: t.handle, description: t.description }])),
    productIds: products.map((p) => p.id),
  };
}

/**
 * Creates or replaces a collection and its translations; with `productIds`, also its products in
 * that order (products left out leave the collection).
 */
export async function upsertCollection(
  input: CollectionInput & { productIds?: string[] },
  opts: { position?: number; db?: Db } = {},
): Promise<WriteResult<CollectionRecord>> {
  const d = opts.db ?? (await getDb());
  if (!input.id && !input.key) throw new UserError("invalid_collection", "A collection needs an id or a key.", 400, "id");
  const id = input.id ?? collectionIdFor(input.key!);
  if (!input.translations.en) throw new UserError("translation_required", "Add the English title and handle: every market falls back to English.", 400, "translations.en");
  for (const [locale, t] of Object.entries(input.translations) as [Lang, { title: string; handle: string }][]) {
    if (!t.title.trim()) throw new UserError("title_required", `Add a title in ${locale}, or leave the ${locale} translation out.`, 400, `translations.${locale}.title`);
    if (!HANDLE_RE.test(t.handle)) {
      throw new UserError("invalid_handle", `The ${locale} handle "${t.handle}" may use lowercase letters a-z, digits and single dashes only.`, 400, `translations.${locale}.handle`);
    }
  }
  const before = await loadCollectionRecord(id, d);
  const position = opts.position ?? before?.position ?? 0;
  await d.transaction(async (tx) => {
    for (const [locale, t] of Object.entries(input.translations) as [Lang, { handle: string }][]) {
      const [taken] = await tx
        .select({ id: collectionTranslationsTable.collectionId })
        .from(collectionTranslationsTable)
        .where(and(eq(collectionTranslationsTable.locale, locale), eq(collectionTranslationsTable.handle, t.handle), ne(collectionTranslationsTable.collectionId, id)));
      if (taken) throw new UserError("handle_taken", `Another collection already uses the ${locale} handle "${t.handle}".`, 409, `translations.${locale}.handle`);
    }
    const imageUrl = input.imageUrl ?? null;
    await tx.insert(collectionsTable).values({ id, position, imageUrl }).onConflictDoUpdate({ target: collectionsTable.id, set: { position, imageUrl } });
    await tx.delete(collectionTranslationsTable).where(eq(collectionTranslationsTable.collectionId, id));
    await tx.insert(collectionTranslationsTable).values(
      (Object.entries(input.translations) as [Lang, { title: string; handle: string; description: string }][]).map(([locale, t]) => ({
        collectionId: id,
        locale,
        handle: t.handle,
        title: t.title,
        description: t.description,
      })),
    );
    if (input.productIds) {
      const ids = [...new Set(input.productIds)];
      if (ids.length) {
        const found = await tx.select({ id: productsTable.id }).from(productsTable).where(inArray(productsTable.id, ids));
        const missing = ids.filter((p) => !found.some((f) => f.id === p));
        if (missing.length) throw new UserError("unknown_product", `There is no product ${missing.join(", ")}.`, 400, "productIds");
      }
      await tx.delete(collectionProductsTable).where(eq(collectionProductsTable.collectionId, id));
      if (ids.length) await tx.insert(collectionProductsTable).values(ids.map((productId, i) => ({ collectionId: id, productId, position: i })));
    }
  });
  catalogChanged();
  return { id, before, after: await loadCollectionRecord(id, d) };
}

/** Deletes a collection; its products stay in the catalog. */
export async function deleteCollection(id: string, db?: Db): Promise<WriteResult<CollectionRecord>> {
  const d = db ?? (await getDb());
  const before = await loadCollectionRecord(id, d);
  if (!before) throw new UserError("collection_not_found", `There is no collection ${id}.`, 404);
  await d.delete(collectionsTable).where(eq(collectionsTable.id, id));
  catalogChanged();
  return { id, before, after: null };
}
