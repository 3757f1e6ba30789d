import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  discountsTable,
  inventoryLevelsTable,
  jobsTable,
  marketsTable,
  orderEventsTable,
  ordersTable,
  outboxEmailsTable,
  paymentsTable,
  shippingRatesTable,
  variantPricesTable,
  webhookEventsTable,
} from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { resetEnvForTests } from "~/lib/env.server";
import { isUserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { addLine, createCart, reloadCart, updateCartDetails, type CartRow } from "../cart/cart.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { runDueJobs } from "../jobs/jobs.server";
import { getMarket, invalidateStoreConfig } from "../markets/markets.server";
import { standinCardFingerprint, startStripeStandin, signedWebhook, type StripeStandin } from "../../../test/stand-ins/stripe";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { invalidateShippingRates } from "../shipping/shipping.server";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { completePayment, expireReservations, paymentReturnPath, startPayment } from "./checkout.server";
import { priceCart } from "../cart/pricing.server";

const db = useTestDatabase();
const ORIGIN = "http://shop.test";
const WEBHOOK_SECRET = "whsec_test_secret";
let stripe: StripeStandin;

const DE = { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
const AT = { name: "Karl Huber", line1: "Ring 2", city: "Wien", postalCode: "1010", country: "AT" };
const FR = { name: "Marie Dupont", line1: "1 rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" };
const JP = { name: "山田 花子", line1: "千代田1-1", city: "千代田区", region: "13", postalCode: "100-0001", country: "JP" };
const KW = { name: "Fatima Al-Sabah", line1: "Street 1", city: "Kuwait City", country: "KW" };

function useStripe(on: boolean) {
  if (on) {
    process.env.STRIPE_SECRET_KEY = "sk_test_harbor";
    process.env.STRIPE_API_HOST = stripe.host;
    process.env.STRIPE_API_PORT = String(stripe.port);
    process.env.STRIPE_API_PROTOCOL = "http";
  } else {
    delete process.env.STRIPE_SECRET_KEY;
  }
  resetEnvForTests();
}

beforeAll(async () => {
  stripe = await startStripeStandin();
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  registerAllJobHandlers();
});
afterAll(async () => {
  useStripe(false);
  await stripe.close();
});
beforeEach(() => useStripe(false));

/** A new variant with an explicit price list and stock, so each test controls its numbers. */
async function makeVariant(prices: Record<string, bigint>, stock: Record<string, number> = { loc_cn_sz: 100 }): Promise<string> {
  const d = db.current.db;
  const [base] = await d.execute(sql`select id, product_id from product_variants order by id limit 1`).then((r) => ("rows" in (r as object) ? (r as { rows: { id: string; product_id: string }[] }).rows : (r as unknown as { id: string; product_id: string }[])));
  const id = newId("var");
  await d.execute(sql`insert into product_variants (id, product_id, sku, position, options, weight_grams) values (${id}, ${base!.product_id}, ${id.toUpperCase()}, 99, '{}'::jsonb, 300)`);
  for (const [currency, amount] of Object.entries(prices)) await d.insert(variantPricesTable).values({ variantId: id, currency, amount });
  for (const [locationId, onHand] of Object.entries(stock)) await d.insert(inventoryLevelsTable).values({ variantId: id, locationId, onHand, reserved: 0 });
  await refreshMarketPrices([base!.product_id]);
  return id;
}

async function cartWith(market: string, lines: [string, number][], address: object, opts: { method?: string; codes?: string[]; email?: string } = {}): Promise<CartRow> {
  const m = (await getMarket(market))!;
  const { cart } = await createCart(m);
  for (const [v, q] of lines) await addLine(cart, v, q);
  await updateCartDetails(cart, { email: opts.email ?? "shopper@example.com", shippingAddress: address as CartRow["shippingAddress"], discountCodes: opts.codes ?? [] });
  const priced = await priceCart(await reloadCart(cart));
  const method = opts.method ?? priced.shippingQuotes.find((q) => q.method !== "local")?.method ?? priced.shippingQuotes[0]!.method;
  await updateCartDetails(cart, { shippingMethod: method });
  return reloadCart(cart);
}

async function freeShipping(market: string) {
  await db.current.db.update(shippingRatesTable).set({ freeOver: 0n }).where(and(eq(shippingRatesTable.market, market), eq(shippingRatesTable.method, "postal")));
  invalidateShippingRates();
}

async function addDiscount(code: string, values: Partial<typeof discountsTable.$inferInsert>) {
  await db.current.db.insert(discountsTable).values({ id: newId("disc"), code, kind: "fixed", ...values });
}

describe("money in Stripe units", () => {
  it("charges ¥80 as 80, not 8000, and refunds in the same units", async () => {
    useStripe(true);
    const v = await makeVariant({ USD: 100n, JPY: 80n });
    await db.current.db.update(shippingRatesTable).set({ freeOver: 0n }).where(eq(shippingRatesTable.market, "ja-jp"));
    invalidateShippingRates();
    const cart = await cartWith("ja-jp", [[v, 1]], JP, { method: "postal" });
    const started = await startPayment(cart, { origin: ORIGIN });
    expect(started.payment.amount).toBe(80n);
    const pi = stripe.paymentIntents.get(started.payment.providerRef!)!;
    expect(pi.amount).toBe(80);
    expect(pi.currency).toBe("jpy");
    stripe.setStatus(pi.id, "succeeded");
    const { getPaymentProvider } = await import("../payments/providers.server");
    await getPaymentProvider().refund({ providerRef: pi.id, amount: 80n, currency: "JPY", idempotencyKey: "r1" });
    expect([...stripe.refunds.values()][0]!.amount).toBe(80);
  });

  it("round-trips a KWD order exactly (three decimals, charged in multiples of 10 fils)", async () => {
    useStripe(true);
    const v = await makeVariant({ USD: 1000n, KWD: 12345n });
    const cart = await cartWith("ar-kw", [[v, 1]], KW);
    const pricing = await priceCart(cart);
    expect(pricing.totals.total % 10n).toBe(0n);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = stripe.paymentIntents.get(started.payment.providerRef!)!;
    expect(BigInt(pi.amount)).toBe(started.payment.amount);
    expect(started.payment.amount).toBe(pricing.totals.total);
    stripe.setStatus(pi.id, "succeeded");
    const orderId = await completePayment(started.payment.id, "succeeded");
    const [order] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, orderId!));
    expect(order!.total).toBe(pricing.totals.total);
    expect(order!.currency).toBe("KWD");
  });
});

