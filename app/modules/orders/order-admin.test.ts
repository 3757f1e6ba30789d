import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  inventoryLevelsTable,
  ordersTable,
  outboxEmailsTable,
  paymentsTable,
  refundsTable,
  shippingRatesTable,
  variantPricesTable,
} from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { resetEnvForTests } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { addLine, createCart, reloadCart, updateCartDetails, type CartRow } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { runDueJobs } from "../jobs/jobs.server";
import { getMarket } from "../markets/markets.server";
import { invalidateShippingRates } from "../shipping/shipping.server";
import { startStripeStandin, type StripeStandin } from "../../../test/stand-ins/stripe";
import { getOrderAdminDetail, listOrders } from "./order-admin.server";
import { addOrderNote, cancelOrder, refundOrder, shipOrder } from "./order-operations.server";

/*
 * The staff side of an order. Stripe: a request repeated with the same Idempotency-Key returns the
 * first result and makes no second refund (https://docs.stripe.com/api/idempotent_requests); a
 * refund is at most what the charge has left (https://docs.stripe.com/api/refunds/create, "amount").
 * The German market shows tax-inclusive prices, so a €50.00 item with free postal shipping is an
 * order total of 5000 cents.
 */

const db = useTestDatabase();
const ORIGIN = "http://shop.test";
const DE = { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
let stripe: StripeStandin;

beforeAll(async () => {
  stripe = await startStripeStandin();
  registerAllJobHandlers();
});
afterAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  resetEnvForTests();
  await stripe.close();
});
beforeEach(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_harbor";
  process.env.STRIPE_API_HOST = stripe.host;
  process.env.STRIPE_API_PORT = String(stripe.port);
  process.env.STRIPE_API_PROTOCOL = "http";
  resetEnvForTests();
});

/** A variant priced €50.00 with `stock` units, only in the Shenzhen warehouse. */
async function makeVariant(stock: number): Promise<string> {
  const d = db.current.db;
  const res = await d.execute(sql`select id, product_id from product_variants order by id limit 1`);
  const rows = "rows" in (res as object) ? (res as unknown as { rows: { product_id: string }[] }).rows : (res as unknown as { product_id: string }[]);
  const productId = rows[0]!.product_id;
  const id = newId("var");
  await d.execute(sql`insert into product_variants (id, product_id, sku, position, options, weight_grams) values (${id}, ${productId}, ${id.toUpperCase()}, 99, '{}'::jsonb, 300)`);
  await d.insert(variantPricesTable).values([
    { variantId: id, currency: "USD", amount: 5500n },
    { variantId: id, currency: "EUR", amount: 5000n },
  ]);
  await d.insert(inventoryLevelsTable).values({ variantId: id, locationId: "loc_cn_sz", onHand: stock, reserved: 0 });
  await refreshMarketPrices([productId]);
  return id;
}

async function germanCart(variantId: string, quantity: number, email: string): Promise<CartRow> {
  await db.current.db.update(shippingRatesTable).set({ freeOver: 0n }).where(and(eq(shippingRatesTable.market, "de-de"), eq(shippingRatesTable.method, "postal")));
  invalidateShippingRates();
  const { cart } = await createCart((await getMarket("de-de"))!);
  await addLine(cart, variantId, quantity);
  await updateCartDetails(cart, { email, shippingAddress: DE as CartRow["shippingAddress"], discountCodes: [] });
  const priced = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: priced.shippingQuotes.find((q) => q.method === "postal")!.method });
  return reloadCart(cart);
}

/** A Stripe-paid German order of `quantity` × €50.00; returns the order and its PaymentIntent. */
async function paidOrder(variantId: string, quantity: number, email = "anna@example.de", status: "succeeded" | "pending" = "succeeded") {
  const started = await startPayment(await germanCart(variantId, quantity, email), { origin: ORIGIN });
  const pi = started.payment.providerRef!;
  if (status === "succeeded") stripe.setStatus(pi, "succeeded");
  const orderId = (await completePayment(started.payment.id, status))!;
  return { orderId, pi, paymentId: started.payment.id };
}

const onHand = async (v: string) => (await db.current.db.select().from(inventoryLevelsTable).where(eq(inventoryLevelsTable.variantId, v)))[0]!;
const stripeRefunds = (pi: string) => [...stripe.refunds.values()].filter((r) => r.payment_intent === pi);
async function mails(orderId: string) {
  for (let i = 0; i < 3; i++) await runDueJobs({ limit: 50 });
  return db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.orderId, orderId));
}

