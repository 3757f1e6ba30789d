import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { marketPricesTable, priceHistoryTable, variantPricesTable } from "~db/schema/pricing";
import { getStoreConfig } from "../markets/markets.server";
import { lowestPriorPrice, resolvePrice } from "./pricing";

export interface MarketPrice {
  variantId: string;
  productId: string;
  amount: bigint;
  compareAt: bigint | null;
}

/** A variant's explicit price in one currency (decimal strings are parsed by the caller). */
export interface VariantPriceInput {
  variantId: string;
  currency: string;
  amount: bigint;
  compareAt: bigint | null;
}

/** The variants of the catalog whose market prices are rebuilt (the catalog owns that list). */
export interface PricedVariantRef {
  id: string;
  productId: string;
}

const marketPriceColumns = {
  variantId: marketPricesTable.variantId,
  productId: marketPricesTable.productId,
  amount: marketPricesTable.amount,
  compareAt: marketPricesTable.compareAt,
};

/** Shelf prices of the given variants in the market; a variant missing from the map is not sold there. */
export async function getVariantMarketPrices(market: string, variantIds: string[], db?: Db): Promise<Map<string, MarketPrice>> {
  if (!variantIds.length) return new Map();
  const d = db ?? (await getDb());
  const rows = await d
    .select(marketPriceColumns)
    .from(marketPricesTable)
    .where(and(eq(marketPricesTable.market, market), inArray(marketPricesTable.variantId, variantIds)));
  return new Map(rows.map((r) => [r.variantId, r]));
}

/** Shelf prices of every variant of the given products in the market. */
export async function getProductMarketPrices(market: string, productIds: string[]): Promise<MarketPrice[]> {
  if (!productIds.length) return [];
  const db = await getDb();
  return db
    .select(marketPriceColumns)
    .from(marketPricesTable)
    .where(and(eq(marketPricesTable.market, market), inArray(marketPricesTable.productId, productIds)));
}

/**
 * A subquery `(product_id, min_amount, max_amount)` over the market's shelf prices, for catalog
 * listings that filter and sort by price inside one SQL statement.
 */
export function productPriceRangesSql(market: string): SQL {
  return sql`select product_id, min(amount) as min_amount, max(amount) as max_amount
    from market_prices where market = ${market} group by product_id`;
}

/**
 * Replaces the explicit prices of the given variants inside the caller's (catalog write)
 * transaction: rows of those variants not in `prices` are removed.
 */
export async function replaceVariantPrices(tx: Db, variantIds: string[], prices: VariantPriceInput[]): Promise<void> {
  if (variantIds.length) await tx.delete(variantPricesTable).where(inArray(variantPricesTable.variantId, variantIds));
  if (prices.length) await tx.insert(variantPricesTable).values(prices.map((p) => ({ ...p, updatedAt: new Date() })));
}

/** The explicit prices of the given variants (every currency). */
export async function getVariantPrices(variantIds: string[], db?: Db): Promise<VariantPriceInput[]> {
  if (!variantIds.length) return [];
  const d = db ?? (await getDb());
  return d
    .select({ variantId: variantPricesTable.variantId, currency: variantPricesTable.currency, amount: variantPricesTable.amount, compareAt: variantPricesTable.compareAt })
    .from(variantPricesTable)
    .where(inArray(variantPricesTable.variantId, variantIds));
}

/** The currencies a price may be given in: the base currency and every enabled market's. */
export async function priceCurrencies(db?: Db): Promise<string[]> {
  const config = await getStoreConfig(db);
  return [...new Set([config.baseCurrency, ...config.markets.map((m) => m.currency)])];
}

export interface MarketPriceRow {
  market: string;
  variantId: string;
  productId: string;
  currency: string;
  amount: bigint;
  compareAt: bigint | null;
  source: "list" | "converted";
}

/**
 * The shelf price of each variant in each enabled market, from explicit prices (given, or read from
 * the database): what rebuildMarketPrices stores, and what the admin previews before saving.
 */
