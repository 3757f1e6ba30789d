/**
 * Referral campaigns (issue #10, referrals): attribution of a friend's first paid order, every fraud
 * rule, reward timing around the return window, cap, minimum order and the campaign's stats.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { productVariantsTable, referralCampaignsTable, referralsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { addDays } from "~/lib/clock.server";
import { resetEnvForTests } from "~/lib/env.server";
import { action as stripeWebhook } from "~/routes/webhooks.stripe";
import { signedWebhook, startStripeStandin, type StripeStandin } from "../../../test/stand-ins/stripe";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { ensureContact } from "../contacts/contacts.server";
import { getAvailability } from "../inventory/inventory.server";
import { runAllDueJobs } from "../jobs/jobs.server";
import { pointsBalance } from "../loyalty/ledger.server";
import { getMarket } from "../markets/markets.server";
import { refundOrder } from "../orders/order-operations.server";
import { getOrder } from "../orders/orders.server";
import { findPaymentByProviderRef as getPaymentByIntent, recordCardFingerprint } from "../payments/payments.server";
import { demoCardFingerprint } from "../payments/demo.server";
import { CampaignInputSchema, type CampaignInput } from "./campaign-input";
import { insertCampaign } from "./campaigns.server";
import { attributeCart, openReferralLink, referralLinkFor, rememberReferrerDevice } from "./links.server";
import { campaignStats, contactReferrals } from "./referral-reads.server";
import { approveReward } from "./rewards.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

const HOME = { name: "Ref Errer", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
let n = 0;
const uniqueAddress = () => ({ name: "Friend", line1: `Gartenweg ${++n}`, city: "Berlin", postalCode: "10117", country: "DE" });
const DAY = 86_400_000;
const noAudit = async () => {};

async function campaign(overrides: Partial<CampaignInput> = {}) {
  // Wipe earlier campaigns: each test's links open the campaign it made (the latest started one).
  await db.current.db.delete(referralCampaignsTable);
  const input = CampaignInputSchema.parse({
    name: "Test",
    startsAt: new Date(Date.now() - DAY).toISOString(),
    friendOfferKind: "percentage",
    friendPercentBp: 1000,
    friendCodeMode: "unique",
    rewardKind: "points",
    rewardPoints: 500,
    ...overrides,
  });
  return insertCampaign(db.current.db, input);
}

async function referrer(email = `ref${++n}@example.com`) {
  return ensureContact(db.current.db, { email, locale: "de", source: "account" });
}

interface Buy {
  email: string;
  address?: Record<string, string>;
  card?: string;
  /** Paid through Stripe (the stand-in): completed by the return page's path or by the webhook. */
  stripe?: "return" | "webhook";
  clickId?: string | null;
  quantity?: number;
  paidAt?: Date;
}

/** A paid de-de order placed like a shopper does (cart → payment → completion), see order-operations.test.ts. */
async function buy(b: Buy): Promise<string> {
  const m = (await getMarket("de-de"))!;
  const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((q) => q >= 10))!;
  const { cart } = await createCart(m);
  await addLine(cart, variant.id, b.quantity ?? 1);
  await updateCartDetails(cart, { email: b.email, shippingAddress: (b.address ?? uniqueAddress()) as never });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  if (b.clickId) await attributeCart(cart.id, b.clickId);
  const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
  if (b.stripe) return payByStripe(started.payment.id, started.payment.providerRef!, b.stripe, b.card ?? "4242 4242 4242 4242");
  await recordCardFingerprint(started.payment.id, demoCardFingerprint(b.card ?? `4000 0000 0000 ${String(++n).padStart(4, "0")}`)!);
  return (await completePayment(started.payment.id, "succeeded", b.paidAt ?? new Date()))!;
}

let stripe: StripeStandin;
const WEBHOOK_SECRET = "whsec_referrals";

async function payByStripe(paymentId: string, intentId: string, via: "return" | "webhook", card: string): Promise<string> {
  stripe.setStatus(intentId, "succeeded", { card });
  if (via === "return") return (await completePayment(paymentId, "succeeded"))!;
  const { body, header } = signedWebhook(stripe.event("payment_intent.succeeded", intentId), WEBHOOK_SECRET);
  const res = await stripeWebhook({ request: new Request("http://shop.test/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": header } }), params: {}, context: {} });
  expect(res.status).toBe(200);
  return (await getPaymentByIntent(intentId))!.orderId!;
}

