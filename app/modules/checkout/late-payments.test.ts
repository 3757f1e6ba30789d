import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  inventoryLevelsTable,
  orderEventsTable,
  ordersTable,
  outboxEmailsTable,
  paymentsTable,
  refundsTable,
  shippingRatesTable,
  variantPricesTable,
  webhookEventsTable,
} from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { resetEnvForTests } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { loader as returnLoader } from "~/routes/market.checkout.return";
import { addLine, createCart, reloadCart, updateCartDetails, type CartRow } from "../cart/cart.server";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { runDueJobs } from "../jobs/jobs.server";
import { getMarket } from "../markets/markets.server";
import { invalidateShippingRates } from "../shipping/shipping.server";
import { priceCart } from "../cart/pricing.server";
import { signedWebhook, startStripeStandin, type StripeStandin } from "../../../test/stand-ins/stripe";
import { completePayment, expireReservations, paymentReturnPath, startPayment } from "./checkout.server";

/*
 * Money that arrives late must end as an order or a refund. Stripe documents that a PaymentIntent
 * whose payment failed returns to `requires_payment_method` and can still be confirmed again, and
 * that delayed methods (SEPA Debit, Boleto, Konbini) report `payment_intent.succeeded` days later
 * (https://docs.stripe.com/payments/paymentintents/lifecycle,
 * https://docs.stripe.com/payments/payment-methods#payment-notification). Stripe retries a webhook
 * answered with anything but 2xx for up to three days (https://docs.stripe.com/webhooks#retries),
 * so a business outcome must be a 2xx.
 */

const db = useTestDatabase();
const ORIGIN = "http://shop.test";
const WEBHOOK_SECRET = "whsec_late_payments";
const DE = { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
let stripe: StripeStandin;

beforeAll(async () => {
  stripe = await startStripeStandin();
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
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

async function makeVariant(stock: number): Promise<string> {
  const d = db.current.db;
  const res = await d.execute(sql`select id, product_id from product_variants order by id limit 1`);
  const rows = ("rows" in (res as object) ? (res as unknown as { rows: { product_id: string }[] }).rows : (res as unknown as { product_id: string }[]));
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

async function germanCart(variantId: string, quantity = 1): Promise<CartRow> {
  await db.current.db.update(shippingRatesTable).set({ freeOver: 0n }).where(and(eq(shippingRatesTable.market, "de-de"), eq(shippingRatesTable.method, "postal")));
  invalidateShippingRates();
  const { cart } = await createCart((await getMarket("de-de"))!);
  await addLine(cart, variantId, quantity);
  await updateCartDetails(cart, { email: "Anna@Example.de", shippingAddress: DE as CartRow["shippingAddress"], discountCodes: [] });
  const priced = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: priced.shippingQuotes.find((q) => q.method === "postal")!.method });
  return reloadCart(cart);
}

function deliver(type: string, piId: string, id: string) {
  const signed = signedWebhook(stripe.event(type, piId, { id }), WEBHOOK_SECRET);
  return webhookAction({
    request: new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body: signed.body, headers: { "stripe-signature": signed.header } }),
    params: {},
    context: {},
  });
}

const payment = async (id: string) => (await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, id)))[0]!;
const level = async (v: string) => (await db.current.db.select().from(inventoryLevelsTable).where(eq(inventoryLevelsTable.variantId, v)))[0]!;
const ordersOf = (cartId: string) => db.current.db.select().from(ordersTable).where(eq(ordersTable.cartId, cartId));

async function drainJobs() {
  for (let i = 0; i < 4; i++) await runDueJobs({ limit: 50 });
}

