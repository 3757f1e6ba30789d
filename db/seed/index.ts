import { sql } from "drizzle-orm";
import type { Database } from "../index";
import { rowsOf } from "../rows";
import { seedReference } from "./reference";
import { seedShipping } from "./shipping";

/** True when the database holds no store yet (fresh install). */
export async function isEmpty(database: Database): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from store_settings`));
  return (rows[0]?.n ?? 0) === 0;
}

/**
 * Seeds the demo store: reference data (markets, FX, locations), then the demo catalog through the
 * same catalog write path any merchant's import uses. Idempotent.
 */
export async function seedDemo(database: Database, opts: { catalog?: boolean } = {}): Promise<{ products: number }> {
  const { setDatabase } = await import("../index");
  setDatabase(database);
  await seedReference(database.db);
  await seedShipping(database.db);
  if (opts.catalog === false) return { products: 0 };
  const [{ demoCollections }, { demoProducts }, write, pricing, markets] = await Promise.all([
    import("./catalog-data/collections"),
    import("./catalog-data/products"),
    import("../../app/modules/catalog/catalog-write.server"),
    import("../../app/modules/pricing/pricing.server"),
    import("../../app/modules/markets/markets.server"),
  ]);
  markets.invalidateStoreConfig();
  for (const [i, c] of demoCollections.entries()) await write.upsertCollection(c, i, database.db);
  const now = new Date();
  for (const p of demoProducts) await write.upsertProduct(p, database.db, now);
  await pricing.refreshMarketPrices();
  return { products: demoProducts.length };
}