describe("refunds from the admin", () => {
  it("same idempotency key → the same refund and a single Stripe refund; the shopper gets one refund email", async () => {
    const v = await makeVariant(10);
    const { orderId, pi } = await paidOrder(v, 2);
    const first = await refundOrder(orderId, { amount: 1500n, reason: "chipped", idempotencyKey: "key-a" });
    const again = await refundOrder(orderId, { amount: 1500n, reason: "chipped", idempotencyKey: "key-a" });
    expect(again.replayed).toBe(true);
    expect(again.refund.id).toBe(first.refund.id);
    expect(stripeRefunds(pi)).toHaveLength(1);
    expect(stripeRefunds(pi)[0]!.amount).toBe(1500); // €15.00 in Stripe's cents
    expect(first.before).toMatchObject({ status: "paid", refundedTotal: "0" });
    expect(first.after).toMatchObject({ status: "partially_refunded", refundedTotal: "1500" });
    const rows = await db.current.db.select().from(refundsTable).where(eq(refundsTable.orderId, orderId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.providerRef).toBe(stripeRefunds(pi)[0]!.id);
    // The same key for a different amount is a mistake the caller must see.
    await expect(refundOrder(orderId, { amount: 1000n, idempotencyKey: "key-a" })).rejects.toMatchObject({ status: 409, code: "idempotency_key_reused" });
    const sent = await mails(orderId);
    expect(sent.filter((m) => m.template === "refund-confirmation")).toHaveLength(1);
    expect(sent.find((m) => m.template === "refund-confirmation")!.to).toBe("anna@example.de");
  });

  it("two requests racing with one key (a double-click, a client retry) make one refund", async () => {
    const v = await makeVariant(10);
    const { orderId, pi } = await paidOrder(v, 1);
    const [x, y] = await Promise.all([
      refundOrder(orderId, { amount: 500n, idempotencyKey: "race" }),
      refundOrder(orderId, { amount: 500n, idempotencyKey: "race" }),
    ]);
    expect(x.refund.id).toBe(y.refund.id);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect(stripeRefunds(pi)).toHaveLength(1);
    expect((await db.current.db.select().from(refundsTable).where(eq(refundsTable.orderId, orderId))).length).toBe(1);
  });

  it("never more than captured minus refunded: 4xx naming what is left, and Stripe is not called", async () => {
    const v = await makeVariant(10);
    const { orderId, pi } = await paidOrder(v, 1); // captured €50.00
    await refundOrder(orderId, { amount: 3000n, idempotencyKey: "k1" });
    const calls = stripe.calls.length;
    const over = refundOrder(orderId, { amount: 2001n, idempotencyKey: "k2" });
    await expect(over).rejects.toMatchObject({ status: 422, code: "invalid_refund", field: "amount" });
    await expect(over).rejects.toThrow("20.00 EUR");
    expect(stripe.calls.length).toBe(calls);
    await expect(refundOrder(orderId, { amount: 0n, idempotencyKey: "k3" })).rejects.toMatchObject({ status: 422 });
    const rest = await refundOrder(orderId, { amount: 2000n, idempotencyKey: "k4" });
    expect(rest.order).toMatchObject({ status: "refunded", refundedTotal: 5000n });
    expect(stripeRefunds(pi).map((r) => r.amount)).toEqual([3000, 2000]);
  });

  it("support's limit: above maxAmount is refused with 403, at the limit it goes through", async () => {
    const v = await makeVariant(10);
    const { orderId, pi } = await paidOrder(v, 2);
    await expect(refundOrder(orderId, { amount: 2500n, maxAmount: 2000n, idempotencyKey: "s1" })).rejects.toMatchObject({
      status: 403,
      code: "refund_limit_exceeded",
      field: "amount",
    });
    expect(stripeRefunds(pi)).toHaveLength(0);
    const ok = await refundOrder(orderId, { amount: 2000n, maxAmount: 2000n, idempotencyKey: "s2" });
    expect(ok.order.refundedTotal).toBe(2000n);
  });

  it("restocks the refunded units at the warehouse they left, at most the line's quantity", async () => {
    const v = await makeVariant(10);
    const { orderId } = await paidOrder(v, 3);
    expect((await onHand(v)).onHand).toBe(7);
    const detail = await getOrderAdminDetail(orderId);
    const line = detail.lines[0]!;
    const r = await refundOrder(orderId, { amount: 5000n, idempotencyKey: "r1", restock: [{ orderLineId: line.id, quantity: 1 }] });
    expect((await onHand(v)).onHand).toBe(8);
    expect(r.after.lines[line.id]).toEqual({ fulfilled: 0, restocked: 1 });
    // A replay restocks nothing more.
    await refundOrder(orderId, { amount: 5000n, idempotencyKey: "r1", restock: [{ orderLineId: line.id, quantity: 1 }] });
    expect((await onHand(v)).onHand).toBe(8);
    await expect(refundOrder(orderId, { amount: 1000n, idempotencyKey: "r2", restock: [{ orderLineId: line.id, quantity: 3 }] })).rejects.toMatchObject({
      status: 422,
      field: "restock",
    });
    expect((await onHand(v)).onHand).toBe(8);
  });
});

describe("fulfilment, cancellation, notes, list and detail", () => {
  it("fulfils once per key with carrier and tracking number; one shipping email", async () => {
    const v = await makeVariant(10);
    const { orderId } = await paidOrder(v, 2);
    const a = await shipOrder(orderId, { carrier: "dhl", trackingNumber: "JJD000390007", idempotencyKey: "ship-1" });
    const b = await shipOrder(orderId, { carrier: "dhl", trackingNumber: "JJD000390007", idempotencyKey: "ship-1" });
    expect(a).toMatchObject({ status: "fulfilled", replayed: false });
    expect(b).toMatchObject({ fulfillmentId: a.fulfillmentId, replayed: true });
    expect(a.before.status).toBe("paid");
    await expect(shipOrder(orderId, { carrier: "dhl", trackingNumber: "X", idempotencyKey: "ship-2" })).rejects.toMatchObject({ status: 409 });
    await expect(shipOrder(orderId, { carrier: " ", trackingNumber: "X" })).rejects.toMatchObject({ status: 422, field: "carrier" });
    const sent = await mails(orderId);
    expect(sent.filter((m) => m.template === "shipping-confirmation")).toHaveLength(1);
    expect(sent.find((m) => m.template === "shipping-confirmation")!.text).toContain("JJD000390007");
    await expect(cancelOrder(orderId, { reason: "customer asked" })).rejects.toMatchObject({ status: 409 });
  });

  it("cancels a paid order: the whole charge back at Stripe, every unit back on hand, reason on the timeline; again is a no-op", async () => {
    const v = await makeVariant(10);
    const { orderId, pi } = await paidOrder(v, 2);
    await refundOrder(orderId, { amount: 1000n, idempotencyKey: "goodwill" });
    const c = await cancelOrder(orderId, { reason: "customer changed their mind" });
    expect(c.before.status).toBe("partially_refunded");
    expect(c.order).toMatchObject({ status: "cancelled", refundedTotal: 10000n });
    expect(stripeRefunds(pi).map((r) => r.amount)).toEqual([1000, 9000]);
    expect((await onHand(v)).onHand).toBe(10);
    const again = await cancelOrder(orderId, { reason: "twice" });
    expect(again.replayed).toBe(true);
    expect(stripeRefunds(pi)).toHaveLength(2);
    expect((await onHand(v)).onHand).toBe(10);
    const d = await getOrderAdminDetail(orderId);
    expect(d.timeline.some((t) => t.toStatus === "cancelled" && t.text === "customer changed their mind")).toBe(true);
    expect(d.payment).toMatchObject({ captured: 10000n, refunded: 10000n, refundable: 0n });
    await expect(cancelOrder(orderId, { reason: " " })).rejects.toMatchObject({ status: 422, field: "reason" });
  });

  it("cancels an unpaid voucher order: stock released, the intent cancelled at Stripe, the payment given up", async () => {
    const v = await makeVariant(10);
    const { orderId, pi, paymentId } = await paidOrder(v, 1, "voucher@example.de", "pending");
    expect(await onHand(v)).toMatchObject({ onHand: 10, reserved: 1 });
    const c = await cancelOrder(orderId, { reason: "voucher not wanted" });
    expect(c.order.status).toBe("cancelled");
    expect(await onHand(v)).toMatchObject({ onHand: 10, reserved: 0 });
    const [p] = await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, paymentId));
    expect(p!.status).toBe("canceled");
    expect(stripe.calls.some((call) => call.path === `/v1/payment_intents/${pi}/cancel`)).toBe(true);
    expect(stripeRefunds(pi)).toHaveLength(0);
  });

  it("the change hook runs inside the change's transaction: it sees before/after, and its failure undoes the change", async () => {
    const v = await makeVariant(10);
    const { orderId } = await paidOrder(v, 1);
    await expect(
      shipOrder(orderId, { carrier: "dhl", trackingNumber: "JJD1" }, async () => {
        throw new Error("audit log unavailable");
      }),
    ).rejects.toThrow("audit log unavailable");
    expect((await getOrderAdminDetail(orderId)).fulfillments).toHaveLength(0);
    const seen: unknown[] = [];
    await refundOrder(orderId, { amount: 700n, idempotencyKey: "hooked" }, async (tx, change) => {
      const [row] = await tx.select().from(refundsTable).where(eq(refundsTable.orderId, orderId));
      seen.push(row?.amount, change);
    });
    expect(seen[0]).toBe(700n);
    expect(seen[1]).toMatchObject({ entityId: orderId, before: { refundedTotal: "0" }, after: { refundedTotal: "700", refund: { amount: "700" } } });
    const calls: unknown[] = [];
    await refundOrder(orderId, { amount: 700n, idempotencyKey: "hooked" }, async (_tx, change) => void calls.push(change));
    expect(calls).toHaveLength(0); // a replay changed nothing, so nothing is logged
    const cancelled: unknown[] = [];
    await cancelOrder(orderId, { reason: "out of glaze" }, async (_tx, change) => void cancelled.push(change));
    expect(cancelled).toEqual([expect.objectContaining({ before: expect.objectContaining({ status: "partially_refunded" }), after: expect.objectContaining({ status: "cancelled", refundedTotal: "5000" }) })]);
  });

  it("notes carry author and time and sit in the timeline in time order", async () => {
    const v = await makeVariant(10);
    const { orderId } = await paidOrder(v, 1);
    await addOrderNote(orderId, { author: "sam@kilnandloom.example", text: "Called the customer" });
    await shipOrder(orderId, { carrier: "ups", trackingNumber: "1Z999AA10123456784" });
    await expect(addOrderNote(orderId, { author: "sam", text: "  " })).rejects.toMatchObject({ status: 422, field: "text" });
    const d = await getOrderAdminDetail(orderId);
    expect(d.timeline.map((t) => `${t.kind}:${t.toStatus}`)).toEqual(["status:pending_payment", "status:paid", "note:paid", "status:fulfilled"]);
    expect(d.notes).toEqual([expect.objectContaining({ author: "sam@kilnandloom.example", text: "Called the customer" })]);
    const times = d.timeline.map((t) => +t.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("lists with filters, search by number or email (any case), sort and pages, with the total", async () => {
    const v = await makeVariant(20);
    const a = await paidOrder(v, 1, "Lena.Kraus@Example.de");
    const b = await paidOrder(v, 1, "lena.kraus@example.de");
    const c = await paidOrder(v, 1, "other@example.de");
    await cancelOrder(c.orderId, { reason: "test" });
    const numbers = Object.fromEntries(
      (await db.current.db.select({ id: ordersTable.id, n: ordersTable.number }).from(ordersTable)).map((r) => [r.id, r.n]),
    );
    const byEmail = await listOrders({ q: "LENA.KRAUS", sort: "number", direction: "asc" });
    expect(byEmail.total).toBe(2);
    expect(byEmail.rows.map((r) => r.id)).toEqual([a.orderId, b.orderId]);
    expect(byEmail.rows[0]).toMatchObject({ itemCount: 1, currency: "EUR", total: 5000n, customerName: "Anna Schmidt" });
    expect((await listOrders({ q: `#${numbers[b.orderId]}` })).rows.map((r) => r.id)).toEqual([b.orderId]);
    expect((await listOrders({ q: "100%_" })).total).toBe(0);
    const cancelled = await listOrders({ status: "cancelled", market: "de-de" });
    expect(cancelled.rows.map((r) => r.id)).toContain(c.orderId);
    expect(cancelled.rows.every((r) => r.status === "cancelled")).toBe(true);
    const all = await listOrders({ sort: "number", direction: "desc", pageSize: 2 });
    const page2 = await listOrders({ sort: "number", direction: "desc", pageSize: 2, page: 2 });
    expect(all.rows[0]!.number).toBeGreaterThan(all.rows[1]!.number);
    expect(page2.rows[0]!.number).toBeLessThan(all.rows[1]!.number);
    expect(page2.total).toBe(all.total);
    const past = await listOrders({ pageSize: 2, page: 999 });
    expect(past).toMatchObject({ rows: [], total: all.total });
    expect((await listOrders({ from: new Date(Date.now() + 86_400_000) })).total).toBe(0);
    expect((await listOrders({ to: new Date(Date.now() - 86_400_000) })).total).toBe(0);
    await expect(listOrders({ pageSize: 101 })).rejects.toMatchObject({ status: 400, field: "pageSize" });
  });
});
