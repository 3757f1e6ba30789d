import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { createDb, migrateDb, type Database } from "../index";
import { rowsOf } from "../rows";
import { marketsTable } from "../schema";
import { isEmpty, seedDemo } from "./index";
import { seedReference } from "./reference";
import { demoShippingRates, seedShipping } from "./shipping";

let database: Database;

beforeAll(async () => {
  database = await createDb({});
  await migrateDb(database);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

async function count(table: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`));
  return rows[0]!.n;
}

describe("demo seed through the modules' write APIs", () => {
  it("fills an empty database: store, 15 markets, shipping rates, the catalog and its market prices", async () => {
    expect(await isEmpty(database)).toBe(true);
    const { products } = await seedDemo(database);
    expect(await isEmpty(database)).toBe(false);
    expect(await count("products")).toBe(products);
    expect((await getStoreConfig()).markets).toHaveLength(15);
    expect(await count("shipping_rates")).toBe(demoShippingRates().length);
    expect(await count("market_prices")).toBeGreaterThan(0);
  }, 120_000);

  it("keeps a merchant's edits when reference data and shipping rates are written again", async () => {
    await database.db.update(marketsTable).set({ name: "USA" }).where(eq(marketsTable.handle, "en-us"));
    await seedReference(database.db);
    await seedShipping(database.db);
    const [us] = await database.db.select().from(marketsTable).where(eq(marketsTable.handle, "en-us"));
    expect(us!.name).toBe("USA");
    expect(await count("markets")).toBe(15);
    expect(await count("shipping_rates")).toBe(demoShippingRates().length);
  });
});