async function click(contactId: string, opts: { device?: string; ip?: string; earlier?: string | null } = {}) {
  const { code } = await referralLinkFor(contactId, "de-de");
  const opened = await openReferralLink({ code, deviceId: opts.device ?? `dev_${String(++n).padStart(22, "0")}`, ip: opts.ip ?? `198.51.100.${++n % 250}`, earlierClickId: opts.earlier ?? null });
  return opened!;
}

async function referralFor(orderId: string) {
  const [row] = await db.current.db.select().from(referralsTable).where(eq(referralsTable.orderId, orderId));
  return row;
}

describe("share links", () => {
  beforeEach(() => campaign());

  it("gives each contact one code and each device its own single-use friend code, the same one on a second visit", async () => {
    const r = await referrer();
    const a = await referralLinkFor(r.id, "de-de");
    expect(await referralLinkFor(r.id, "ja-jp")).toMatchObject({ code: a.code });
    expect(a.url).toContain(`/r/${a.code}`);
    const first = await click(r.id, { device: "dev_aaaaaaaaaaaaaaaaaaaaaa" });
    const again = await click(r.id, { device: "dev_aaaaaaaaaaaaaaaaaaaaaa" });
    const other = await click(r.id, { device: "dev_bbbbbbbbbbbbbbbbbbbbbb" });
    expect(first.click.friendCode).toMatch(/^FRIEND/);
    expect(again.click.friendCode).toBe(first.click.friendCode);
    expect(other.click.friendCode).not.toBe(first.click.friendCode);
    expect(await openReferralLink({ code: "NOPE1234", deviceId: "dev_cccccccccccccccccccccc", ip: "1.1.1.1", earlierClickId: null })).toBeNull();
  });

  it("keeps the first referrer when a second link is opened within the cookie's 30 days", async () => {
    const a = await referrer();
    const b = await referrer();
    const first = await click(a.id);
    const second = await click(b.id, { earlier: first.click.id });
    expect(second.attributedTo.referrerContactId).toBe(a.id);
  });
});

describe("attribution and reward timing (reward only after the 14-day return window)", () => {
  beforeEach(() => campaign());

  it("links the friend's first paid order, grants nothing before paidAt + 14 days and the points after (run-due --at)", async () => {
    const r = await referrer();
    const c = await click(r.id);
    const paidAt = new Date();
    const orderId = await buy({ email: `friend${++n}@example.org`, clickId: c.attributedTo.id, paidAt });
    const row = await referralFor(orderId);
    expect(row).toMatchObject({ status: "pending", referrerContactId: r.id, clickId: c.click.id });
    expect(row!.grantAt.getTime()).toBe(paidAt.getTime() + 14 * DAY);
    await runAllDueJobs({ at: new Date(paidAt.getTime() + 13 * DAY) });
    expect((await referralFor(orderId))!.status).toBe("pending");
    expect(await pointsBalance(r.id)).toEqual({ available: 0, pending: 0 });
    await runAllDueJobs({ at: new Date(paidAt.getTime() + 14 * DAY + 60_000) });
    expect((await referralFor(orderId))!).toMatchObject({ status: "granted", rewardPoints: 500 });
    expect((await pointsBalance(r.id)).available).toBe(500);
    // A second run (a retried job) awards nothing more.
    await runAllDueJobs({ at: new Date(paidAt.getTime() + 15 * DAY) });
    expect((await pointsBalance(r.id)).available).toBe(500);
    expect((await contactReferrals(r.id)).map((v) => v.status)).toEqual(["granted"]);
  });

  it("attributes by the single-use friend code when the cart never saw the cookie", async () => {
    const r = await referrer();
    const c = await click(r.id);
    const orderId = await buyWithCode(`coded${++n}@example.org`, c.click.friendCode!);
    expect((await referralFor(orderId))!.referrerContactId).toBe(r.id);
    expect((await getOrder(orderId))!.discountCodes).toEqual([c.click.friendCode]);
  });

  it("cancels the reward when the order is refunded inside the window", async () => {
    const r = await referrer();
    const c = await click(r.id);
    const orderId = await buy({ email: `refund${++n}@example.org`, clickId: c.attributedTo.id });
    await refundOrder(orderId, { amount: 100n, reason: "changed mind" });
    expect((await referralFor(orderId))!).toMatchObject({ status: "cancelled", reasons: ["refunded"] });
    await runAllDueJobs({ at: addDays(new Date(), 15) });
    expect((await pointsBalance(r.id)).available).toBe(0);
  });
});

