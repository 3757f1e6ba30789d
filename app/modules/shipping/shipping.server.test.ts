// Rates through the database: the seed inserts them, getShippingRates reads (and caches) them.
// With DATABASE_URL (CI) it runs on a copy of the PostgreSQL test template; otherwise on its own
// in-memory PGlite (migrated, shipping seed only), so it does not depend on the demo catalog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createDb, migrateDb, setDatabase, type Database } from "~db/index";
import { shippingRatesTable } from "~db/schema";
import { demoShippingRates, seedShipping } from "~db/seed/shipping";
import { demoLocations } from "~db/seed/reference";
import { ensureLocations } from "../inventory/inventory.server";
import { getShippingRates, invalidateShippingRates, quoteForCart } from "./shipping.server";

let database: Database;

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const { createTestDatabase } = await import("~db/testing");
    database = await createTestDatabase();
  } else {
    database = await createDb({});
    await migrateDb(database);
    setDatabase(database);
  }
  await seedShipping(database.db);
  await ensureLocations(demoLocations, database.db);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("shipping rates in the database", () => {
  it("seeds every demo rate, idempotently", async () => {
    await seedShipping(database.db); // second run: on conflict do nothing
    const rows = await database.db.select().from(shippingRatesTable);
    expect(rows).toHaveLength(demoShippingRates().length);
    const kw = rows.find((r) => r.market === "ar-kw" && r.method === "dedicated")!;
    expect(kw.freeOver).toBe(45000n);
    expect(kw.bands[0]).toEqual({ upToGrams: 500, amount: "2800" });
  });

  it("reads a market's rates in position order and caches them", async () => {
    invalidateShippingRates();
    const rates = await getShippingRates("de-de");
    expect(rates.map((r) => r.method)).toEqual(["local", "express", "dedicated", "postal"]);
    expect(rates[0]!.locationId).toBe("loc_de_fra");

    await database.db.update(shippingRatesTable).set({ minDays: 2 }).where(eq(shippingRatesTable.id, rates[0]!.id));
    expect((await getShippingRates("de-de"))[0]!.minDays).toBe(1); // still cached
    invalidateShippingRates("de-de");
    expect((await getShippingRates("de-de"))[0]!.minDays).toBe(2);
    await database.db.update(shippingRatesTable).set({ minDays: 1 }).where(eq(shippingRatesTable.id, rates[0]!.id));
    invalidateShippingRates();
  });

  it("quotes a cart with the market's stored rates", async () => {
    const quotes = await quoteForCart({
      market: { handle: "de-de", currency: "EUR", shipTo: ["DE", "AT"] },
      destinationCountry: "AT",
      lines: [{ variantId: "var_x", quantity: 2, weightGrams: 400, stockByLocation: { loc_de_fra: 3, loc_cn_sz: 10 } }],
      subtotal: 12000n,
      now: new Date("2026-03-02T10:00:00Z"),
    });
    expect(quotes.map((q) => [q.method, q.amount, q.free])).toEqual([
      ["dedicated", 0n, true],
      ["postal", 0n, true],
      ["local", 690n, false],
      ["express", 2000n, false],
    ]);
    expect(await getShippingRates("xx-xx")).toEqual([]);
  });
});
