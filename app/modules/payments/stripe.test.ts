/**
 * The Stripe provider through the REAL `stripe` SDK against the local stand-in (no network, no DB).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PaymentProvider } from "./payments";
import { startStripeStandin, signedWebhook, type StripeStandin } from "../../../test/stand-ins/stripe";
import { createStripeProvider, parseStripeWebhook, WebhookSignatureError } from "./stripe.server";

let standin: StripeStandin;
let stripe: PaymentProvider;
let n = 0;

beforeAll(async () => {
  standin = await startStripeStandin();
  stripe = createStripeProvider({ secretKey: "sk_test_harbor", host: standin.host, port: standin.port, protocol: "http" });
});
afterAll(async () => {
  await standin?.close();
});
beforeEach(() => {
  standin.calls.length = 0;
});

function input(amount: bigint, currency: string, extra: Partial<Parameters<PaymentProvider["createPayment"]>[0]> = {}) {
  n++;
  return {
    paymentId: `pay_test${n}`,
    amount,
    currency,
    idempotencyKey: `pay_test${n}:attempt1`,
    email: "shopper@example.com",
    description: `Order #${1000 + n}`,
    returnUrl: "http://localhost:3000/return",
    ...extra,
  };
}
const creates = () => standin.calls.filter((c) => c.method === "POST" && c.path === "/v1/payment_intents");

describe("createPayment", () => {
  it("¥80 creates a PaymentIntent with amount 80 (zero-decimal, as-is)", async () => {
    const i = input(80n, "JPY");
    const created = await stripe.createPayment(i);
    expect(created.providerRef).toMatch(/^pi_/);
    expect(created.clientSecret).toMatch(new RegExp(`^${created.providerRef}_secret_`));
    const pi = standin.paymentIntents.get(created.providerRef)!;
    expect(pi.amount).toBe(80);
    expect(pi.currency).toBe("jpy");
    expect(pi.metadata).toEqual({ harbor_payment_id: i.paymentId });
    expect(pi.automatic_payment_methods).toEqual({ enabled: true });
    expect(pi.receipt_email).toBe("shopper@example.com");
    expect(pi.description).toBe(i.description);
    const [call] = creates();
    expect(call.idempotencyKey).toBe(i.idempotencyKey);
    expect(call.params).toMatchObject({ amount: "80", currency: "jpy", metadata: { harbor_payment_id: i.paymentId } });
  });

  it("€59.00 → 5900", async () => {
    const created = await stripe.createPayment(input(5900n, "EUR"));
    expect(standin.paymentIntents.get(created.providerRef)!.amount).toBe(5900);
  });

  it("KWD 12.340 → 12340; KWD 12.345 is refused before any request", async () => {
    const created = await stripe.createPayment(input(12_340n, "KWD"));
    expect(standin.paymentIntents.get(created.providerRef)).toMatchObject({ amount: 12_340, currency: "kwd" });
    standin.calls.length = 0;
    await expect(stripe.createPayment(input(12_345n, "KWD"))).rejects.toThrow(/multiple of 10/);
    expect(standin.calls).toHaveLength(0);
  });

  it("ISK is two-decimal on Stripe's wire: 5 ISK → 500", async () => {
    const created = await stripe.createPayment(input(5n, "ISK"));
    expect(standin.paymentIntents.get(created.providerRef)!.amount).toBe(500);
  });

  it("omits receipt_email when there is no email", async () => {
    const created = await stripe.createPayment(input(1000n, "USD", { email: null }));
    expect(standin.paymentIntents.get(created.providerRef)!.receipt_email).toBeNull();
    expect(creates()[0].params).not.toHaveProperty("receipt_email");
  });

  it("the same idempotency key twice → one PaymentIntent, same id and client secret", async () => {
    const before = standin.createCount;
    const i = input(80n, "JPY");
    const a = await stripe.createPayment(i);
    const b = await stripe.createPayment(i);
    expect(b.providerRef).toBe(a.providerRef);
    expect(b.clientSecret).toBe(a.clientSecret);
    expect(standin.createCount - before).toBe(1);
    expect(creates()).toHaveLength(2);
    expect(creates().map((c) => c.replayed)).toEqual([false, true]);
  });

  it("a different key → a new PaymentIntent", async () => {
    const before = standin.createCount;
    const i = input(80n, "JPY");
    const a = await stripe.createPayment(i);
    const b = await stripe.createPayment({ ...i, idempotencyKey: `${i.idempotencyKey}-2` });
    expect(b.providerRef).not.toBe(a.providerRef);
    expect(standin.createCount - before).toBe(2);
  });

  it("the same key with different parameters is refused (Stripe idempotency_error)", async () => {
    const i = input(80n, "JPY");
    await stripe.createPayment(i);
    await expect(stripe.createPayment({ ...i, amount: 90n })).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("a lost response is retried by the SDK with the same key → still one PaymentIntent", async () => {
    const before = standin.createCount;
    standin.dropNextResponses(1);
    const created = await stripe.createPayment(input(4200n, "EUR"));
    expect(standin.createCount - before).toBe(1);
    const calls = creates();
    expect(calls).toHaveLength(2);
    expect(calls[0].status).toBe(0); // dropped
    expect(calls[1]).toMatchObject({ status: 200, replayed: true, idempotencyKey: calls[0].idempotencyKey });
    expect(standin.paymentIntents.has(created.providerRef)).toBe(true);
  });
});

describe("retrieveStatus", () => {
  it("maps PaymentIntent statuses", async () => {
    const { providerRef } = await stripe.createPayment(input(80n, "JPY"));
    const status = () => stripe.retrieveStatus(providerRef);
    expect(await status()).toBe("requires_payment");
    standin.setStatus(providerRef, "requires_confirmation");
    expect(await status()).toBe("requires_payment");
    standin.setStatus(providerRef, "requires_action", { nextActionType: "redirect_to_url" });
    expect(await status()).toBe("requires_payment");
    standin.setStatus(providerRef, "requires_action", { nextActionType: "use_stripe_sdk" });
    expect(await status()).toBe("requires_payment");
    standin.setStatus(providerRef, "requires_action", { nextActionType: "konbini_display_details" });
    expect(await status()).toBe("pending");
    standin.setStatus(providerRef, "requires_action", { nextActionType: "boleto_display_details" });
    expect(await status()).toBe("pending");
    standin.setStatus(providerRef, "requires_action", { nextActionType: "oxxo_display_details" });
    expect(await status()).toBe("pending");
    standin.setStatus(providerRef, "processing");
    expect(await status()).toBe("pending");
    standin.setStatus(providerRef, "requires_payment_method", { lastPaymentError: { type: "card_error", message: "declined" } });
    expect(await status()).toBe("requires_payment");
    standin.setStatus(providerRef, "succeeded");
    expect(await status()).toBe("succeeded");
    standin.setStatus(providerRef, "canceled");
    expect(await status()).toBe("canceled");
  });

  it("an unknown PaymentIntent is an error", async () => {
    await expect(stripe.retrieveStatus("pi_doesnotexist")).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
  });
});

describe("refund", () => {
  it("¥80 refund → amount 80 in Stripe units, with the idempotency key", async () => {
    const { providerRef } = await stripe.createPayment(input(80n, "JPY"));
    standin.setStatus(providerRef, "succeeded");
    const { refundRef } = await stripe.refund({ providerRef, amount: 80n, currency: "JPY", idempotencyKey: "ref_1" });
    expect(refundRef).toMatch(/^re_/);
    expect(standin.refunds.get(refundRef)).toMatchObject({ amount: 80, currency: "jpy", payment_intent: providerRef });
    const call = standin.calls.find((c) => c.path === "/v1/refunds")!;
    expect(call.params).toEqual({ payment_intent: providerRef, amount: "80" });
    expect(call.idempotencyKey).toBe("ref_1");
  });

  it("partial refunds in KWD use thousandths; a retried refund key refunds once", async () => {
    const { providerRef } = await stripe.createPayment(input(12_340n, "KWD"));
    standin.setStatus(providerRef, "succeeded");
    const a = await stripe.refund({ providerRef, amount: 2_000n, currency: "KWD", idempotencyKey: "ref_kwd" });
    const b = await stripe.refund({ providerRef, amount: 2_000n, currency: "KWD", idempotencyKey: "ref_kwd" });
    expect(b.refundRef).toBe(a.refundRef);
    expect([...standin.refunds.values()].filter((r) => r.payment_intent === providerRef)).toHaveLength(1);
    expect(standin.refunds.get(a.refundRef)!.amount).toBe(2_000);
    await expect(stripe.refund({ providerRef, amount: 1_235n, currency: "KWD", idempotencyKey: "ref_kwd2" })).rejects.toThrow(
      /multiple of 10/,
    );
  });

  it("refunding more than was paid, or an unpaid intent, is refused by Stripe", async () => {
    const { providerRef } = await stripe.createPayment(input(5900n, "EUR"));
    await expect(stripe.refund({ providerRef, amount: 100n, currency: "EUR", idempotencyKey: "r_unpaid" })).rejects.toMatchObject({
      code: "charge_not_refundable",
    });
    standin.setStatus(providerRef, "succeeded");
    await expect(stripe.refund({ providerRef, amount: 5901n, currency: "EUR", idempotencyKey: "r_over" })).rejects.toMatchObject({
      code: "amount_too_large",
    });
  });
});

describe("cancel", () => {
  it("cancels, and cancelling again is not an error", async () => {
    const { providerRef } = await stripe.createPayment(input(80n, "JPY"));
    await stripe.cancel(providerRef);
    expect(await stripe.retrieveStatus(providerRef)).toBe("canceled");
    await expect(stripe.cancel(providerRef)).resolves.toBeUndefined();
  });

  it("a succeeded PaymentIntent cannot be cancelled", async () => {
    const { providerRef } = await stripe.createPayment(input(80n, "JPY"));
    standin.setStatus(providerRef, "succeeded");
    await expect(stripe.cancel(providerRef)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
  });
});

describe("parseStripeWebhook", () => {
  const secret = "whsec_test_harbor";
  let piId: string;
  let paymentId: string;

  beforeAll(async () => {
    const i = input(80n, "JPY");
    paymentId = i.paymentId;
    piId = (await stripe.createPayment(i)).providerRef;
  });

  it("parses a validly signed payment_intent.succeeded", () => {
    standin.setStatus(piId, "succeeded");
    const event = standin.event("payment_intent.succeeded", piId, { id: "evt_1", created: 1_700_000_000 });
    const { body, header } = signedWebhook(event, secret);
    expect(parseStripeWebhook(body, header, secret)).toEqual({
      id: "evt_1",
      type: "payment_intent.succeeded",
      paymentIntentId: piId,
      harborPaymentId: paymentId,
      status: "succeeded",
      amount: 80,
      currency: "JPY",
      created: 1_700_000_000,
      amountMinor: 80n,
      amountRefunded: null,
      amountRefundedMinor: null,
    });
    // The raw body may also arrive as a Buffer.
    expect(parseStripeWebhook(Buffer.from(body, "utf8"), header, secret).id).toBe("evt_1");
  });

  it("the same event delivered 10 times parses identically (same id for the caller's dedupe)", () => {
    const event = standin.event("payment_intent.succeeded", piId, { id: "evt_dup" });
    const results = Array.from({ length: 10 }, (_, k) => {
      const { body, header } = signedWebhook(event, secret, { timestamp: Math.floor(Date.now() / 1000) - k });
      return parseStripeWebhook(body, header, secret);
    });
    for (const r of results) expect(r).toEqual(results[0]);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(["evt_dup"]));
  });

  it("a forged signature → WebhookSignatureError", () => {
    const { body, header } = signedWebhook(standin.event("payment_intent.succeeded", piId), "whsec_attacker");
    expect(() => parseStripeWebhook(body, header, secret)).toThrow(WebhookSignatureError);
    const t = Math.floor(Date.now() / 1000);
    expect(() => parseStripeWebhook(body, `t=${t},v1=${"0".repeat(64)}`, secret)).toThrow(WebhookSignatureError);
    expect(() => parseStripeWebhook(body, "garbage", secret)).toThrow(WebhookSignatureError);
    expect(() => parseStripeWebhook(body, null, secret)).toThrow(WebhookSignatureError);
  });

  it("a stale timestamp (older than the tolerance) → WebhookSignatureError", () => {
    const event = standin.event("payment_intent.succeeded", piId);
    const old = signedWebhook(event, secret, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(() => parseStripeWebhook(old.body, old.header, secret)).toThrow(WebhookSignatureError);
    expect(() => parseStripeWebhook(old.body, old.header, secret)).toThrow(/tolerance/);
    // A custom tolerance applies.
    const minute = signedWebhook(event, secret, { timestamp: Math.floor(Date.now() / 1000) - 60 });
    expect(() => parseStripeWebhook(minute.body, minute.header, secret, 30)).toThrow(WebhookSignatureError);
    expect(parseStripeWebhook(minute.body, minute.header, secret).type).toBe("payment_intent.succeeded");
  });

  it("a tampered body → WebhookSignatureError", () => {
    const { body, header } = signedWebhook(standin.event("payment_intent.succeeded", piId), secret);
    const tampered = body.replace('"amount": 80', '"amount": 1');
    expect(tampered).not.toBe(body);
    expect(() => parseStripeWebhook(tampered, header, secret)).toThrow(WebhookSignatureError);
    // Re-serialising the parsed JSON also breaks the signature: the raw body is required.
    expect(() => parseStripeWebhook(JSON.stringify(JSON.parse(body)), header, secret)).toThrow(WebhookSignatureError);
  });

  it("a missing secret is a configuration error, not a signature error", () => {
    const { body, header } = signedWebhook(standin.event("payment_intent.succeeded", piId), secret);
    expect(() => parseStripeWebhook(body, header, "")).toThrow(/not configured/);
  });

  it("maps the payment_intent.* event types", () => {
    const parse = (type: string, setup?: () => void) => {
      setup?.();
      const { body, header } = signedWebhook(standin.event(type, piId), secret);
      return parseStripeWebhook(body, header, secret);
    };
    expect(parse("payment_intent.processing", () => standin.setStatus(piId, "processing")).status).toBe("pending");
    expect(
      parse("payment_intent.payment_failed", () =>
        standin.setStatus(piId, "requires_payment_method", { lastPaymentError: { type: "card_error", message: "declined" } }),
      ).status,
    ).toBe("failed");
    expect(parse("payment_intent.canceled", () => standin.setStatus(piId, "canceled")).status).toBe("canceled");
    const konbini = parse("payment_intent.requires_action", () =>
      standin.setStatus(piId, "requires_action", { nextActionType: "konbini_display_details" }),
    );
    expect(konbini).toMatchObject({ status: "pending", paymentIntentId: piId, harborPaymentId: paymentId });
    expect(
      parse("payment_intent.requires_action", () => standin.setStatus(piId, "requires_action", { nextActionType: "boleto_display_details" }))
        .status,
    ).toBe("pending");
    expect(
      parse("payment_intent.requires_action", () => standin.setStatus(piId, "requires_action", { nextActionType: "redirect_to_url" })).status,
    ).toBe("requires_payment");
    const other = parse("payment_intent.created");
    expect(other).toMatchObject({ status: null, paymentIntentId: piId });
  });

  it("charge.refunded takes the PaymentIntent id from charge.payment_intent", async () => {
    const i = input(80n, "JPY");
    const { providerRef } = await stripe.createPayment(i);
    standin.setStatus(providerRef, "succeeded");
    await stripe.refund({ providerRef, amount: 30n, currency: "JPY", idempotencyKey: `${i.paymentId}:refund1` });
    const event = standin.event("charge.refunded", providerRef);
    const { body, header } = signedWebhook(event, secret);
    const parsed = parseStripeWebhook(body, header, secret);
    expect(parsed).toMatchObject({
      type: "charge.refunded",
      paymentIntentId: providerRef,
      harborPaymentId: i.paymentId,
      status: null,
      amount: 80,
      currency: "JPY",
      amountRefunded: 30,
      amountRefundedMinor: 30n,
    });
  });

  it("other event types → status null, no payment intent", () => {
    const event = { id: "evt_other", object: "event", type: "customer.created", created: 1, data: { object: { id: "cus_1", object: "customer" } } };
    const { body, header } = signedWebhook(event, secret);
    expect(parseStripeWebhook(body, header, secret)).toMatchObject({
      id: "evt_other",
      type: "customer.created",
      status: null,
      paymentIntentId: null,
      harborPaymentId: null,
      amount: null,
      currency: null,
      created: 1,
    });
  });
});