async function buyWithCode(email: string, code: string): Promise<string> {
  const m = (await getMarket("de-de"))!;
  const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((q) => q >= 10))!;
  const { cart } = await createCart(m);
  await addLine(cart, variant.id, 1);
  await updateCartDetails(cart, { email, shippingAddress: uniqueAddress() as never, discountCodes: [code] });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
  return (await completePayment(started.payment.id, "succeeded"))!;
}

describe("fraud rules: a self-referral is held for review", () => {
  beforeEach(() => campaign());

  it("holds the same address under a gmail alias (dots and +tag: one canonical mailbox)", async () => {
    const r = await referrer(`jane.doe${++n}@gmail.com`);
    const c = await click(r.id);
    const orderId = await buy({ email: r.email.replace("jane.doe", "janedoe").replace("@", "+friend@"), clickId: c.attributedTo.id });
    expect((await referralFor(orderId))!).toMatchObject({ status: "held", reasons: ["self_email"] });
  });

  it("holds the referrer's shipping address, written differently", async () => {
    const r = await referrer();
    await buy({ email: r.email, address: HOME });
    const c = await click(r.id);
    const orderId = await buy({ email: `neighbour${++n}@example.org`, clickId: c.attributedTo.id, address: { ...HOME, name: "Someone", line1: "HAUPTSTR 1" } });
    expect((await referralFor(orderId))!).toMatchObject({ status: "held", reasons: ["same_address"] });
  });

  it("holds the referrer's card (payment fingerprint)", async () => {
    const r = await referrer();
    await buy({ email: r.email, card: "4242 4242 4242 4242" });
    const c = await click(r.id);
    const orderId = await buy({ email: `card${++n}@example.org`, clickId: c.attributedTo.id, card: "4242424242424242" });
    expect((await referralFor(orderId))!).toMatchObject({ status: "held", reasons: ["same_payment"] });
  });

  describe("paid through Stripe: the card fingerprint Stripe reports on the charge (payment_method_details.card.fingerprint)", () => {
    beforeAll(async () => {
      stripe = await startStripeStandin();
      Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_referrals", STRIPE_API_HOST: stripe.host, STRIPE_API_PORT: String(stripe.port), STRIPE_API_PROTOCOL: "http", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
      resetEnvForTests();
    });
    afterAll(async () => {
      for (const key of ["STRIPE_SECRET_KEY", "STRIPE_API_HOST", "STRIPE_API_PORT", "STRIPE_API_PROTOCOL", "STRIPE_WEBHOOK_SECRET"]) delete process.env[key];
      resetEnvForTests();
      await stripe.close();
    });

    it("holds the friend's order paid with the referrer's card", async () => {
      const r = await referrer();
      await buy({ email: r.email, stripe: "return", card: "4242 4242 4242 4242" });
      const c = await click(r.id);
      const orderId = await buy({ email: `stripecard${++n}@example.org`, clickId: c.attributedTo.id, stripe: "webhook", card: "4242424242424242" });
      expect((await referralFor(orderId))!).toMatchObject({ status: "held", reasons: ["same_payment"] });
    });

    it("does not hold the friend's order paid with another card", async () => {
      const r = await referrer();
      await buy({ email: r.email, stripe: "return", card: "4242 4242 4242 4242" });
      const c = await click(r.id);
      // Stripe's Mastercard test number: another card, so another fingerprint.
      const orderId = await buy({ email: `othercard${++n}@example.org`, clickId: c.attributedTo.id, stripe: "webhook", card: "5555 5555 5555 4444" });
      expect((await referralFor(orderId))!).toMatchObject({ status: "pending", reasons: [] });
    });
  });

  it("holds the referrer's own device", async () => {
    const r = await referrer();
    await rememberReferrerDevice(r.id, "dev_samesamesamesamesame");
    const c = await click(r.id, { device: "dev_samesamesamesamesame" });
    const orderId = await buy({ email: `device${++n}@example.org`, clickId: c.attributedTo.id });
    expect((await referralFor(orderId))!).toMatchObject({ status: "held", reasons: ["same_device"] });
  });

  it("holds the referrals from one IP beyond the campaign's daily limit (3)", async () => {
    const r = await referrer();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const c = await click(r.id, { ip: "203.0.113.9" });
      statuses.push((await referralFor(await buy({ email: `ip${++n}@example.org`, clickId: c.attributedTo.id })))!.status);
    }
    expect(statuses).toEqual(["pending", "pending", "pending", "held"]);
    expect((await contactReferrals(r.id)).find((v) => v.status === "held")!.reasons).toEqual(["ip_daily_limit"]);
  });

  it("approving a held reward after the window grants it at once", async () => {
    const r = await referrer();
    await rememberReferrerDevice(r.id, "dev_approveapproveapprov");
    const c = await click(r.id, { device: "dev_approveapproveapprov" });
    const paidAt = new Date(Date.now() - 20 * DAY);
    const orderId = await buy({ email: `late${++n}@example.org`, clickId: c.attributedTo.id, paidAt });
    const row = (await referralFor(orderId))!;
    expect(row.status).toBe("held");
    await runAllDueJobs({ at: new Date() });
    expect((await referralFor(orderId))!.status).toBe("held");
    expect(await approveReward(row.id, "staff@example.com", noAudit)).toMatchObject({ status: "granted", decidedBy: "staff@example.com" });
    expect((await pointsBalance(r.id)).available).toBe(500);
  });
});

