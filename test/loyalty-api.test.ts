/**
 * The points operations of both APIs: validation (400/401/404/409/422, never 500), the audit entry
 * of an adjustment, the shopper's loyalty status and redeeming on a cart through the endpoints.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { customersTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { ensureContact } from "~/modules/contacts/contacts.server";
import { createSession } from "~/modules/customers/sessions.server";
import { listAuditLog } from "~/modules/staff/audit.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { loader as loyaltyLoader } from "~/routes/api.v1.customer.loyalty";
import { action as createCartAction } from "~/routes/api.v1.carts";
import { action as linesAction } from "~/routes/api.v1.carts.$id.lines";
import { action as redemptionAction } from "~/routes/api.v1.carts.$id.points-redemptions";
import { productVariantsTable } from "~db/schema";
import { adminToken, TEST_ORIGIN } from "./staff-helpers";
import { pay, readyCart } from "./support/loyalty-orders";
import { pointsBalance } from "~/modules/loyalty/ledger.server";
import { getOrder } from "~/modules/orders/orders.server";

const db = useTestDatabase();
let owner = "";
let marketer = "";
let contactId = "";
let customerToken = "";
beforeAll(async () => {
  registerAllJobHandlers();
  owner = (await adminToken("owner")).token;
  marketer = (await adminToken("marketer")).token;
  await db.current.db.insert(customersTable).values({ id: "cus_api", email: "api-shopper@example.com", locale: "en", emailVerifiedAt: new Date() });
  contactId = (await ensureContact(db.current.db, { email: "api-shopper@example.com", customerId: "cus_api", locale: "en", source: "account" })).id;
  customerToken = (await createSession("cus_api", "api", null)).token;
}, 60_000);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function admin(method: string, path: string, body?: unknown, token = owner) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
  return { status: r.status, json: (await r.json()) as Json };
}

async function store(handler: (a: ActionFunctionArgs) => Promise<Response>, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; params?: Record<string, string> } = {}) {
  const request = new Request(`${TEST_ORIGIN}/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...opts.headers },
    body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
  });
  const r = await handler({ request, params: opts.params ?? {}, context: {} });
  return { status: r.status, json: (await r.json()) as Json };
}

describe("Admin API: loyalty settings", () => {
  it("reads the defaults and changes them (write:campaigns: a marketer may); switching expiry on records when", async () => {
    const before = await admin("GET", "/loyalty-settings", undefined, marketer);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ pointsPerUnit: 1, returnWindowDays: 14, returnWindowFrom: "payment", expiryMonths: null, expirySince: null, warningDays: 14 });
    const after = await admin("PATCH", "/loyalty-settings", { expiryMonths: 12, signupBonus: 50 }, marketer);
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ expiryMonths: 12, signupBonus: 50, pointsPerUnit: 1 });
    expect(after.json.expirySince).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const { entries } = await listAuditLog({ entityId: "loyalty" }, { limit: 5, offset: 0 });
    expect(entries.map((e) => e.action)).toEqual(["update:loyalty-settings"]);
    await admin("PATCH", "/loyalty-settings", { expiryMonths: null, signupBonus: 0 });
  });

  it("refuses bad input with 400 naming the field, never a 500", async () => {
    for (const body of [{ returnWindowDays: -1 }, { pointsPerUnit: 1.5 }, { returnWindowFrom: "shipping" }, { expiryMonths: 0 }, { unknown: 1 }, "not json"]) {
      const r = await admin("PATCH", "/loyalty-settings", body);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toMatch(/^invalid_(body|parameter)$/);
    }
  });
});

describe("Admin API: points adjustments and the ledger", () => {
  it("adds points with a reason (available at once, audited), takes some away, refuses going below zero", async () => {
    const add = await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: 700, reason: "Goodwill for a late parcel" });
    expect(add.status).toBe(201);
    expect(add.json).toMatchObject({ entry: { type: "adjust", points: 700, status: "available", reason: "Goodwill for a late parcel", source: "admin" }, balance: { available: 700, pending: 0 } });
    const { entries } = await listAuditLog({ entityId: contactId }, { limit: 5, offset: 0 });
    expect(entries.map((e) => e.action)).toEqual(["create:points-adjustments"]);
    const take = await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: -100, reason: "Duplicate bonus" });
    expect(take.json.balance).toEqual({ available: 600, pending: 0 });
    const tooMuch = await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: -601, reason: "x" });
    expect([tooMuch.status, tooMuch.json.error.code]).toEqual([409, "insufficient_points"]);
    const ledger = await admin("GET", `/contacts/${contactId}/points-ledger`);
    expect(ledger.json.nodes.map((n: Json) => [n.type, n.points])).toEqual([["adjust", -100], ["adjust", 700]]);
    expect(ledger.json.balance).toEqual({ available: 600, pending: 0 });
  });

  it("validates: zero or fractional points, empty reason, unknown contact; a marketer may not adjust (write:customers)", async () => {
    expect((await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: 0, reason: "r" })).json.error.code).toBe("invalid_points");
    expect((await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: 1.5, reason: "r" })).status).toBe(400);
    expect((await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: 5, reason: "   " })).json.error.code).toBe("reason_required");
    expect((await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: 5 })).status).toBe(400);
    expect((await admin("POST", "/contacts/con_nope/points-adjustments", { points: 5, reason: "r" })).status).toBe(404);
    expect((await admin("GET", "/contacts/con_nope/points-ledger")).status).toBe(404);
    expect((await admin("POST", `/contacts/${contactId}/points-adjustments`, { points: 5, reason: "r" }, marketer)).status).toBe(403);
  });
});

describe("Storefront API: loyalty status and redeeming on a cart", () => {
  it("GET /customer/loyalty: points, tier and the next one, the referral link, the rewards; 401 without a token", async () => {
    const r = await store(loyaltyLoader as never, "GET", "/customer/loyalty", { headers: { Authorization: `Bearer ${customerToken}` } });
    expect(r.status).toBe(200);
    // No paid order yet: no tier calculated; the next is the demo's entry tier (db/seed/tiers.ts).
    expect(r.json).toMatchObject({ points: { available: 600, pending: 0 }, tier: null, nextTier: { name: "Member", multiplier: "1.00", discountPercent: 0 } });
    // The share link is absolute and carries the shopper's code (ADR 0013).
    expect(r.json.referral.url).toContain(`/r/${r.json.referral.code}?`);
    expect(r.json.referral.url).toMatch(/^https?:\/\/[^/]+\/r\/[A-Z0-9-]+\?m=[a-z]{2}-[a-z]{2}$/);
    expect(r.json.rewards.map((x: Json) => [x.id, x.points])).toEqual([["rwd_5_off", 500], ["rwd_10_percent", 1000], ["rwd_free_shipping", 300]]);
    expect(r.json.rewards[0].amount).toEqual({ amount: "5.00", currencyCode: "USD" });
    expect((await store(loyaltyLoader as never, "GET", "/customer/loyalty")).status).toBe(401);
  });

  it("POST/DELETE /carts/{id}/points-redemptions: the reward shows in the totals; guests, unknown rewards and too many points are refused", async () => {
    const auth = { Authorization: `Bearer ${customerToken}` };
    const created = await store(createCartAction, "POST", "/carts", { body: { market: "en-us" }, headers: auth });
    const { id, token } = created.json;
    const cartHeaders = { "X-Cart-Token": token };
    const [variant] = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable).limit(1);
    await store(linesAction, "POST", `/carts/${id}/lines`, { body: { variantId: variant!.id, quantity: 1 }, headers: cartHeaders, params: { id } });
    const redeemed = await store(redemptionAction, "POST", `/carts/${id}/points-redemptions`, { body: { rewardId: "rwd_5_off" }, headers: cartHeaders, params: { id } });
    expect(redeemed.status).toBe(201);
    expect(redeemed.json.totals.discounts).toEqual({ amount: "5.00", currencyCode: "USD" });
    const bad = async (body: unknown) => (await store(redemptionAction, "POST", `/carts/${id}/points-redemptions`, { body, headers: cartHeaders, params: { id } })).json.error;
    expect(await bad({ points: 601 })).toMatchObject({ code: "insufficient_points", details: { available: 600 } });
    expect((await bad({ rewardId: "rwd_nope" })).code).toBe("reward_not_found");
    expect((await bad({ points: 5, rewardId: "rwd_5_off" })).code).toMatch(/^invalid_(body|parameter)$/);
    expect((await bad({ points: -5 })).code).toMatch(/^invalid_(body|parameter)$/);
    expect((await store(redemptionAction, "POST", `/carts/${id}/points-redemptions`, { body: { points: 5 }, headers: { "X-Cart-Token": "wrong" }, params: { id } })).status).toBe(404);
    const removed = await store(redemptionAction, "DELETE", `/carts/${id}/points-redemptions`, { headers: cartHeaders, params: { id } });
    expect([removed.status, removed.json.totals.discounts.amount]).toEqual([200, "0.00"]);

    const guest = await store(createCartAction, "POST", "/carts", { body: { market: "en-us" } });
    const g = await store(redemptionAction, "POST", `/carts/${guest.json.id}/points-redemptions`, { body: { points: 100 }, headers: { "X-Cart-Token": guest.json.token }, params: { id: guest.json.id } });
    expect([g.status, g.json.error.code]).toEqual([401, "sign_in_required"]);
  });
});

describe("Admin API: a refund with an empty body refunds the whole order", () => {
  it("no body → the full remaining amount; the order's pending points are all reversed", async () => {
    const orderId = await pay(await readyCart(db.current, "en-us", "api-shopper@example.com", "cus_api"));
    const before = await pointsBalance(contactId);
    expect(before.pending).toBeGreaterThan(0);
    const partial = await admin("POST", `/orders/${orderId}/refunds`, { amount: "1.00" });
    expect([partial.status, partial.json.error]).toEqual([201, undefined]);
    const rest = (await getOrder(orderId))!;
    const request = new Request(`${TEST_ORIGIN}/api/admin/v1/orders/${orderId}/refunds`, { method: "POST", headers: { Authorization: `Bearer ${owner}` } });
    const r = await handleAdminApi({ request, params: { "*": `orders/${orderId}/refunds` }, context: {} });
    const json = (await r.json()) as Json;
    expect([r.status, json.error]).toEqual([201, undefined]);
    expect(json.refund.amount).toEqual({ amount: ((Number(rest.total - rest.refundedTotal)) / 100).toFixed(2), currencyCode: "USD" });
    expect(json.order.status).toBe("refunded");
    expect(await pointsBalance(contactId)).toEqual({ available: before.available, pending: 0 });
    // Nothing left: a second empty-body refund is refused, not a 500.
    const again = await handleAdminApi({ request: new Request(request.url, { method: "POST", headers: { Authorization: `Bearer ${owner}` } }), params: { "*": `orders/${orderId}/refunds` }, context: {} });
    expect([409, 422]).toContain(again.status);
  });
});

describe("the /admin/loyalty page", () => {
  it("saves the settings from the form (audited), and answers a refused value with 400 naming the field", async () => {
    const { action } = await import("~/routes/admin.loyalty");
    const { adminSession, adminForm } = await import("./staff-helpers");
    const session = await adminSession("marketer");
    const fields = { pointsPerUnit: "3", redeemPointsPerUnit: "100", returnWindowDays: "30", returnWindowFrom: "delivery", signupBonus: "0", birthdayBonus: "10", warningDays: "14", expiryMonths: "" };
    const saved = await action({ request: adminForm("/admin/loyalty", session, fields), params: {}, context: {} });
    expect((saved as unknown as { data: Json }).data).toEqual({ ok: true });
    const { entries } = await listAuditLog({ entityId: "loyalty" }, { limit: 1, offset: 0 });
    expect(entries.map((e) => [e.action, e.via, (e.after as Json).pointsPerUnit])).toEqual([["update:loyalty-settings", "page", 3]]);
    const read = await admin("GET", "/loyalty-settings");
    expect(read.json).toMatchObject({ pointsPerUnit: 3, returnWindowDays: 30, returnWindowFrom: "delivery", birthdayBonus: 10, expiryMonths: null });
    const refused = (await action({ request: adminForm("/admin/loyalty", session, { ...fields, returnWindowDays: "-2" }), params: {}, context: {} })) as unknown as { data: Json; init: { status: number } };
    expect([refused.init.status, refused.data.field]).toEqual([400, "returnWindowDays"]);
    await admin("PATCH", "/loyalty-settings", { pointsPerUnit: 1, returnWindowDays: 14, returnWindowFrom: "payment", birthdayBonus: 0 });
  });
});
