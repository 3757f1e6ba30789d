import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoProvider } from "./demo.server";
import { parseEnv } from "~/lib/env.server";
import { getPaymentProvider, getStripeWebhookSecret } from "./providers.server";
import { startStripeStandin, type StripeStandin } from "../../../test/stand-ins/stripe";

const payment = {
  paymentId: "pay_demo1",
  amount: 5900n,
  currency: "EUR",
  idempotencyKey: "pay_demo1:1",
  returnUrl: "/en-us/checkout/return",
};

describe("demo provider", () => {
  it("creates demo_ refs and sends the shopper to /pay/demo/<paymentId>", async () => {
    const demo = createDemoProvider({});
    const a = await demo.createPayment(payment);
    const b = await demo.createPayment(payment);
    expect(demo.name).toBe("demo");
    expect(a.providerRef).toMatch(/^demo_[0-9a-z]+$/);
    expect(b.providerRef).not.toBe(a.providerRef);
    expect(a.redirectUrl).toBe("/pay/demo/pay_demo1");
    expect(a.clientSecret ?? null).toBeNull();
    const abs = await createDemoProvider({ baseUrl: "https://shop.example.com/" }).createPayment(payment);
    expect(abs.redirectUrl).toBe("https://shop.example.com/pay/demo/pay_demo1");
  });

  it("keeps no state: status is requires_payment unless a reader says otherwise", async () => {
    const demo = createDemoProvider({});
    const { providerRef } = await demo.createPayment(payment);
    expect(await demo.retrieveStatus(providerRef)).toBe("requires_payment");
    const withReader = createDemoProvider({ readStatus: async (ref) => (ref === providerRef ? "succeeded" : null) });
    expect(await withReader.retrieveStatus(providerRef)).toBe("succeeded");
    expect(await withReader.retrieveStatus("demo_other")).toBe("requires_payment");
  });

  it("refunds and cancels locally", async () => {
    const demo = createDemoProvider({});
    const { refundRef } = await demo.refund({ providerRef: "demo_x", amount: 100n, currency: "EUR", idempotencyKey: "r1" });
    expect(refundRef).toMatch(/^demo_re_[0-9a-z]+$/);
    await expect(demo.cancel("demo_x")).resolves.toBeUndefined();
  });
});

describe("getPaymentProvider", () => {
  let standin: StripeStandin;
  beforeAll(async () => {
    standin = await startStripeStandin();
  });
  afterAll(async () => {
    await standin?.close();
  });

  const payments = (env: Record<string, string>) => parseEnv(env).payments;

  it("is the demo provider without STRIPE_SECRET_KEY", () => {
    expect(getPaymentProvider(payments({})).name).toBe("demo");
    expect(getPaymentProvider(payments({ STRIPE_SECRET_KEY: "  " })).name).toBe("demo");
    expect(getPaymentProvider(payments({}))).toBe(getPaymentProvider(payments({})));
  });

  it("is Stripe with STRIPE_SECRET_KEY, cached per key, and honours the stand-in env", async () => {
    const env = {
      STRIPE_SECRET_KEY: "sk_test_providers",
      STRIPE_API_HOST: standin.host,
      STRIPE_API_PORT: String(standin.port),
      STRIPE_API_PROTOCOL: "http",
    };
    const p = getPaymentProvider(payments(env));
    expect(p.name).toBe("stripe");
    expect(getPaymentProvider(payments({ ...env }))).toBe(p);
    expect(getPaymentProvider(payments({ ...env, STRIPE_SECRET_KEY: "sk_test_other" }))).not.toBe(p);
    const created = await p.createPayment({ ...payment, amount: 80n, currency: "JPY" });
    expect(standin.paymentIntents.get(created.providerRef)?.amount).toBe(80);
  });

  it("rejects a malformed port or protocol", () => {
    expect(() => payments({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_API_PORT: "abc" })).toThrow(/STRIPE_API_PORT/);
    expect(() => payments({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_API_PROTOCOL: "ftp" })).toThrow(/STRIPE_API_PROTOCOL/);
  });

  it("reads the webhook secret", () => {
    expect(getStripeWebhookSecret(payments({}))).toBeNull();
    expect(getStripeWebhookSecret(payments({ STRIPE_WEBHOOK_SECRET: "whsec_x" }))).toBe("whsec_x");
  });
});