describe("totals", () => {
  it("€50 including VAT minus a €10 fixed discount totals €40.00, tax inside", async () => {
    await freeShipping("de-de");
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    await addDiscount("TENOFF", { kind: "fixed", amounts: { EUR: "1000" } });
    const cart = await cartWith("de-de", [[v, 1]], DE, { method: "postal", codes: ["TENOFF"] });
    const p = await priceCart(cart);
    expect(p.totals.total).toBe(4000n);
    expect(p.totals.discounts).toBe(1000n);
    expect(p.tax.included).toBe(639n); // 40.00 × 19/119
    expect(p.tax.added).toBe(0n);
  });

  it("a 100% discount totals exactly 0 and orders without a payment provider", async () => {
    await freeShipping("de-de");
    const v = await makeVariant({ USD: 5500n, EUR: 4995n });
    await addDiscount("FREE100", { kind: "percentage", percentBp: 10000 });
    const cart = await cartWith("de-de", [[v, 2]], DE, { method: "postal", codes: ["FREE100"] });
    const p = await priceCart(cart);
    expect(p.totals.total).toBe(0n);
    expect(p.totals.tax).toBe(0n);
    const started = await startPayment(cart, { origin: ORIGIN });
    expect(started.orderId).toBeTruthy();
  });

  it("per-line tax rounding reconciles with the order total", async () => {
    await freeShipping("de-de");
    const vs = [await makeVariant({ USD: 100n, EUR: 101n }), await makeVariant({ USD: 100n, EUR: 103n }), await makeVariant({ USD: 100n, EUR: 107n })];
    const cart = await cartWith("de-de", vs.map((v) => [v, 3] as [string, number]), DE, { method: "postal" });
    const p = await priceCart(cart);
    const sumLines = p.tax.taxLines.reduce((a, t) => a + t.amount, 0n);
    expect(sumLines).toBe(p.tax.included);
    const started = await startPayment(cart, { origin: ORIGIN });
    const orderId = await completePayment(started.payment.id, "succeeded");
    const { getOrderDetails } = await import("../orders/orders.server");
    const d = await getOrderDetails(orderId!);
    expect(d.taxLines.reduce((a, t) => a + t.amount, 0n)).toBe(p.tax.included);
    expect(d.lines.reduce((a, l) => a + l.total, 0n) + p.totals.shipping).toBe(p.totals.total);
  });

  it("the same EU shelf price gives different VAT lines for DE, AT and FR; changing the address recalculates", async () => {
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const de = await cartWith("de-de", [[v, 1]], DE, { method: "express" });
    const pde = await priceCart(de);
    expect(pde.tax.taxLines[0]).toMatchObject({ jurisdiction: "DE", rateBp: 1900 });
    await updateCartDetails(de, { shippingAddress: AT as CartRow["shippingAddress"] });
    const pat = await priceCart(await reloadCart(de));
    expect(pat.tax.taxLines[0]).toMatchObject({ jurisdiction: "AT", rateBp: 2000 });
    expect(pat.lines[0]!.subtotal).toBe(pde.lines[0]!.subtotal);
    const fr = await cartWith("fr-fr", [[v, 1]], FR, { method: "express" });
    const pfr = await priceCart(fr);
    expect(pfr.lines[0]!.unitPrice).toBe(5000n);
    expect(pfr.tax.taxLines[0]).toMatchObject({ jurisdiction: "FR", rateBp: 2000, amount: 833n });
    expect(pde.tax.taxLines[0]!.amount).toBe(798n);
  });

  it("€160 to DE is €134.45 net of VAT: within the €150 IOSS threshold, so VAT is collected (no import notice)", async () => {
    // Directive 2017/2455 / IOSS: the €150 test is on the intrinsic value, excluding VAT and transport.
    const v = await makeVariant({ USD: 17500n, EUR: 16000n });
    const cart = await cartWith("de-de", [[v, 1]], DE, { method: "express" });
    const p = await priceCart(cart);
    expect(p.tax.notices).toEqual([]);
    expect(p.tax.taxLines.find((t) => t.lineId === p.lines[0]!.id)).toMatchObject({ jurisdiction: "DE", amount: 2555n, included: true }); // 160 × 19/119
    expect(p.totals.total).toBe(16000n + p.totals.shipping);
    expect(p.lines[0]!.taxRegime).toBe("import_under_threshold");
  });

  it("€180 to DE (€151.26 net): DDU shows and charges the net prices plus an on-delivery estimate; DDP charges VAT plus the duty", async () => {
    const v = await makeVariant({ USD: 19500n, EUR: 18000n });
    const cart = await cartWith("de-de", [[v, 1]], DE, { method: "express" });
    const ddu = await priceCart(cart);
    expect(ddu.tax.taxLines).toEqual([]);
    expect(ddu.tax.notices).toEqual([{ code: "duties_due_on_delivery" }]);
    // 180 × 19/119 = 28.74 VAT is not collected: the line is shown and charged at 151.26
    expect(ddu.lines[0]!.amount).toBe(15126n);
    expect(ddu.totals.subtotal).toBe(15126n);
    expect(ddu.totals.total).toBe(ddu.totals.subtotal - ddu.totals.discounts + ddu.totals.shipping);
    expect(ddu.tax.dueOnDelivery).toBeGreaterThan(605n);
    expect(ddu.lines[0]!.taxRegime).toBe("import_ddu");
    await db.current.db.update(marketsTable).set({ dutyMode: "DDP" }).where(eq(marketsTable.handle, "de-de"));
    invalidateStoreConfig();
    const ddp = await priceCart(cart);
    expect(ddp.tax.taxLines.some((t) => t.kind === "tax" && t.jurisdiction === "DE")).toBe(true);
    expect(ddp.totals.duties).toBe(605n); // 4% of the €151.26 net goods value
    expect(ddp.totals.total).toBe(ddp.totals.subtotal + ddp.totals.shipping + ddp.totals.duties);
    expect(ddp.tax.notices).toEqual([{ code: "duties_and_taxes_prepaid" }]);
    await db.current.db.update(marketsTable).set({ dutyMode: "DDU" }).where(eq(marketsTable.handle, "de-de"));
    invalidateStoreConfig();
  });

  it("refuses a currency the market does not sell in and never trusts a client price", async () => {
    const de = (await getMarket("de-de"))!;
    await expect(createCart(de, { currency: "USD" })).rejects.toMatchObject({ code: "currency_not_enabled" });
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const { action } = await import("~/routes/api.v1.carts.$id.lines");
    const { cart, token } = await createCart(de);
    const res = await action({
      request: new Request(`${ORIGIN}/api/v1/carts/${cart.id}/lines`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-cart-token": token },
        body: JSON.stringify({ variantId: v, quantity: 1, price: "0.01", unitPrice: { amount: "0.01", currencyCode: "EUR" } }),
      }),
      params: { id: cart.id },
      context: {},
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.lines[0].unitPrice).toEqual({ amount: "50.00", currencyCode: "EUR" });
  });
});

