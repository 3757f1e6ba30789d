// The price history behind the EU price-reduction rule (Article 6a of Directive 98/6/EC): the seed writes
// each shelf price once, and a rebuild adds a row exactly for the shelf prices that change.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { marketPricesTable, priceHistoryTable, variantPricesTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { getLowestPriorPrices } from "./pricing.server";

const db = useTestDatabase();
const VARIANT = "var_kl_tea_010_irb"; // Tetsubin, explicit EUR price €135.95
const PRODUCT = "prod_cast_iron_tetsubin_kettle";

describe("price_history", () => {
  it("the seed recorded every shelf price once", async () => {
    const d = db.current.db;
    const [prices] = await d.select({ n: sql<number>`count(*)::int` }).from(marketPricesTable);
    const [history] = await d.select({ n: sql<number>`count(*)::int` }).from(priceHistoryTable);
    expect(history!.n).toBe(prices!.n);
  });

  it("a price change adds one row per market whose shelf price changed, and the lowest prior price is the old one", async () => {
    const d = db.current.db;
    const [variant] = await d.select({ productId: sql<string>`product_id` }).from(sql`product_variants`).where(sql`id = ${VARIANT}`);
    expect(variant!.productId).toBe(PRODUCT);
    const before = await d.select().from(priceHistoryTable).where(eq(priceHistoryTable.variantId, VARIANT));
    // Lower only the EUR list price: the EUR markets change, the others (converted from USD) do not.
    await d.update(variantPricesTable).set({ amount: 11995n }).where(and(eq(variantPricesTable.variantId, VARIANT), eq(variantPricesTable.currency, "EUR")));
    const t1 = new Date(Date.now() + 60_000);
    await refreshMarketPrices([PRODUCT], t1);
    const added = (await d.select().from(priceHistoryTable).where(eq(priceHistoryTable.variantId, VARIANT))).filter((r) => !before.some((b) => b.id === r.id));
    expect(added.map((r) => [r.market, r.amount]).sort()).toEqual([
      ["de-de", 11995n],
      ["en-eu", 11995n],
      ["es-es", 11995n],
      ["fr-fr", 11995n],
    ]);
    expect(added.every((r) => r.changedAt.getTime() === t1.getTime())).toBe(true);
    // Rebuilding again without a change writes nothing.
    await refreshMarketPrices([PRODUCT], new Date(t1.getTime() + 1000));
    expect((await d.select().from(priceHistoryTable).where(eq(priceHistoryTable.variantId, VARIANT))).length).toBe(before.length + 4);
    const lowest = await getLowestPriorPrices("de-de", [VARIANT], new Date(t1.getTime() + 5000));
    expect(lowest.get(VARIANT)).toBe(13595n);
  });
});
