import { and, asc, eq, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "~db/index";
import { rowsOf } from "~db/rows";
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
} from "~db/schema/catalog";
import { cached } from "~/lib/cache.server";
import { now } from "~/lib/clock.server";
import { isEuMemberState } from "~/lib/eu";
import type { Money } from "~/lib/money";
import { getAvailability, getLocations, variantsInStockSql } from "../inventory/inventory.server";
import { locationsServing } from "../inventory/delivery";
import type { Market } from "../markets/markets";
import { getStoreConfig } from "../markets/markets.server";
import { getLowestPriorPrices, getProductMarketPrices, productPriceRangesSql, type MarketPrice } from "../pricing/pricing.server";
import { asCharged, singleItemTermsFor } from "../pricing/single-item.server";
import type {
  CollectionView,
  Facets,
  OptionView,
  ProductCard,
  ProductDetail,
  SortKey,
  VariantView,
} from "./catalog";
import { isReleased, orderFacetValues, PUBLIC_VIEWER, type CatalogViewer } from "./catalog";
import { HANDLE_RE, pickTranslation, searchConfigFor } from "./locale";
import { latinWords, osaDistance, typoBudget } from "./typos";

export * from "./catalog";

function localized(map: Record<string, string> | null | undefined, chain: string[]): string {
  if (!map) return "";
  return pickTranslation(map, chain) ?? Object.values(map)[0] ?? "";
}

