import type { Database } from "../index";
import { setDatabase } from "../index";
import { refreshMarketPrices, upsertCollection, upsertProduct } from "~/modules/catalog/catalog-write.server";
import { scheduleNextDaily } from "~/modules/loyalty/daily.server";
import { ensureDemoRewards } from "~/modules/loyalty/redemption.server";
import { storeExists } from "~/modules/markets/markets.server";
import { demoCollections } from "./catalog-data/collections";
import { demoProducts } from "./catalog-data/products";
import { seedReference } from "./reference";
import { seedPages } from "./pages";
import { seedReferrals } from "./referrals";
import { seedShipping } from "./shipping";
import { seedTiers } from "./tiers";

/** True when the database holds no store yet (fresh install). */
export async function isEmpty(database: Database): Promise<boolean> {
  return !(await storeExists(database.db));
}

/**
 * Seeds the demo store through the modules' write APIs, the same path any merchant's import uses:
 * reference data (store, markets, FX, locations), shipping rates, the store pages, the membership tiers, then the demo catalog and its
 * market prices. Safe to repeat on a fresh store; on a store in use it would reset the demo
 * products' stock, so callers seed only an empty database (isEmpty).
 */
export async function seedDemo(database: Database, opts: { catalog?: boolean } = {}): Promise<{ products: number }> {
  // Module functions without an explicit executor (market prices) use the process database.
  setDatabase(database);
  await seedReference(database.db);
  await seedShipping(database.db);
  await seedPages(database.db);
  await ensureDemoRewards(database.db);
  await scheduleNextDaily(database.db);
  await seedTiers(database.db);
  await seedReferrals(database.db);
  if (opts.catalog === false) return { products: 0 };
  for (const [i, c] of demoCollections.entries()) await upsertCollection(c, { position: i, db: database.db });
  const now = new Date();
  // The demo catalog is curated data: it is published as it is, one price refresh at the end.
  for (const p of demoProducts) await upsertProduct(p, { db: database.db, now, confirm: true, refreshPrices: false });
  await refreshMarketPrices();
  return { products: demoProducts.length };
}