describe("payments and orders", () => {
  it("double-submitting the pay button makes one PaymentIntent and one order", async () => {
    useStripe(true);
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const cart = await cartWith("de-de", [[v, 1]], DE);
    const before = stripe.createCount;
    const [a, b] = await Promise.all([startPayment(cart, { origin: ORIGIN }), startPayment(cart, { origin: ORIGIN })]);
    const c = await startPayment(cart, { origin: ORIGIN });
    expect(a.payment.id).toBe(b.payment.id);
    expect(c.payment.id).toBe(a.payment.id);
    expect(stripe.createCount - before).toBe(1);
    stripe.setStatus(a.payment.providerRef!, "succeeded");
    const ids = await Promise.all([completePayment(a.payment.id, "succeeded"), completePayment(a.payment.id, "succeeded")]);
    expect(ids[0]).toBe(ids[1]);
    const orders = await db.current.db.select().from(ordersTable).where(eq(ordersTable.cartId, cart.id));
    expect(orders).toHaveLength(1);
  });

  it("webhook: 10 deliveries → one state change; forged or stale signatures → 400 and nothing changes; races the return page → one order", async () => {
    useStripe(true);
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const cart = await cartWith("de-de", [[v, 1]], DE);
    const started = await startPayment(cart, { origin: ORIGIN });
    const pi = started.payment.providerRef!;
    stripe.setStatus(pi, "succeeded");
    const event = stripe.event("payment_intent.succeeded", pi, { id: "evt_replayed" });
    const post = (body: string, header: string) =>
      webhookAction({ request: new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body, headers: { "stripe-signature": header } }), params: {}, context: {} });

    const forged = signedWebhook(event, "whsec_wrong");
    expect((await post(forged.body, forged.header)).status).toBe(400);
    const stale = signedWebhook(event, WEBHOOK_SECRET, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(stale.body, stale.header)).status).toBe(400);
    const [p0] = await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, started.payment.id));
    expect(p0!.status).toBe("requires_payment");

    const signed = signedWebhook(event, WEBHOOK_SECRET);
    const { loader: returnPage } = await import("~/routes/market.checkout.return");
    // The shopper's browser comes back (the real return-page loader, with what Stripe appends to
    // return_url) while Stripe delivers the same event ten times: all at once.
    const returned = `${ORIGIN}${paymentReturnPath("de-de", started.payment.id)}&payment_intent=${pi}&redirect_status=succeeded`;
    const [ret, ...hooks] = await Promise.all([
      returnPage({ request: new Request(returned), params: { market: "de-de" }, context: {} }) as Promise<Response>,
      ...Array.from({ length: 10 }, () => post(signed.body, signed.header)),
    ]);
    expect(hooks.every((r) => r.status === 200)).toBe(true);
    const orders = await db.current.db.select().from(ordersTable).where(eq(ordersTable.cartId, cart.id));
    expect(orders).toHaveLength(1);
    expect(ret.status).toBe(302);
    expect(new URL(ret.headers.get("location")!, ORIGIN).pathname).toBe(`/de-de/orders/${orders[0]!.id}`);
    const confirmations = await db.current.db
      .select()
      .from(jobsTable)
      .where(and(eq(jobsTable.kind, "orders.email"), sql`${jobsTable.payload}->>'template' = 'order-confirmation'`, sql`${jobsTable.payload}->>'orderId' = ${orders[0]!.id}`));
    expect(confirmations).toHaveLength(1);
    const events = await db.current.db.select().from(orderEventsTable).where(eq(orderEventsTable.orderId, orders[0]!.id));
    expect(events.filter((e) => e.toStatus === "paid")).toHaveLength(1);
    const seen = await db.current.db.select().from(webhookEventsTable).where(eq(webhookEventsTable.id, "evt_replayed"));
    expect(seen).toHaveLength(1);
    // An event for a PaymentIntent this store did not create is acknowledged and ignored.
    const foreign = signedWebhook({ ...event, id: "evt_foreign", data: { object: { ...(event.data as { object: object }).object, id: "pi_not_ours" } } }, WEBHOOK_SECRET);
    const r = await post(foreign.body, foreign.header);
    expect(await r.json()).toMatchObject({ ignored: true });
  });

  it("keeps the card fingerprint of a Stripe payment (the charge's payment_method_details.card.fingerprint), from the return page and from the webhook", async () => {
    useStripe(true);
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const fingerprintOf = async (paymentId: string) => (await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, paymentId)))[0]!.cardFingerprint;

    const returned = await startPayment(await cartWith("de-de", [[v, 1]], DE), { origin: ORIGIN });
    stripe.setStatus(returned.payment.providerRef!, "succeeded", { card: "4242 4242 4242 4242" });
    expect(await completePayment(returned.payment.id, "succeeded")).toMatch(/^ord_/);
    expect(await fingerprintOf(returned.payment.id)).toBe(standinCardFingerprint("4242424242424242"));

    const hooked = await startPayment(await cartWith("de-de", [[v, 1]], DE), { origin: ORIGIN });
    const pi = hooked.payment.providerRef!;
    stripe.setStatus(pi, "succeeded", { card: "5555 5555 5555 4444" });
    const { body, header } = signedWebhook(stripe.event("payment_intent.succeeded", pi), WEBHOOK_SECRET);
    const res = await webhookAction({ request: new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body, headers: { "stripe-signature": header } }), params: {}, context: {} });
    expect(res.status).toBe(200);
    expect(await fingerprintOf(hooked.payment.id)).toBe(standinCardFingerprint("5555555555554444"));
    expect(standinCardFingerprint("5555555555554444")).not.toBe(standinCardFingerprint("4242424242424242"));
  });

  it("takes the order when the charge cannot be read: the fingerprint is only missing", async () => {
    useStripe(true);
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const started = await startPayment(await cartWith("de-de", [[v, 1]], DE), { origin: ORIGIN });
    const pi = stripe.setStatus(started.payment.providerRef!, "succeeded");
    // The charge is gone at the provider (a 404 for GET /v1/charges/{id}) and the intent no longer expands it.
    stripe.charges.delete(pi.latest_charge!);
    const orderId = await completePayment(started.payment.id, "succeeded");
    const [order] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, orderId!));
    expect(order!.status).toBe("paid");
    const [payment] = await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, started.payment.id));
    expect(payment).toMatchObject({ status: "succeeded", cardFingerprint: null });
    expect(stripe.calls.some((c) => c.path === `/v1/charges/${pi.latest_charge}` && c.status === 404)).toBe(true);
  });

  it("sends the order confirmation through the jobs table into the outbox, in the shopper's language", async () => {
    const v = await makeVariant({ USD: 5500n, EUR: 5000n });
    const cart = await cartWith("de-de", [[v, 1]], DE, { email: "anna@example.de" });
    const started = await startPayment(cart, { origin: ORIGIN });
    const orderId = await completePayment(started.payment.id, "succeeded");
    await runDueJobs({ limit: 50 });
    await runDueJobs({ limit: 50 });
    const mails = await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.orderId, orderId!));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe("anna@example.de");
    expect(mails[0]!.locale).toBe("de");
    expect(mails[0]!.subject).toMatch(/Bestellung/);
  });

  it("a declined payment releases the stock; an expired reservation is released by the job", async () => {
    const v = await makeVariant({ USD: 5500n, EUR: 5000n }, { loc_cn_sz: 3 });
    const cart = await cartWith("de-de", [[v, 2]], DE);
    const s1 = await startPayment(cart, { origin: ORIGIN });
    const level = async () => (await db.current.db.select().from(inventoryLevelsTable).where(eq(inventoryLevelsTable.variantId, v)))[0]!;
    expect((await level()).reserved).toBe(2);
    await completePayment(s1.payment.id, "failed");
    expect((await level()).reserved).toBe(0);
    const s2 = await startPayment(cart, { origin: ORIGIN });
    expect(s2.payment.id).not.toBe(s1.payment.id);
    expect((await level()).reserved).toBe(2);
    expect(await expireReservations(new Date(Date.now() + 31 * 60_000))).toBeGreaterThanOrEqual(1);
    expect((await level())).toMatchObject({ reserved: 0, onHand: 3 });
    const [p2] = await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, s2.payment.id));
    expect(p2!.status).toBe("canceled");
  });
});

