/**
 * The Stripe stand-in must speak Stripe's wire format, or the provider tests prove nothing.
 * Expected values come from Stripe's documentation:
 *   errors            https://docs.stripe.com/api/errors (shape `{ error: { type, code, message, param } }`)
 *   idempotency       https://docs.stripe.com/api/idempotent_requests (replays, `Idempotent-Replayed`)
 *   form encoding     https://docs.stripe.com/api (application/x-www-form-urlencoded, `a[b]=c`)
 *   webhook signature https://docs.stripe.com/webhooks#verify-manually (`t=…,v1=…`, HMAC-SHA256 of `t.payload`)
 *   currencies        https://docs.stripe.com/currencies#three-decimal, #special-cases (ISK, UGX)
 */
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeStripeForm, signedWebhook, startStripeStandin, type StripeStandin } from "./stripe";

const KEY = "sk_test_standin_suite";
let standin: StripeStandin;
let stripe: Stripe;

beforeAll(async () => {
  standin = await startStripeStandin();
  stripe = new Stripe(KEY, { host: standin.host, port: standin.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(async () => {
  await standin?.close();
});

function form(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${standin.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Bearer ${KEY}`, ...headers },
    body,
  });
}

describe("decodeStripeForm", () => {
  it("expands bracketed keys into objects and index keys into arrays", () => {
    expect(decodeStripeForm("amount=80&metadata[order]=ord_1&automatic_payment_methods[enabled]=true&expand[0]=latest_charge&expand[1]=customer")).toEqual({
      amount: "80",
      metadata: { order: "ord_1" },
      automatic_payment_methods: { enabled: "true" },
      expand: ["latest_charge", "customer"],
    });
  });
});

describe("Stripe stand-in over HTTP", () => {
  it("requires a bearer API key (401 invalid_request_error)", async () => {
    const res = await fetch(`${standin.url}/v1/payment_intents`, { method: "POST", body: "amount=100&currency=eur" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("answers an unknown path with 404 in Stripe's error shape and a Request-Id", async () => {
    const res = await fetch(`${standin.url}/v1/nothing`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(await res.json()).toEqual({ error: { type: "invalid_request_error", message: "Unrecognized request URL (GET: /v1/nothing)." } });
  });

  it("replays a request with the same Idempotency-Key and marks it Idempotent-Replayed", async () => {
    const a = await form("/v1/payment_intents", "amount=500&currency=eur", { "Idempotency-Key": "idem-wire-1" });
    const b = await form("/v1/payment_intents", "amount=500&currency=eur", { "Idempotency-Key": "idem-wire-1" });
    expect(a.headers.get("idempotent-replayed")).toBeNull();
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(((await b.json()) as { id: string }).id).toBe(((await a.json()) as { id: string }).id);
    const other = await form("/v1/payment_intents", "amount=600&currency=eur", { "Idempotency-Key": "idem-wire-1" });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { type: "idempotency_error" } });
  });

  it("validates amounts per currency like Stripe", async () => {
    const missing = await form("/v1/payment_intents", "currency=eur");
    expect(await missing.json()).toMatchObject({ error: { code: "parameter_missing", param: "amount" } });
    const kwd = await form("/v1/payment_intents", "amount=12345&currency=kwd");
    expect(kwd.status).toBe(400);
    expect(await kwd.json()).toMatchObject({ error: { code: "parameter_invalid_integer", param: "amount" } });
    const isk = await form("/v1/payment_intents", "amount=550&currency=isk");
    expect(await isk.json()).toMatchObject({ error: { code: "parameter_invalid_integer" } });
    expect((await form("/v1/payment_intents", "amount=12340&currency=kwd")).status).toBe(200);
    const upper = await form("/v1/payment_intents", "amount=100&currency=EUR");
    expect(await upper.json()).toMatchObject({ error: { param: "currency" } });
  });
});

describe("Stripe stand-in through the real SDK", () => {
  it("creates, retrieves and cancels a PaymentIntent", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 80, currency: "jpy", metadata: { harbor_payment_id: "pay_1" }, automatic_payment_methods: { enabled: true } });
    expect(pi).toMatchObject({ object: "payment_intent", amount: 80, currency: "jpy", status: "requires_payment_method", metadata: { harbor_payment_id: "pay_1" } });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect((await stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    await expect(stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({ type: "StripeInvalidRequestError", code: "resource_missing", statusCode: 404 });
  });

  it("refuses to cancel a succeeded PaymentIntent and to over-refund", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5900, currency: "eur" });
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: "charge_not_refundable" });
    standin.setStatus(pi.id, "succeeded");
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
    const part = await stripe.refunds.create({ payment_intent: pi.id, amount: 900 });
    expect(part).toMatchObject({ object: "refund", amount: 900, currency: "eur", status: "succeeded" });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 5001 })).rejects.toMatchObject({ code: "amount_too_large", param: "amount" });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(5000);
  });

  it("builds event envelopes for a PaymentIntent and its charge", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 80, currency: "jpy" });
    standin.setStatus(pi.id, "succeeded");
    const event = standin.event("payment_intent.succeeded", pi.id, { id: "evt_env", created: 1_700_000_000 });
    expect(event).toMatchObject({ id: "evt_env", object: "event", type: "payment_intent.succeeded", created: 1_700_000_000, livemode: false, data: { object: { id: pi.id, status: "succeeded", amount_received: 80 } } });
    const charge = standin.event("charge.refunded", pi.id) as { data: { object: Record<string, unknown> } };
    expect(charge.data.object).toMatchObject({ object: "charge", payment_intent: pi.id, amount_captured: 80 });
  });
});

describe("signedWebhook", () => {
  const secret = "whsec_standin_suite";

  it("signs as Stripe does: t=<unix seconds>,v1=<hex HMAC-SHA256 of `t.body`>", () => {
    const { body, header } = signedWebhook({ id: "evt_sig", object: "event" }, secret, { timestamp: 1_700_000_000 });
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    expect(match![1]).toBe("1700000000");
    expect(match![2]).toBe(createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex"));
  });

  it("is accepted by the SDK's verifier with the right secret only", () => {
    const { body, header } = signedWebhook({ id: "evt_ok", object: "event", type: "customer.created", data: { object: {} } }, secret);
    expect(stripe.webhooks.constructEvent(body, header, secret).id).toBe("evt_ok");
    expect(() => stripe.webhooks.constructEvent(body, header, "whsec_other")).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });
});