/** Per-row text-search config, matching how each translation's vector was built. */
function rowSearchConfig(localeColumn: SQL): SQL {
  const langs = ["en", "fr", "de", "es", "pt", "ar", "ja"];
  const cases = langs.map((l) => sql`when ${l} then ${searchConfigFor(l)}`);
  return sql`(case split_part(${localeColumn}, '-', 1) ${sql.join(cases, sql` `)} else 'simple' end)::regconfig`;
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ListParams {
  market: Market;
  collectionId?: string;
  q?: string;
  /** option code → accepted value codes (a product matches when one variant matches all). */
  options?: Record<string, string[]>;
  priceMin?: bigint;
  priceMax?: bigint;
  available?: boolean;
  sort: SortKey;
  limit: number;
  offset: number;
  /** Default: the public, who do not see products before their release. */
  viewer?: CatalogViewer;
}

/** SQL: products `alias` the viewer may see by release time (the clock's now, so tests can move it). */
function releasedFor(viewer: CatalogViewer | undefined, alias: SQL): SQL {
  if (viewer?.earlyAccess) return sql`true`;
  return sql`(${alias}.released_at is null or ${alias}.released_at <= ${now().toISOString()}::timestamptz)`;
}

/** The same rule for drizzle's query builder. */
function releasedWhere(viewer: CatalogViewer): SQL | undefined {
  return viewer.earlyAccess ? undefined : or(isNull(productsTable.releasedAt), lte(productsTable.releasedAt, now()));
}

/** The cache key part of a read that depends on the viewer. */
export function viewerKey(viewer: CatalogViewer | undefined): string {
  return viewer?.earlyAccess ? "early" : "public";
}

export interface ListResult {
  items: ProductCard[];
  total: number;
}

async function servingLocations(market: Market): Promise<string[]> {
  return locationsServing(await getLocations(), market.country);
}

/** Catalog words within the typo budget of each Latin-script query word (see typos.ts). */
/** Listing and facets ask for the same query side by side: look the corrections up once. */
function typoCorrections(q: string, chain: string[]): Promise<Map<string, string[]>> {
  return cached(`typo|${chain.join(",")}|${q}`, () => lookupTypoCorrections(q, chain));
}

async function lookupTypoCorrections(q: string, chain: string[]): Promise<Map<string, string[]>> {
  const corrections = new Map<string, string[]>();
  const words = latinWords(q).filter((w) => typoBudget(w) > 0);
  if (!words.length) return corrections;
  const db = await getDb();
  await Promise.all(
    words.map(async (w) => {
      const budget = typoBudget(w);
      const len = [...w].length;
      // Trigram similarity only orders and bounds the candidates; the edit distance decides.
      const rows = rowsOf<{ word: string }>(
        await db.execute(sql`
          select word from search_words
          where locale in ${chainList(chain)}
            and char_length(word) between ${len - budget} and ${len + budget}
            and word <> ${w}
            and similarity(word, ${w}) > 0
          group by word
          order by max(similarity(word, ${w})) desc
          limit ${TYPO_CANDIDATES}`),
      );
      const near = rows.map((r) => r.word).filter((c) => osaDistance(w, c, budget) <= budget);
      if (near.length) corrections.set(w, near);
    }),
  );
  return corrections;
}

const TYPO_CANDIDATES = 200;
/** Added to the score of rows that match the query as typed, so they rank above typo matches. */
const EXACT_MATCH_TIER = 10;

/** The query with every corrected word replaced by "word or its corrections". */
function typoTolerantQuery(q: string, corrections: Map<string, string[]>, cfg: SQL): SQL | null {
  if (!corrections.size) return null;
  const terms = q.toLocaleLowerCase("und").normalize("NFC").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const groups = terms.map((term) => {
    const variants = [term, ...(corrections.get(term) ?? [])];
    return sql`(${sql.join(variants.map((v) => sql`plainto_tsquery(${cfg}, ${v})`), sql` || `)})`;
  });
  return sql`(${sql.join(groups, sql` && `)})`;
}

/** The set of active products in scope (collection and/or search), before shopper filters. */
function scopeCte(p: Pick<ListParams, "market" | "collectionId" | "q" | "viewer">, corrections: Map<string, string[]>): SQL {
  const chain = p.market.localeFallback;
  const parts: SQL[] = [];
  if (p.q) {
    const q = p.q;
    const pattern = `%${escapeLike(q)}%`;
    const cfg = rowSearchConfig(sql`t.locale`);
    const exact = sql`(t.search_vector @@ websearch_to_tsquery(${cfg}, ${q})
          or t.title ilike ${pattern}
          or t.description ilike ${pattern})`;
    const fuzzy = typoTolerantQuery(q, corrections, cfg);
    parts.push(sql`search as (
      select t.product_id,
        max(case when ${exact} then ${EXACT_MATCH_TIER} else 0 end
          + ts_rank(t.search_vector, websearch_to_tsquery(${cfg}, ${q})) * 2
          ${fuzzy ? sql`+ ts_rank(t.search_vector, ${fuzzy})` : sql``}
          + word_similarity(${q}, t.title)
          + case when t.title ilike ${pattern} then 1 else 0 end) as score
      from product_translations t
      where t.locale in ${chainList(chain)}
        and (${exact} or word_similarity(${q}, t.title) >= 0.45 ${fuzzy ? sql`or t.search_vector @@ ${fuzzy}` : sql``})
      group by t.product_id)`);
  }
  parts.push(sql`scope as (
    select p.id, p.sales_count, p.published_at,
      ${p.collectionId ? sql`cp.position` : sql`0`} as position,
      ${p.q ? sql`s.score` : sql`0::real`} as score
    from products p
    ${p.collectionId ? sql`join collection_products cp on cp.product_id = p.id and cp.collection_id = ${p.collectionId}` : sql``}
    ${p.q ? sql`join search s on s.product_id = p.id` : sql``}
    where p.status = 'active' and ${releasedFor(p.viewer, sql`p`)})`);
  return sql.join(parts, sql`, `);
}

function chainList(chain: string[]): SQL {
  return sql`(${sql.join(chain.map((c) => sql`${c}`), sql`, `)})`;
}

function idList(ids: string[]): SQL {
  if (!ids.length) return sql`(null)`;
  return sql`(${sql.join(ids.map((c) => sql`${c}`), sql`, `)})`;
}

export async function listProducts(p: ListParams): Promise<ListResult> {
  const db = await getDb();
  const corrections = p.q ? await typoCorrections(p.q, p.market.localeFallback) : new Map<string, string[]>();
  const locs = await servingLocations(p.market);
  const where: SQL[] = [];
  for (const [code, values] of Object.entries(p.options ?? {})) {
    if (!values.length) continue;
    where.push(sql`(v.options ->> ${code}) in ${idList(values)}`);
  }
  const variantFilter = where.length
    ? sql`and exists (select 1 from product_variants v where v.product_id = scope.id and ${sql.join(where, sql` and `)})`
    : sql``;
  const order: Record<SortKey, SQL> = {
    featured: sql`scope.position asc, scope.sales_count desc, scope.id asc`,
    "best-selling": sql`scope.sales_count desc, scope.id asc`,
    newest: sql`scope.published_at desc nulls last, scope.id asc`,
    "price-asc": sql`price.min_amount asc, scope.id asc`,
    "price-desc": sql`price.min_amount desc, scope.id asc`,
    relevance: p.q ? sql`scope.score desc, scope.sales_count desc, scope.id asc` : sql`scope.sales_count desc, scope.id asc`,
  };
  const result = await db.execute(sql`
    with ${scopeCte(p, corrections)},
    price as (${productPriceRangesSql(p.market.handle)}),
    avail as (
      select v.product_id, true as available
      from product_variants v
      where v.id in (${variantsInStockSql(locs)})
      group by v.product_id)
    select scope.id, count(*) over () as total
    from scope
    join price on price.product_id = scope.id
    left join avail on avail.product_id = scope.id
    where true
      ${variantFilter}
      ${p.priceMin !== undefined ? sql`and price.min_amount >= ${p.priceMin}` : sql``}
      ${p.priceMax !== undefined ? sql`and price.min_amount <= ${p.priceMax}` : sql``}
      ${p.available ? sql`and coalesce(avail.available, false)` : sql``}
    order by ${order[p.sort]}
    limit ${p.limit} offset ${p.offset}`);
  const rows = rowsOf<{ id: string; total: string | number }>(result);
  const total = rows.length ? Number(rows[0]!.total) : p.offset > 0 ? await countScope(p) : 0;
  const cards = await productCards(
    p.market,
    rows.map((r) => r.id),
  );
  return { items: cards, total };
}

async function countScope(p: ListParams): Promise<number> {
  // Only reached for a page past the end; the count tells the UI how many pages there are.
  const again = await listProducts({ ...p, offset: 0, limit: 1 });
  return again.total;
}

/**
 * The EU price-reduction rule (Article 6a of Directive 98/6/EC): where a compare-at price is shown in a
 * market of an EU member state, the lowest price of the 30 days before the reduction is shown beside it.
 */
async function priorLowestPrices(market: Market, prices: { variantId: string; compareAt: bigint | null }[]): Promise<Map<string, bigint>> {
  if (!isEuMemberState(market.country)) return new Map();
  return getLowestPriorPrices(
    market.handle,
    prices.filter((p) => p.compareAt !== null).map((p) => p.variantId),
  );
}

/** Cards for the given product ids, in that order. */
async function productCards(market: Market, ids: string[]): Promise<ProductCard[]> {
  if (!ids.length) return [];
  const db = await getDb();
  const chain = market.localeFallback;
  const [translations, images, prices, variants] = await Promise.all([
    db
      .select({
        productId: productTranslationsTable.productId,
        locale: productTranslationsTable.locale,
        handle: productTranslationsTable.handle,
        title: productTranslationsTable.title,
      })
      .from(productTranslationsTable)
      .where(inArray(productTranslationsTable.productId, ids)),
    db
      .select()
      .from(productImagesTable)
      .where(and(inArray(productImagesTable.productId, ids), eq(productImagesTable.position, 0))),
    getProductMarketPrices(market.handle, ids),
    db
      .select({ id: productVariantsTable.id, productId: productVariantsTable.productId })
      .from(productVariantsTable)
      .where(inArray(productVariantsTable.productId, ids)),
  ]);
  const locs = new Set(await servingLocations(market));
  const stock = await getAvailability(variants.map((v) => v.id));
  const available = new Set<string>();
  for (const v of variants) {
    const byLoc = stock.get(v.id);
    if (byLoc && [...byLoc].some(([loc, n]) => locs.has(loc) && n > 0)) available.add(v.productId);
  }
  // A card shows what the product page shows for one unit: the checkout's charge, which leaves out VAT
  // that is not collected (an import above the low-value threshold, duties and VAT due on delivery).
  const terms = await singleItemTermsFor(
    market,
    prices.map((p) => ({ id: p.variantId, price: p.amount, stockByLocation: Object.fromEntries([...(stock.get(p.variantId) ?? [])].filter(([loc]) => locs.has(loc))) })),
  );
  const charged = (p: MarketPrice) => terms.get(p.variantId)?.charged ?? p.amount;
  const byProduct = new Map<string, Map<string, { handle: string; title: string }>>();
  for (const t of translations) {
    let m = byProduct.get(t.productId);
    if (!m) byProduct.set(t.productId, (m = new Map()));
    m.set(t.locale, { handle: t.handle, title: t.title });
  }
  const cheapestOf = (id: string) => {
    const ps = prices.filter((x) => x.productId === id);
    return ps.length ? ps.reduce((a, b) => (charged(b) < charged(a) ? b : a)) : null;
  };
  const priorLowest = await priorLowestPrices(
    market,
    ids.map(cheapestOf).filter((p) => p !== null),
  );
  const money = (amount: bigint): Money => ({ amount, currency: market.currency });
  const cards: ProductCard[] = [];
  for (const id of ids) {
    const t = pickTranslation(byProduct.get(id) ?? new Map(), chain);
    const ps = prices.filter((x) => x.productId === id);
    if (!t || !ps.length) continue;
    const cheapest = ps.reduce((a, b) => (charged(b) < charged(a) ? b : a));
    const dearest = ps.reduce((a, b) => (charged(b) > charged(a) ? b : a));
    const onCharge = (amount: bigint | null | undefined) => (amount === null || amount === undefined ? null : asCharged(money(amount), cheapest.amount, charged(cheapest)));
    const img = images.find((i) => i.productId === id);
    cards.push({
      id,
      handle: t.handle,
      title: t.title,
      image: img ? { url: img.url, alt: localized(img.alt, chain) || t.title, width: img.width, height: img.height } : null,
      price: money(charged(cheapest)),
      priceMax: money(charged(dearest)),
      compareAt: onCharge(cheapest.compareAt),
      priorLowest: onCharge(priorLowest.get(cheapest.variantId)),
      available: available.has(id),
    });
  }
  return cards;
}

/** Option values and price range across the products in scope, for collection/search filters. */
export async function getFacets(p: Pick<ListParams, "market" | "collectionId" | "q" | "viewer">): Promise<Facets> {
  const db = await getDb();
  const chain = p.market.localeFallback;
  const corrections = p.q ? await typoCorrections(p.q, chain) : new Map<string, string[]>();
  const result = await db.execute(sql`
    with ${scopeCte(p, corrections)}
    select o.code as option_code, o.names, ov.code as value_code, ov.labels, ov.swatch, o.position as opos, ov.position as vpos,
      (select count(distinct v.product_id) from product_variants v where v.product_id = scope.id and (v.options ->> o.code) = ov.code) as n
    from scope
    join product_options o on o.product_id = scope.id
    join product_option_values ov on ov.option_id = o.id
    order by o.position, ov.position`);
  const rows = rowsOf<{
    option_code: string;
    names: Record<string, string> | string;
    value_code: string;
    labels: Record<string, string> | string;
    swatch: string | null;
    n: number | string;
  }>(result);
  const options = new Map<string, { code: string; name: string; values: Map<string, Facets["options"][number]["values"][number]> }>();
  for (const r of rows) {
    const names = typeof r.names === "string" ? JSON.parse(r.names) : r.names;
    const labels = typeof r.labels === "string" ? JSON.parse(r.labels) : r.labels;
    let o = options.get(r.option_code);
    if (!o) options.set(r.option_code, (o = { code: r.option_code, name: localized(names, chain), values: new Map() }));
    const count = Number(r.n);
    const v = o.values.get(r.value_code);
    if (v) v.count += count;
    else if (count > 0) o.values.set(r.value_code, { code: r.value_code, label: localized(labels, chain), swatch: r.swatch, count });
  }
  const priceRows = rowsOf<{ min: string | null; max: string | null }>(
    await db.execute(sql`
      with ${scopeCte(p, corrections)}
      select min(pr.min_amount)::text as min, max(pr.max_amount)::text as max
      from scope join (${productPriceRangesSql(p.market.handle)}) pr on pr.product_id = scope.id`),
  );
  const pr = priceRows[0];
  return {
    options: [...options.values()]
      .filter((o) => o.values.size > 1 || options.size === 1)
      .map((o) => ({ code: o.code, name: o.name, values: orderFacetValues([...o.values.values()]) })),
    price:
      pr?.min && pr.max
        ? { min: { amount: BigInt(pr.min), currency: p.market.currency }, max: { amount: BigInt(pr.max), currency: p.market.currency } }
        : null,
  };
}

export type ProductLookup =
  | { kind: "found"; product: ProductDetail }
  | { kind: "redirect"; handle: string }
  | { kind: "missing" };

/**
 * Finds an active product by any of its handles. A handle from another language resolves too, and
 * the caller redirects to this market's canonical handle.
 */
export async function getProductByHandle(market: Market, handle: string, viewer: CatalogViewer = PUBLIC_VIEWER): Promise<ProductLookup> {
  // Every stored handle matches HANDLE_RE; anything else (e.g. a NUL byte PostgreSQL rejects) is unknown.
  if (!HANDLE_RE.test(handle)) return { kind: "missing" };
  const db = await getDb();
  const matches = await db
    .select({ productId: productTranslationsTable.productId, locale: productTranslationsTable.locale })
    .from(productTranslationsTable)
    .innerJoin(productsTable, eq(productsTable.id, productTranslationsTable.productId))
    .where(and(eq(productTranslationsTable.handle, handle), eq(productsTable.status, "active"), releasedWhere(viewer)));
  if (!matches.length) return { kind: "missing" };
  const chain = market.localeFallback;
  const best =
    matches.find((m) => chain.includes(m.locale) && m.locale === chain.find((c) => matches.some((x) => x.locale === c))) ??
    matches[0]!;
  const product = await getProductById(market, best.productId, viewer);
  if (!product) return { kind: "missing" };
  if (product.handle !== handle) return { kind: "redirect", handle: product.handle };
  return { kind: "found", product };
}

export async function getProductById(market: Market, id: string, viewer: CatalogViewer = PUBLIC_VIEWER): Promise<ProductDetail | null> {
  const db = await getDb();
  const [product] = await db.select().from(productsTable).where(and(eq(productsTable.id, id), eq(productsTable.status, "active"), releasedWhere(viewer)));
  if (!product) return null;
  const chain = market.localeFallback;
  const [translations, options, values, variants, images, prices, collections] = await Promise.all([
    db.select().from(productTranslationsTable).where(eq(productTranslationsTable.productId, id)),
    db.select().from(productOptionsTable).where(eq(productOptionsTable.productId, id)).orderBy(asc(productOptionsTable.position)),
    db
      .select({
        optionId: productOptionValuesTable.optionId,
        code: productOptionValuesTable.code,
        labels: productOptionValuesTable.labels,
        swatch: productOptionValuesTable.swatch,
      })
      .from(productOptionValuesTable)
      .innerJoin(productOptionsTable, eq(productOptionsTable.id, productOptionValuesTable.optionId))
      .where(eq(productOptionsTable.productId, id))
      .orderBy(asc(productOptionValuesTable.position)),
    db.select().from(productVariantsTable).where(eq(productVariantsTable.productId, id)).orderBy(asc(productVariantsTable.position)),
    db.select().from(productImagesTable).where(eq(productImagesTable.productId, id)).orderBy(asc(productImagesTable.position)),
    getProductMarketPrices(market.handle, [id]),
    db
      .select({ id: collectionsTable.id, locale: collectionTranslationsTable.locale, handle: collectionTranslationsTable.handle, title: collectionTranslationsTable.title, position: collectionsTable.position })
      .from(collectionProductsTable)
      .innerJoin(collectionsTable, eq(collectionsTable.id, collectionProductsTable.collectionId))
      .innerJoin(collectionTranslationsTable, eq(collectionTranslationsTable.collectionId, collectionsTable.id))
      .where(eq(collectionProductsTable.productId, id)),
  ]);
  const byLocale = new Map(translations.map((t) => [t.locale, t]));
  const t = pickTranslation(byLocale, chain);
  if (!t) return null;
  const stock = await getAvailability(variants.map((v) => v.id));
  const locs = new Set(await servingLocations(market));
  const optionViews: OptionView[] = options.map((o) => ({
    code: o.code,
    name: localized(o.names, chain),
    values: values
      .filter((v) => v.optionId === o.id)
      .map((v) => ({ code: v.code, label: localized(v.labels, chain), swatch: v.swatch })),
  }));
  const priorLowest = await priorLowestPrices(market, prices);
  const variantViews: VariantView[] = [];
  for (const v of variants) {
    const price = prices.find((p) => p.variantId === v.id);
    if (!price) continue; // not sold in this market's currency
    const byLoc = stock.get(v.id) ?? new Map<string, number>();
    const stockByLocation = Object.fromEntries([...byLoc].filter(([loc]) => locs.has(loc)));
    const title = optionViews
      .map((o) => o.values.find((x) => x.code === v.options[o.code])?.label)
      .filter(Boolean)
      .join(" / ");
    variantViews.push({
      id: v.id,
      sku: v.sku,
      title,
      options: v.options,
      price: { amount: price.amount, currency: market.currency },
      compareAt: price.compareAt !== null ? { amount: price.compareAt, currency: market.currency } : null,
      priorLowest: priorLowest.has(v.id) ? { amount: priorLowest.get(v.id)!, currency: market.currency } : null,
      available: Object.values(stockByLocation).reduce((a, b) => a + b, 0),
      weightGrams: v.weightGrams,
      dimensionsMm: v.lengthMm && v.widthMm && v.heightMm ? [v.lengthMm, v.widthMm, v.heightMm] : null,
      imageId: v.imageId,
      stockByLocation,
    });
  }
  if (!variantViews.length) return null;
  const colByLocale = new Map<string, Map<string, { handle: string; title: string; position: number }>>();
  for (const c of collections) {
    let m = colByLocale.get(c.id);
    if (!m) colByLocale.set(c.id, (m = new Map()));
    m.set(c.locale, { handle: c.handle, title: c.title, position: c.position });
  }
  const firstCollection = [...colByLocale.values()]
    .map((m) => pickTranslation(m, chain))
    .filter((x): x is { handle: string; title: string; position: number } => !!x)
    .sort((a, b) => a.position - b.position)[0];
  const config = await getStoreConfig();
  const alternates = config.markets
    .map((m) => ({ market: m.handle, handle: pickTranslation(byLocale, m.localeFallback)?.handle }))
    .filter((a): a is { market: string; handle: string } => !!a.handle);
  return {
    id,
    handle: t.handle,
    title: t.title,
    description: t.description,
    seoTitle: t.seoTitle || t.title,
    seoDescription: t.seoDescription || t.description.slice(0, 160),
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    hsCode: product.hsCode,
    countryOfOrigin: product.countryOfOrigin,
    publishedAt: product.publishedAt?.toISOString() ?? null,
    releasesAt: isReleased(product.releasedAt, now()) ? null : product.releasedAt!.toISOString(),
    options: optionViews,
    variants: variantViews,
    images: images.map((i) => ({ id: i.id, url: i.url, alt: localized(i.alt, chain) || t.title, width: i.width, height: i.height })),
    collection: firstCollection ? { handle: firstCollection.handle, title: firstCollection.title } : null,
    alternates,
  };
}

async function collectionViews(market: Market, where?: SQL): Promise<CollectionView[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(collectionsTable)
    .innerJoin(collectionTranslationsTable, eq(collectionTranslationsTable.collectionId, collectionsTable.id))
    .where(where)
    .orderBy(asc(collectionsTable.position), asc(collectionsTable.id));
  const config = await getStoreConfig();
  const grouped = new Map<string, { col: (typeof rows)[number]["collections"]; t: Map<string, (typeof rows)[number]["collection_translations"]> }>();
  for (const r of rows) {
    let g = grouped.get(r.collections.id);
    if (!g) grouped.set(r.collections.id, (g = { col: r.collections, t: new Map() }));
    g.t.set(r.collection_translations.locale, r.collection_translations);
  }
  const views: CollectionView[] = [];
  for (const { col, t } of grouped.values()) {
    const tr = pickTranslation(t, market.localeFallback);
    if (!tr) continue;
    views.push({
      id: col.id,
      handle: tr.handle,
      title: tr.title,
      description: tr.description,
      imageUrl: col.imageUrl,
      alternates: config.markets
        .map((m) => ({ market: m.handle, handle: pickTranslation(t, m.localeFallback)?.handle }))
        .filter((a): a is { market: string; handle: string } => !!a.handle),
    });
  }
  return views;
}

export async function listCollections(market: Market): Promise<CollectionView[]> {
  return collectionViews(market);
}

export type CollectionLookup =
  | { kind: "found"; collection: CollectionView }
  | { kind: "redirect"; handle: string }
  | { kind: "missing" };

export async function getCollectionByHandle(market: Market, handle: string): Promise<CollectionLookup> {
  if (!HANDLE_RE.test(handle)) return { kind: "missing" };
  const db = await getDb();
  const [match] = await db
    .select({ id: collectionTranslationsTable.collectionId })
    .from(collectionTranslationsTable)
    .where(eq(collectionTranslationsTable.handle, handle))
    .limit(1);
  if (!match) return { kind: "missing" };
  const [view] = await collectionViews(market, eq(collectionsTable.id, match.id));
  if (!view) return { kind: "missing" };
  if (view.handle !== handle) return { kind: "redirect", handle: view.handle };
  return { kind: "found", collection: view };
}

/** Every active, publicly released product's handle per market, for sitemaps. */
export async function listProductHandles(): Promise<{ id: string; updatedAt: Date; handles: Map<string, string> }[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: productsTable.id, updatedAt: productsTable.updatedAt, locale: productTranslationsTable.locale, handle: productTranslationsTable.handle })
    .from(productsTable)
    .innerJoin(productTranslationsTable, eq(productTranslationsTable.productId, productsTable.id))
    .where(and(eq(productsTable.status, "active"), releasedWhere(PUBLIC_VIEWER)))
    .orderBy(asc(productsTable.id));
  const out = new Map<string, { id: string; updatedAt: Date; handles: Map<string, string> }>();
  for (const r of rows) {
    let e = out.get(r.id);
    if (!e) out.set(r.id, (e = { id: r.id, updatedAt: r.updatedAt, handles: new Map() }));
    e.handles.set(r.locale, r.handle);
  }
  return [...out.values()];
}

/**
 * The product page's and the API's read of a product: one cache slot per market, handle and kind of
 * viewer, so what an early-access member was shown is never served to the public.
 */
export function getProductByHandleCached(market: Market, handle: string, viewer: CatalogViewer = PUBLIC_VIEWER): Promise<ProductLookup> {
  return cached(`pdp|${market.handle}|${handle}|${viewerKey(viewer)}`, () => getProductByHandle(market, handle, viewer));
}