export async function computeMarketPrices(variants: PricedVariantRef[], given?: VariantPriceInput[], db?: Db): Promise<MarketPriceRow[]> {
  if (!variants.length) return [];
  const config = await getStoreConfig(db);
  const prices = given ?? (await getVariantPrices(variants.map((v) => v.id), db));
  const byVariant = new Map<string, Map<string, VariantPriceInput>>();
  for (const p of prices) {
    let m = byVariant.get(p.variantId);
    if (!m) byVariant.set(p.variantId, (m = new Map()));
    m.set(p.currency, p);
  }
  const rows: MarketPriceRow[] = [];
  for (const market of config.markets) {
    for (const v of variants) {
      const list = byVariant.get(v.id);
      const explicit = list?.get(market.currency);
      const base = list?.get(config.baseCurrency);
      const resolved = resolvePrice({
        explicit: explicit ? { amount: explicit.amount, compareAt: explicit.compareAt } : null,
        base: base ? { amount: base.amount, compareAt: base.compareAt } : null,
        baseCurrency: config.baseCurrency,
        currency: market.currency,
        rate: config.fxRates.get(market.currency),
        roundingRule: market.roundingRule,
      });
      if (!resolved) continue;
      rows.push({ market: market.handle, variantId: v.id, productId: v.productId, currency: market.currency, ...resolved });
    }
  }
  return rows;
}

/**
 * Rebuilds market_prices (the per-market shelf price of each variant) for the given variants. With
 * `productIds`, only those products' rows are replaced; without, the whole table is. Call after any
 * change to prices, FX rates or markets (catalog's refreshMarketPrices passes the catalog's variants).
 * Each shelf price that changes (or appears) is added to the price history, in the same transaction.
 * Inside a caller's transaction pass it as `executor`.
 */
export async function rebuildMarketPrices(variants: PricedVariantRef[], productIds?: string[], now = new Date(), executor?: Db): Promise<number> {
  const db = executor ?? (await getDb());
  // The whole catalog reads every price in one query instead of naming each variant.
  const all = productIds ? undefined : await db.select({ variantId: variantPricesTable.variantId, currency: variantPricesTable.currency, amount: variantPricesTable.amount, compareAt: variantPricesTable.compareAt }).from(variantPricesTable);
  const rows = await computeMarketPrices(variants, all, db);
  await db.transaction(async (tx) => {
    // The shelf prices being replaced, to record in the price history exactly those that change.
    const before = await tx
      .select({ market: marketPricesTable.market, variantId: marketPricesTable.variantId, amount: marketPricesTable.amount })
      .from(marketPricesTable)
      .where(productIds ? inArray(marketPricesTable.productId, productIds) : undefined);
    const previous = new Map(before.map((r) => [`${r.market}|${r.variantId}`, r.amount]));
    const changed = rows
      .filter((r) => previous.get(`${r.market}|${r.variantId}`) !== r.amount)
      .map((r) => ({ market: r.market, variantId: r.variantId, currency: r.currency, amount: r.amount, changedAt: now }));
    for (let i = 0; i < changed.length; i += 1000) {
      await tx.insert(priceHistoryTable).values(changed.slice(i, i + 1000));
    }
    if (productIds) {
      await tx.delete(marketPricesTable).where(inArray(marketPricesTable.productId, productIds));
    } else {
      await tx.delete(marketPricesTable);
    }
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insert(marketPricesTable).values(rows.slice(i, i + 1000));
    }
  });
  return rows.length;
}

/**
 * For each given variant with a price history in the market: the lowest price of the 30 days before its
 * current price took effect (EU price-reduction rule, see lowestPriorPrice).
 */
export async function getLowestPriorPrices(market: string, variantIds: string[], now = new Date()): Promise<Map<string, bigint>> {
  if (!variantIds.length) return new Map();
  const db = await getDb();
  const rows = await db
    .select({ variantId: priceHistoryTable.variantId, amount: priceHistoryTable.amount, changedAt: priceHistoryTable.changedAt })
    .from(priceHistoryTable)
    .where(and(eq(priceHistoryTable.market, market), inArray(priceHistoryTable.variantId, variantIds)));
  const byVariant = new Map<string, { amount: bigint; changedAt: Date }[]>();
  for (const r of rows) {
    const list = byVariant.get(r.variantId);
    if (list) list.push(r);
    else byVariant.set(r.variantId, [r]);
  }
  const out = new Map<string, bigint>();
  for (const [id, history] of byVariant) {
    const lowest = lowestPriorPrice(history, now);
    if (lowest !== null) out.set(id, lowest);
  }
  return out;
}
