import { inArray } from "drizzle-orm";
import { getDb } from "~db/index";
import { marketPricesTable, productVariantsTable, variantPricesTable } from "~db/schema";
import { getStoreConfig } from "../markets/markets.server";
import { resolvePrice } from "./pricing";

/**
 * Rebuilds market_prices (the per-market shelf price of each variant) for the given products, or
 * for the whole catalog. Call after any change to prices, FX rates or markets.
 */
export async function refreshMarketPrices(productIds?: string[]): Promise<number> {
  const db = await getDb();
  const config = await getStoreConfig();
  const variants = await db
    .select({ id: productVariantsTable.id, productId: productVariantsTable.productId })
    .from(productVariantsTable)
    .where(productIds ? inArray(productVariantsTable.productId, productIds) : undefined);
  if (!variants.length) return 0;
  const variantIds = variants.map((v) => v.id);
  const prices = await db
    .select()
    .from(variantPricesTable)
    .where(productIds ? inArray(variantPricesTable.variantId, variantIds) : undefined);
  const byVariant = new Map<string, Map<string, (typeof prices)[number]>>();
  for (const p of prices) {
    let m = byVariant.get(p.variantId);
    if (!m) byVariant.set(p.variantId, (m = new Map()));
    m.set(p.currency, p);
  }
  const rows: (typeof marketPricesTable.$inferInsert)[] = [];
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
      rows.push({
        market: market.handle,
        variantId: v.id,
        productId: v.productId,
        currency: market.currency,
        amount: resolved.amount,
        compareAt: resolved.compareAt,
        source: resolved.source,
      });
    }
  }
  await db.transaction(async (tx) => {
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
