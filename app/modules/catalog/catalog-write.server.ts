import { eq, inArray, sql } from "drizzle-orm";
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
import { clearCache } from "~/lib/cache.server";
import { parseDecimal } from "~/lib/money";
import { invalidatePageCaches } from "~/lib/page-cache.server";
import { insertStockLevels, locationIdsByCode } from "../inventory/inventory.server";
import { insertVariantPrices, rebuildMarketPrices } from "../pricing/pricing.server";
import type { CollectionInput, ProductInput } from "./catalog-input";
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

export async function upsertCollection(input: CollectionInput, position = 0, db?: Db): Promise<string> {
  const d = db ?? (await getDb());
  const id = `col_${slugKey(input.key)}`;
  await d.transaction(async (tx) => {
    await tx
      .insert(collectionsTable)
      .values({ id, position, imageUrl: input.imageUrl ?? null })
      .onConflictDoUpdate({ target: collectionsTable.id, set: { position, imageUrl: input.imageUrl ?? null } });
    await tx.delete(collectionTranslationsTable).where(eq(collectionTranslationsTable.collectionId, id));
    await tx.insert(collectionTranslationsTable).values(
      Object.entries(input.translations).map(([locale, t]) => {
        if (!HANDLE_RE.test(t.handle)) throw new Error(`Collection ${input.key}: invalid ${locale} handle "${t.handle}"`);
        return { collectionId: id, locale, handle: t.handle, title: t.title, description: t.description };
      }),
    );
  });
  catalogChanged();
  return id;
}

/**
 * Creates or replaces a product with its translations, options, variants, prices, images, stock
 * and collection memberships. The single write path for catalog content (seed, imports, admin).
 * Callers refresh market prices afterwards (refreshMarketPrices).
 */
export async function upsertProduct(input: ProductInput, db?: Db, now = new Date()): Promise<string> {
  const d = db ?? (await getDb());
  const id = `prod_${slugKey(input.key)}`;
  const locationByCode = await locationIdsByCode(d);
  await d.transaction(async (tx) => {
    const values = {
      id,
      status: input.status ?? "active",
      vendor: input.vendor,
      productType: input.productType,
      tags: input.tags,
      hsCode: input.hsCode,
      countryOfOrigin: input.countryOfOrigin,
      salesCount: input.salesCount,
      publishedAt: new Date(now.getTime() - input.publishedDaysAgo * 86_400_000),
      updatedAt: now,
    };
    await tx.insert(productsTable).values(values).onConflictDoUpdate({ target: productsTable.id, set: values });
    // Children are replaced wholesale: simpler and safe because nothing references them by id yet
    // except inventory/prices, which are rewritten below from the same input.
    await tx.delete(productTranslationsTable).where(eq(productTranslationsTable.productId, id));
    await tx.delete(productOptionsTable).where(eq(productOptionsTable.productId, id));
    await tx.delete(productImagesTable).where(eq(productImagesTable.productId, id));
    await tx.delete(productVariantsTable).where(eq(productVariantsTable.productId, id));
    await tx.delete(collectionProductsTable).where(eq(collectionProductsTable.productId, id));

    for (const [locale, t] of Object.entries(input.translations)) {
      if (!HANDLE_RE.test(t.handle)) throw new Error(`Product ${input.key}: invalid ${locale} handle "${t.handle}"`);
      const cfg = searchConfigFor(locale);
      await tx.insert(productTranslationsTable).values({
        productId: id,
        locale,
        handle: t.handle,
        title: t.title,
        description: t.description,
        seoTitle: t.seoTitle ?? null,
        seoDescription: t.seoDescription ?? null,
        searchVector: sql`setweight(to_tsvector(${cfg}::regconfig, ${t.title}), 'A') || setweight(to_tsvector(${cfg}::regconfig, ${t.description}), 'B')`,
      });
      const words = latinWords(`${t.title} ${t.description}`);
      if (words.length) await tx.insert(searchWordsTable).values(words.map((word) => ({ locale, word }))).onConflictDoNothing();
    }

    for (const [i, opt] of input.options.entries()) {
      const optionId = `opt_${slugKey(input.key)}_${slugKey(opt.code)}`;
      await tx.insert(productOptionsTable).values({ id: optionId, productId: id, code: opt.code, position: i, names: opt.names });
      await tx.insert(productOptionValuesTable).values(
        opt.values.map((v, j) => ({
          id: `optv_${slugKey(input.key)}_${slugKey(opt.code)}_${slugKey(v.code)}`,
          optionId,
          code: v.code,
          position: j,
          labels: v.labels,
          swatch: v.swatch ?? null,
        })),
      );
    }

    const imageIds = input.images.map((_, i) => `img_${slugKey(input.key)}_${i}`);
    if (input.images.length) {
      await tx.insert(productImagesTable).values(
        input.images.map((img, i) => ({
          id: imageIds[i]!,
          productId: id,
          url: img.url,
          alt: img.alt,
          width: img.width,
          height: img.height,
          position: i,
        })),
      );
    }

    for (const [i, v] of input.variants.entries()) {
      const variantId = `var_${slugKey(v.sku)}`;
      for (const [code, value] of Object.entries(v.options)) {
        const option = input.options.find((o) => o.code === code);
        if (!option?.values.some((x) => x.code === value)) {
          throw new Error(`Product ${input.key}, variant ${v.sku}: unknown option ${code}=${value}`);
        }
      }
      await tx.insert(productVariantsTable).values({
        id: variantId,
        productId: id,
        sku: v.sku,
        position: i,
        options: v.options,
        weightGrams: v.weightGrams,
        lengthMm: v.dimensionsMm?.[0] ?? null,
        widthMm: v.dimensionsMm?.[1] ?? null,
        heightMm: v.dimensionsMm?.[2] ?? null,
        imageId: v.image !== undefined ? (imageIds[v.image] ?? null) : null,
      });
      const prices = Object.entries(v.prices).map(([currency, amount]) => ({
        variantId,
        currency,
        amount: parseDecimal(amount!, currency),
        compareAt: v.compareAt?.[currency as keyof typeof v.compareAt]
          ? parseDecimal(v.compareAt[currency as keyof typeof v.compareAt]!, currency)
          : null,
      }));
      await insertVariantPrices(tx, prices);
      const stock = Object.entries(v.stock).map(([code, onHand]) => {
        const locationId = locationByCode.get(code);
        if (!locationId) throw new Error(`Product ${input.key}, variant ${v.sku}: unknown location "${code}"`);
        return { variantId, locationId, onHand };
      });
      await insertStockLevels(tx, stock);
    }

    if (input.collections.length) {
      await tx.insert(collectionProductsTable).values(
        input.collections.map((c) => ({ collectionId: `col_${slugKey(c)}`, productId: id, position: 0 })),
      );
    }
  });
  catalogChanged();
  return id;
}

/**
 * Rebuilds the market prices of the given products (or of the whole catalog) from their explicit
 * prices: after a catalog write, or a change to FX rates or markets.
 */
export async function refreshMarketPrices(productIds?: string[], now = new Date()): Promise<number> {
  const db = await getDb();
  const variants = await db
    .select({ id: productVariantsTable.id, productId: productVariantsTable.productId })
    .from(productVariantsTable)
    .where(productIds ? inArray(productVariantsTable.productId, productIds) : undefined);
  const changed = await rebuildMarketPrices(variants, productIds, now);
  catalogChanged();
  return changed;
}