describe("item 1: a success that arrives late is never lost", () => {
  it("a voucher paid after its pending order was cancelled by the expiry: the order becomes paid, the webhook answers 200", async () => {
    const v = await makeVariant(5);
    const cart = await germanCart(v);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = started.payment.providerRef!;
    await completePayment(started.payment.id, "pending");
    await expireReservations(new Date(Date.now() + 73 * 3_600_000));
    const [cancelled] = await ordersOf(cart.id);
    expect(cancelled!.status).toBe("cancelled");
    expect((await level(v)).reserved).toBe(0);

    stripe.setStatus(pi, "succeeded");
    const res = await deliver("payment_intent.succeeded", pi, "evt_late_voucher");
    expect(res.status).toBe(200);
    const [order] = await ordersOf(cart.id);
    expect(order!.status).toBe("paid");
    expect(await level(v)).toMatchObject({ onHand: 4, reserved: 0 });
    expect((await payment(started.payment.id)).status).toBe("succeeded");
  });

  it("a declined card retried after the stock sold out: refunded in full at Stripe, recorded with the reason, shopper emailed in German, webhook 200", async () => {
    const v = await makeVariant(1);
    const cart = await germanCart(v);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = started.payment.providerRef!;
    stripe.setStatus(pi, "requires_payment_method");
    expect((await deliver("payment_intent.payment_failed", pi, "evt_declined")).status).toBe(200);
    expect((await payment(started.payment.id)).status).toBe("failed");
    // Someone else buys the last unit meanwhile.
    const other = await germanCart(v);
    const otherPay = await startPayment(other, { origin: ORIGIN });
    await completePayment(otherPay.payment.id, "succeeded");

    stripe.setStatus(pi, "succeeded");
    const res = await deliver("payment_intent.succeeded", pi, "evt_late_success");
    expect(res.status).toBe(200);
    expect(await level(v)).toMatchObject({ onHand: 0, reserved: 0 });
    const [order] = await ordersOf(cart.id);
    expect(order!.status).toBe("cancelled");
    const events = await db.current.db.select().from(orderEventsTable).where(eq(orderEventsTable.orderId, order!.id));
    expect(events.some((e) => e.note?.includes("stock is no longer available"))).toBe(true);

    await drainJobs();
    const refunds = [...stripe.refunds.values()].filter((r) => r.payment_intent === pi);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(5000); // €50.00 in Stripe's cents: the whole charge
    const [refund] = await db.current.db.select().from(refundsTable).where(eq(refundsTable.orderId, order!.id));
    expect(refund).toMatchObject({ amount: 5000n, currency: "EUR", providerRef: refunds[0]!.id });
    const [after] = await ordersOf(cart.id);
    expect(after!.refundedTotal).toBe(5000n);
    const mails = await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.orderId, order!.id));
    expect(mails.map((m) => m.template)).toEqual(["payment-refunded"]);
    expect(mails[0]).toMatchObject({ to: "anna@example.de", locale: "de" });
    expect(mails[0]!.subject).toBe(`Ihre Zahlung für Bestellung #${order!.number} wurde erstattet`);

    // A redelivery and a rerun of the jobs refund nothing more.
    expect((await deliver("payment_intent.succeeded", pi, "evt_late_success")).status).toBe(200);
    await drainJobs();
    expect([...stripe.refunds.values()].filter((r) => r.payment_intent === pi)).toHaveLength(1);
  });
});

