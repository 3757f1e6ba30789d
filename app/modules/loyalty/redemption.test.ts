import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { pointsLedgerTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { pay, readyCart, shopper } from "../../../test/support/loyalty-orders";
import { reloadCart } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { refundOrder } from "../orders/order-operations.server";
import { getOrder, getOrderDetails } from "../orders/orders.server";
import { pointsBalance, postPoints } from "./ledger.server";
import { clearCartRedemption, setCartRedemption } from "./redemption.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

async function giveAvailable(contactId: string, points: number): Promise<void> {
  await db.current.db.transaction((tx) => postPoints(tx, { contactId, type: "adjust", points, source: "admin", reason: "test" }));
}

const loyaltyAdjustments = async (cart: Awaited<ReturnType<typeof readyCart>>) =>
  (await priceCart(await reloadCart(cart))).adjustments.filter((a) => a.source === "loyalty_points");

describe("redeeming points at checkout", () => {
  it("a fixed reward is its base amount in the cart currency: $5 in USD, ¥760 in JPY (5 × 151.50 = 757.5 → 758, ceil:10), 1.550 KWD (5 × 0.3075 = 1.5375 → 1.538, ceil:50)", async () => {
    const c = await shopper(db.current, "multi@example.com", "cus_multi");
    await giveAvailable(c.id, 2000);
    const expected = { "en-us": 500n, "ja-jp": 760n, "ar-kw": 1550n } as const;
    for (const [market, amount] of Object.entries(expected)) {
      const cart = await readyCart(db.current, market as keyof typeof expected, "multi@example.com", "cus_multi");
      await setCartRedemption(cart, { rewardId: "rwd_5_off" });
      expect(await loyaltyAdjustments(cart)).toEqual([{ source: "loyalty_points", code: "rwd_5_off", target: "lines", amount }]);
    }
  });

  it("entered points are worth 1 base unit per 100 points: 250 points = $2.50; a percentage reward takes 10 % of the lines; free shipping takes the shipping", async () => {
    const c = await shopper(db.current, "pts@example.com", "cus_pts");
    await giveAvailable(c.id, 2000);
    const cart = await readyCart(db.current, "en-us", "pts@example.com", "cus_pts");
    await setCartRedemption(cart, { points: 250 });
    expect((await loyaltyAdjustments(cart)).map((a) => a.amount)).toEqual([250n]);
    await setCartRedemption(cart, { rewardId: "rwd_10_percent" });
    const p = await priceCart(await reloadCart(cart));
    expect(p.adjustments.find((a) => a.source === "loyalty_points")!.amount).toBe(p.totals.subtotal / 10n);
    await setCartRedemption(cart, { rewardId: "rwd_free_shipping" });
    const f = await priceCart(await reloadCart(cart));
    expect(f.adjustments.filter((a) => a.source === "loyalty_points")).toEqual([{ source: "loyalty_points", code: "rwd_free_shipping", target: "shipping", amount: f.shipping!.amount }]);
    await clearCartRedemption(cart.id);
    expect(await loyaltyAdjustments(cart)).toEqual([]);
  });

  it("takes the points when payment starts, gives them back when it fails, and takes them again on the next attempt; the order keeps the adjustment", async () => {
    const c = await shopper(db.current, "rita@example.com", "cus_rita");
    await giveAvailable(c.id, 800);
    const cart = await readyCart(db.current, "en-us", "rita@example.com", "cus_rita");
    await setCartRedemption(cart, { rewardId: "rwd_5_off" });
    const first = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
    expect(await pointsBalance(c.id)).toEqual({ available: 300, pending: 0 });
    await completePayment(first.payment.id, "failed");
    expect(await pointsBalance(c.id)).toEqual({ available: 800, pending: 0 });
    // A replayed failure gives nothing back twice.
    await completePayment(first.payment.id, "failed");
    expect((await pointsBalance(c.id)).available).toBe(800);
    const orderId = await pay(cart);
    const details = await getOrderDetails(orderId);
    expect(details.adjustments.filter((a) => a.source === "loyalty_points").map((a) => a.amount)).toEqual([500n]);
    const rows = await db.current.db.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, c.id));
    expect(rows.filter((r) => r.source === "checkout").map((r) => [r.type, r.points])).toEqual([["redeem", -500], ["reverse", 500], ["redeem", -500]]);
    // A full refund returns the redeemed points (and reverses the pending earn).
    const order = (await getOrder(orderId))!;
    await refundOrder(orderId, { amount: order.total });
    expect(await pointsBalance(c.id)).toEqual({ available: 800, pending: 0 });
  });

  it("refuses a redemption the balance does not cover, and a payment whose points were spent meanwhile (409, nothing taken)", async () => {
    const c = await shopper(db.current, "otto@example.com", "cus_otto");
    await giveAvailable(c.id, 600);
    const cart = await readyCart(db.current, "en-us", "otto@example.com", "cus_otto");
    await expect(setCartRedemption(cart, { points: 601 })).rejects.toMatchObject({ code: "insufficient_points", status: 409 });
    await setCartRedemption(cart, { rewardId: "rwd_5_off" });
    await giveAvailable(c.id, -200);
    await expect(startPayment(await reloadCart(cart), { origin: "http://shop.test" })).rejects.toMatchObject({ code: "insufficient_points", status: 409 });
    expect(await pointsBalance(c.id)).toEqual({ available: 400, pending: 0 });
  });

  it("guests cannot redeem; bad input is refused with a reason", async () => {
    const cart = await readyCart(db.current, "en-us", "guest@example.com", "cus_none");
    await expect(setCartRedemption({ ...cart, customerId: null }, { points: 100 })).rejects.toMatchObject({ code: "sign_in_required", status: 401 });
    await shopper(db.current, "guest2@example.com", "cus_none");
    await expect(setCartRedemption(cart, { points: 0 })).rejects.toMatchObject({ code: "invalid_points", status: 422 });
    await expect(setCartRedemption(cart, { points: 1.5 })).rejects.toMatchObject({ code: "invalid_points" });
    await expect(setCartRedemption(cart, { rewardId: "rwd_nope" })).rejects.toMatchObject({ code: "reward_not_found", status: 422 });
    await expect(setCartRedemption(cart, { points: 1 })).rejects.toMatchObject({ code: "insufficient_points", details: { available: 0 } });
  });
});