describe("out of order", () => {
  it("a success after the reservation expired takes the stock again and creates the order; a late failure changes nothing", async () => {
    const v = await makeVariant({ USD: 5500n, EUR: 5000n }, { loc_cn_sz: 4 });
    const cart = await cartWith("de-de", [[v, 1]], DE);
    const s = await startPayment(cart, { origin: ORIGIN });
    await expireReservations(new Date(Date.now() + 31 * 60_000));
    const orderId = await completePayment(s.payment.id, "succeeded");
    expect(orderId).toBeTruthy();
    expect(await completePayment(s.payment.id, "failed")).toBe(orderId);
    const [lvl] = await db.current.db.select().from(inventoryLevelsTable).where(eq(inventoryLevelsTable.variantId, v));
    expect(lvl).toMatchObject({ onHand: 3, reserved: 0 });
    const [p] = await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, s.payment.id));
    expect(p!.status).toBe("succeeded");
  });
});

describe("concurrency", () => {
  it("50 concurrent checkouts for 5 units → exactly 5 paid orders, stock 0, never negative", async () => {
    const v = await makeVariant({ USD: 5500n, EUR: 5000n }, { loc_cn_sz: 5 });
    const carts: CartRow[] = [];
    for (let i = 0; i < 50; i++) carts.push(await cartWith("de-de", [[v, 1]], DE, { method: "express", email: `buyer${i}@example.com` }));
    const results = await Promise.allSettled(carts.map((c) => startPayment(c, { origin: ORIGIN })));
    const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof startPayment>>> => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(5);
    expect(failed.every((f) => isUserError(f.reason) && f.reason.code === "insufficient_stock")).toBe(true);
    await Promise.all(ok.map((r) => completePayment(r.value.payment.id, "succeeded")));
    const [lvl] = await db.current.db.select().from(inventoryLevelsTable).where(and(eq(inventoryLevelsTable.variantId, v), eq(inventoryLevelsTable.locationId, "loc_cn_sz")));
    expect(lvl).toMatchObject({ onHand: 0, reserved: 0 });
    const paid = await db.current.db.select().from(ordersTable).where(eq(ordersTable.status, "paid"));
    const mine = paid.filter((o) => carts.some((c) => c.id === o.cartId));
    expect(mine).toHaveLength(5);
  });
});
