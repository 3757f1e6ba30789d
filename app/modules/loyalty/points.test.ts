import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { jobsTable, pointsLedgerTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { addDays, runAt } from "~/lib/clock.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { pay, readyCart, shopper } from "../../../test/support/loyalty-orders";
import { runAllDueJobs } from "../jobs/jobs.server";
import { markDelivered, refundOrder, shipOrder } from "../orders/order-operations.server";
import { getOrder } from "../orders/orders.server";
import { pointsToReverse, wholeBaseUnits } from "./earning";
import { pointsBalance } from "./ledger.server";
import { updateLoyaltySettings } from "./settings.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

const ledger = (contactId: string) => db.current.db.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, contactId)).orderBy(pointsLedgerTable.id);

describe("earning rule (pure): whole units of the base currency at the order's FX rate, rounded down", () => {
  it("converts JPY and KWD by hand", () => {
    // 12 000 JPY at 151.50 JPY per USD = 79.2 USD → 79 whole units.
    expect(wholeBaseUnits(12_000n, "JPY", "USD", "151.50")).toBe(79n);
    // 30.000 KWD (30 000 fils) at 0.3075 KWD per USD = 97.56 USD → 97.
    expect(wholeBaseUnits(30_000n, "KWD", "USD", "0.3075")).toBe(97n);
    // 151.50 JPY is exactly 1 USD; one yen less is not.
    expect(wholeBaseUnits(152n, "JPY", "USD", "151.50")).toBe(1n);
    expect(wholeBaseUnits(151n, "JPY", "USD", "151.50")).toBe(0n);
    // Base currency: cents → whole dollars, rounded down.
    expect(wholeBaseUnits(4_999n, "USD", "USD", "1")).toBe(49n);
  });

  it("reverses points in proportion to the money refunded, never twice", () => {
    // awarded 79, 1/3 refunded: floor(79/3) = 26; then the rest: 79 − 26 = 53.
    expect(pointsToReverse(79, 1000n, 3000n, 0)).toBe(26);
    expect(pointsToReverse(79, 3000n, 3000n, 26)).toBe(53);
    // a refund replayed after everything was reversed reverses nothing.
    expect(pointsToReverse(79, 3000n, 3000n, 79)).toBe(0);
  });
});