describe("who can be referred", () => {
  beforeEach(() => campaign());

  it("does not reward an existing customer (an earlier paid order)", async () => {
    const r = await referrer();
    const email = `old${++n}@example.org`;
    await buy({ email });
    const c = await click(r.id);
    const orderId = await buy({ email, clickId: c.attributedTo.id });
    expect((await referralFor(orderId))!).toMatchObject({ status: "ineligible", reasons: ["existing_customer"] });
  });

  it("counts a friend referred twice for the first referrer only", async () => {
    const a = await referrer();
    const b = await referrer();
    const email = `twice${++n}@example.org`;
    const first = await buy({ email, clickId: (await click(a.id)).attributedTo.id });
    const second = await buy({ email, clickId: (await click(b.id)).attributedTo.id });
    expect((await referralFor(first))!.referrerContactId).toBe(a.id);
    expect(await referralFor(second)).toBeUndefined();
    expect(await contactReferrals(b.id)).toEqual([]);
  });
});

describe("campaign limits and stats", () => {
  it("enforces the minimum first order in the base currency and the per-referrer cap", async () => {
    // de-de orders are in EUR; base is USD: an order's baseTotal compares with minOrderBase.
    const cmp = await campaign({ perReferrerCap: 1, minOrderBase: "100000000" });
    const r = await referrer();
    const small = await buy({ email: `small${++n}@example.org`, clickId: (await click(r.id)).attributedTo.id });
    expect((await referralFor(small))!).toMatchObject({ status: "ineligible", reasons: ["below_minimum"] });
    await db.current.db.update(referralCampaignsTable).set({ minOrderBase: 0n }).where(eq(referralCampaignsTable.id, cmp.id));
    const one = await buy({ email: `one${++n}@example.org`, clickId: (await click(r.id)).attributedTo.id });
    const two = await buy({ email: `two${++n}@example.org`, clickId: (await click(r.id)).attributedTo.id });
    expect((await referralFor(one))!.status).toBe("pending");
    expect((await referralFor(two))!).toMatchObject({ status: "ineligible", reasons: ["cap_reached"] });
  });

  it("counts clicks, sign-ups, first orders, base revenue and rewards by status", async () => {
    const cmp = await campaign();
    const r = await referrer();
    const c1 = await click(r.id);
    await click(r.id);
    const granted = await buy({ email: `s1${++n}@example.org`, clickId: c1.attributedTo.id, paidAt: new Date(Date.now() - 15 * DAY) });
    await ensureContact(db.current.db, { email: (await getOrder(granted))!.email, locale: "de", source: "account", customerId: "cus_statstest" });
    const refunded = await buy({ email: `s2${++n}@example.org`, clickId: (await click(r.id)).attributedTo.id });
    await refundOrder(refunded, { amount: 100n });
    await rememberReferrerDevice(r.id, "dev_statsstatsstatsstats");
    const held = await buy({ email: `s3${++n}@example.org`, clickId: (await click(r.id, { device: "dev_statsstatsstatsstats" })).attributedTo.id });
    await runAllDueJobs({ at: new Date() });
    const s = await campaignStats(cmp.id);
    const base = async (id: string) => (await getOrder(id))!.baseTotal;
    expect(s).toMatchObject({ clicks: 4, signUps: 1, firstOrders: 3, rewards: { granted: 1, held: 1, cancelled: 1, rejected: 0, pending: 0, ineligible: 0 } });
    // Revenue: first orders not refunded (the cancelled one is left out).
    expect(s.revenueBase).toBe((await base(granted))! + (await base(held))!);
  });
});