describe("item 2: a payment whose intent can still succeed is never deleted", () => {
  it("paying again after a decline keeps the declined attempt; its late success makes the order and cancels the newer attempt", async () => {
    const v = await makeVariant(5);
    const cart = await germanCart(v);
    const first = await startPayment(cart, { origin: ORIGIN });
    await completePayment(first.payment.id, "failed");
    const second = await startPayment(cart, { origin: ORIGIN });
    expect(second.payment.id).not.toBe(first.payment.id);
    const kept = await payment(first.payment.id);
    expect(kept).toMatchObject({ status: "failed", supersededBy: second.payment.id });

    stripe.setStatus(first.payment.providerRef!, "succeeded");
    const res = await deliver("payment_intent.succeeded", first.payment.providerRef!, "evt_first_attempt");
    expect(await res.json()).toEqual({ received: true });
    const orders = await ordersOf(cart.id);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: "paid", paymentId: first.payment.id });
    expect((await payment(second.payment.id)).status).toBe("canceled");
    expect(stripe.paymentIntents.get(second.payment.providerRef!)!.status).toBe("canceled");
    expect(await level(v)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("an intent whose id was never stored is found through its harbor_payment_id metadata", async () => {
    const v = await makeVariant(5);
    const cart = await germanCart(v);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = started.payment.providerRef!;
    // As if the process died between creating the intent and storing its id.
    await db.current.db.update(paymentsTable).set({ providerRef: null }).where(eq(paymentsTable.id, started.payment.id));
    stripe.setStatus(pi, "succeeded");
    const res = await deliver("payment_intent.succeeded", pi, "evt_by_metadata");
    expect(await res.json()).toEqual({ received: true });
    expect(await payment(started.payment.id)).toMatchObject({ status: "succeeded", providerRef: pi });
    expect(await ordersOf(cart.id)).toHaveLength(1);
  });
});

describe("item 3: the dedupe record and the effect commit together", () => {
  it("a crash while applying the event leaves no record, so Stripe's redelivery creates the order", async () => {
    const v = await makeVariant(5);
    const cart = await germanCart(v);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = started.payment.providerRef!;
    stripe.setStatus(pi, "succeeded");
    const d = db.current.db;
    // The effect fails (order insert raises), and the process cannot run any clean-up afterwards
    // (deleting a webhook record fails too), as when it crashes between the two steps.
    await d.execute(sql`create or replace function harbor_test_boom() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`);
    await d.execute(sql`create trigger harbor_test_orders_boom before insert on orders for each row execute function harbor_test_boom()`);
    await d.execute(sql`create trigger harbor_test_webhook_cleanup_boom before delete on webhook_events for each row execute function harbor_test_boom()`);
    try {
      await deliver("payment_intent.succeeded", pi, "evt_crashed").then(
        (r) => expect(r.status).toBeGreaterThanOrEqual(500),
        () => undefined,
      );
    } finally {
      await d.execute(sql`drop trigger harbor_test_orders_boom on orders`);
      await d.execute(sql`drop trigger harbor_test_webhook_cleanup_boom on webhook_events`);
    }
    expect(await ordersOf(cart.id)).toHaveLength(0);

    const redelivered = await deliver("payment_intent.succeeded", pi, "evt_crashed");
    expect(await redelivered.json()).toEqual({ received: true });
    expect(await ordersOf(cart.id)).toHaveLength(1);
    expect(await d.select().from(webhookEventsTable).where(eq(webhookEventsTable.id, "evt_crashed"))).toHaveLength(1);
    expect(await (await deliver("payment_intent.succeeded", pi, "evt_crashed")).json()).toEqual({ received: true, duplicate: true });
  });
});

describe("item 4: the return page works without the cart cookie", () => {
  const visit = (url: string) => returnLoader({ request: new Request(url), params: { market: "de-de" }, context: {} });

  it("finds the payment from Stripe's return parameters plus the signed token and redirects to the order status", async () => {
    const v = await makeVariant(5);
    const cart = await germanCart(v);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = stripe.paymentIntents.get(started.payment.providerRef!)!;
    stripe.setStatus(pi.id, "succeeded");
    // What Stripe appends to return_url after confirming (docs.stripe.com/payments/accept-a-payment, "Submit the payment").
    const returned = `${ORIGIN}${paymentReturnPath("de-de", started.payment.id)}&payment_intent=${pi.id}&payment_intent_client_secret=${pi.client_secret}&redirect_status=succeeded`;

    const res = (await visit(returned)) as Response;
    expect(res.status).toBe(302);
    const [order] = await ordersOf(cart.id);
    expect(order!.status).toBe("paid");
    const location = new URL(res.headers.get("location")!, ORIGIN);
    expect(location.pathname).toBe(`/de-de/orders/${order!.id}`);
    expect(location.searchParams.get("token")).toBeTruthy();
  });

  it("refuses a missing or forged token, and an intent that is not this payment's", async () => {
    const v = await makeVariant(5);
    const cart = await germanCart(v);
    const started = await startPayment(cart, { origin: ORIGIN });
    const good = new URL(`${ORIGIN}${paymentReturnPath("de-de", started.payment.id)}`);
    const noToken = `${ORIGIN}/de-de/checkout/return?payment=${started.payment.id}`;
    const forged = `${noToken}&token=${good.searchParams.get("token")!.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`;
    const otherIntent = `${good}&payment_intent=pi_someone_else`;
    for (const url of [noToken, forged, otherIntent]) {
      const thrown = await visit(url).then(() => null, (e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
    expect((await payment(started.payment.id)).status).toBe("requires_payment");
  });
});