describe("points for orders", () => {
  it("earns pending points in JPY from subtotal − discounts in USD at the order's rate; available after the 14-day window (day 13 no, day 14 yes)", async () => {
    const contact = await shopper(db.current, "yuki@example.jp", "cus_yuki");
    const paidAt = new Date();
    const orderId = await pay(await readyCart(db.current, "ja-jp", "yuki@example.jp", "cus_yuki"), paidAt);
    const order = (await getOrder(orderId))!;
    expect(order.currency).toBe("JPY");
    // Rule: floor((subtotal − discountTotal) / fxRate) × 1 point per USD; independent float check on whole yen.
    const expected = Math.floor(Number(order.subtotal - order.discountTotal) / Number(order.fxRate));
    expect(expected).toBeGreaterThan(0);
    const [earn] = await ledger(contact.id);
    expect(earn).toMatchObject({ type: "earn", points: expected, status: "pending", orderId, source: "order" });
    expect(earn!.availableAt!.getTime()).toBe(addDays(order.paidAt!, 14).getTime());
    expect(await pointsBalance(contact.id)).toEqual({ available: 0, pending: expected });

    await runAllDueJobs({ at: addDays(paidAt, 13) });
    expect(await pointsBalance(contact.id)).toEqual({ available: 0, pending: expected });
    await runAllDueJobs({ at: addDays(paidAt, 14.001) });
    expect(await pointsBalance(contact.id)).toEqual({ available: expected, pending: 0 });
  });

  it("earns in KWD (three decimals) by the same rule", async () => {
    const contact = await shopper(db.current, "fatima@example.kw", "cus_fatima");
    const orderId = await pay(await readyCart(db.current, "ar-kw", "fatima@example.kw", "cus_fatima"));
    const order = (await getOrder(orderId))!;
    // fils → KWD (÷1000) → USD (÷ rate), whole dollars.
    const expected = Math.floor(Number(order.subtotal - order.discountTotal) / 1000 / Number(order.fxRate));
    expect((await ledger(contact.id)).map((r) => [r.type, r.points])).toEqual([["earn", expected]]);
  });

  it("reverses a partial refund in proportion while pending (pending, same date), and everything on the full refund", async () => {
    const contact = await shopper(db.current, "anna@example.de", "cus_anna");
    const orderId = await pay(await readyCart(db.current, "de-de", "anna@example.de", "cus_anna"));
    const order = (await getOrder(orderId))!;
    const [earn] = await ledger(contact.id);
    const third = order.total / 3n;
    await refundOrder(orderId, { amount: third });
    const afterPartial = await ledger(contact.id);
    const firstReversal = Math.floor((earn!.points * Number(third)) / Number(order.total));
    expect(afterPartial[1]).toMatchObject({ type: "reverse", points: -firstReversal, status: "pending", reverses: earn!.id });
    expect(afterPartial[1]!.availableAt!.getTime()).toBe(earn!.availableAt!.getTime());
    await refundOrder(orderId, { amount: order.total - third });
    expect(await pointsBalance(contact.id)).toEqual({ available: 0, pending: 0 });
    expect((await ledger(contact.id)).filter((r) => r.type === "reverse").reduce((a, r) => a + r.points, 0)).toBe(-earn!.points);
  });

  it("reverses available points after the window, as available", async () => {
    const contact = await shopper(db.current, "sam@example.com", "cus_sam");
    const paidAt = new Date();
    const orderId = await pay(await readyCart(db.current, "en-us", "sam@example.com", "cus_sam"), paidAt);
    const order = (await getOrder(orderId))!;
    await runAllDueJobs({ at: addDays(paidAt, 15) });
    const { available } = await pointsBalance(contact.id);
    // USD base: floor((subtotal − discounts) / 100 cents) points.
    expect(available).toBe(Number((order.subtotal - order.discountTotal) / 100n));
    const half = order.total / 2n;
    await refundOrder(orderId, { amount: half });
    expect(await pointsBalance(contact.id)).toEqual({ available: available - Math.floor((available * Number(half)) / Number(order.total)), pending: 0 });
  });

  it("counting from delivery: no date until delivered, then delivery + window", async () => {
    await db.current.db.transaction((tx) => updateLoyaltySettings(tx, { returnWindowFrom: "delivery", returnWindowDays: 10 }));
    try {
      const contact = await shopper(db.current, "mia@example.de", "cus_mia");
      const orderId = await pay(await readyCart(db.current, "de-de", "mia@example.de", "cus_mia"));
      const [earn] = await ledger(contact.id);
      expect(earn).toMatchObject({ status: "pending", availableAt: null });
      await runAllDueJobs({ at: addDays(new Date(), 60) });
      expect((await pointsBalance(contact.id)).available).toBe(0);
      await shipOrder(orderId, { carrier: "dhl", trackingNumber: "JD1" });
      const deliveredAt = addDays(new Date(), 3);
      await runAt(deliveredAt, () => markDelivered(orderId));
      const [dated] = await ledger(contact.id);
      expect(dated!.availableAt!.getTime()).toBe(addDays(deliveredAt, 10).getTime());
      expect(dated!.points).toBe(earn!.points);
      await runAllDueJobs({ at: addDays(deliveredAt, 9.9) });
      expect((await pointsBalance(contact.id)).available).toBe(0);
      await runAllDueJobs({ at: addDays(deliveredAt, 10) });
      expect((await pointsBalance(contact.id)).available).toBe(earn!.points);
    } finally {
      await db.current.db.transaction((tx) => updateLoyaltySettings(tx, { returnWindowFrom: "payment", returnWindowDays: 14 }));
    }
  });

  it("a replayed paid event awards once; the release job is queued once per order", async () => {
    const contact = await shopper(db.current, "leo@example.com", "cus_leo");
    const orderId = await pay(await readyCart(db.current, "en-us", "leo@example.com", "cus_leo"));
    const { notifyOrderListeners } = await import("../orders/order-listeners.server");
    const order = (await getOrder(orderId))!;
    await db.current.db.transaction(async (tx) => notifyOrderListeners("paid", tx, order));
    expect((await ledger(contact.id)).filter((r) => r.type === "earn")).toHaveLength(1);
    const jobs = await db.current.db.select().from(jobsTable).where(eq(jobsTable.dedupeKey, `loyalty.release-points:${orderId}`));
    expect(jobs).toHaveLength(1);
  });
});
