import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~db/index";
import { cartPointRedemptionsTable } from "~db/schema";
import { createTestDatabase } from "~db/testing";
import { ensureContact } from "../contacts/contacts.server";
import { pointsBalance, postPoints } from "./ledger.server";
import { loyaltyPointsSource } from "./redemption.server";

/*
 * 100 payments starting at the same moment against one balance of 500 points, each redeeming 10:
 * exactly 50 may take their points and the balance ends at 0, never below. Meaningful on PostgreSQL
 * (DATABASE_URL, real parallel connections: the contact row lock in postPoints serializes them); on
 * PGlite (one connection) the same claims run one after another.
 */
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ max: 20 });
}, 60_000);
afterAll(async () => {
  await database?.close();
});

describe("parallel redemptions", () => {
  it("100 simultaneous claims of 10 points against 500 available: 50 succeed, 50 are refused, the balance never goes below zero", async () => {
    const contact = await ensureContact(database.db, { email: "race@example.com", customerId: "cus_race", locale: "en", source: "account" });
    await database.db.transaction((tx) => postPoints(tx, { contactId: contact.id, type: "adjust", points: 500, source: "admin" }));
    const carts = Array.from({ length: 100 }, (_, i) => `cart_race_${i}`);
    await database.db.insert(cartPointRedemptionsTable).values(carts.map((cartId) => ({ cartId, contactId: contact.id, points: 10 })));
    const results = await Promise.allSettled(
      carts.map((cartId, i) =>
        database.db.transaction((tx) =>
          loyaltyPointsSource.claim!(tx, { cartId, paymentId: `pay_race_${i}`, customerId: "cus_race", currency: "USD", adjustments: [{ source: "loyalty_points", target: "lines", amount: "1000" }] }),
        ),
      ),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(50);
    expect(refused).toHaveLength(50);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason?.code === "insufficient_points")).toBe(true);
    expect(await pointsBalance(contact.id, database.db)).toEqual({ available: 0, pending: 0 });
  }, 120_000);
});
