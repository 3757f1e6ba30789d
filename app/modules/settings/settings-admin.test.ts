/**
 * Markets & settings through the Admin API (issue #9): a change made by the owner shows on the
 * storefront (`/api/v1` carts), FX rates apply from their effective day, tax registrations decide
 * where US sales tax is collected, the sender identity is the next email's From, bad input is a 4xx
 * naming the field, and a marketer is refused before anything is validated.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { jobsTable, marketPricesTable, outboxEmailsTable, priceHistoryTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { rowsOf } from "~db/rows";
import { handleAdminApi } from "~/api/admin/registry.server";
import { action as createCartAction } from "~/routes/api.v1.carts";
import { loader as cartLoader } from "~/routes/api.v1.carts.$id";
import { action as addLineAction } from "~/routes/api.v1.carts.$id.lines";
import { action as addressAction } from "~/routes/api.v1.carts.$id.shipping-address";
import { action as marketPageAction } from "~/routes/admin.markets.$handle";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { runDueJobs } from "../jobs/jobs.server";
import { sendEmail } from "../mail/send-email.server";
import { getMarket, invalidateStoreConfig } from "../markets/markets.server";
import { listAuditLog } from "../staff/audit.server";
import { REFRESH_PRICES_JOB } from "./settings.server";
import { adminForm, adminSession, adminToken, TEST_ORIGIN } from "../../../test/staff-helpers";

const db = useTestDatabase();

let owner = "";
let marketer = "";
beforeAll(async () => {
  registerAllJobHandlers();
  owner = (await adminToken("owner")).token;
  marketer = (await adminToken("marketer")).token;
}, 60_000);
afterEach(() => {
  vi.useRealTimers();
});

async function admin(method: string, path: string, body?: unknown, token = owner) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
  return { status: r.status, json: (await r.json()) as any };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({ "Content-Type": "application/json", ...headers, body: JSON.stringify(body) });

/** A storefront cart (through the /api/v1 routes) holding one unit of `variantId`. */
async function storefrontCart(market: string, variantId: string) {
  const created = await createCartAction({ request: new Request("http://localhost/api/v1/carts", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ market }) }), params: {}, context: {} });
  const cart = (await created.json()) as { id: string; token: string };
  const { body, ...headers } = json({ variantId, quantity: 1 }, { "X-Cart-Token": cart.token });
  const added = await addLineAction({ request: new Request(`http://localhost/api/v1/carts/${cart.id}/lines`, { method: "POST", headers, body }), params: { id: cart.id }, context: {} });
  expect(added.status).toBe(201);
  return {
    ...cart,
    read: async () => {
      const r = await cartLoader({ request: new Request(`http://localhost/api/v1/carts/${cart.id}`, { headers: { "X-Cart-Token": cart.token } }), params: { id: cart.id }, context: {} });
      return (await r.json()) as any;
    },
    setAddress: async (address: Record<string, string>) => {
      const { body: b, ...h } = json(address, { "X-Cart-Token": cart.token });
      const r = await addressAction({ request: new Request(`http://localhost/api/v1/carts/${cart.id}/shipping-address`, { method: "PUT", headers: h, body: b }), params: { id: cart.id }, context: {} });
      expect(r.status).toBe(200);
      return (await r.json()) as any;
    },
  };
}

/** A variant on sale in `market` with stock, whose shelf price there is below `below` minor units. */
async function cheapVariant(market: string, below: bigint): Promise<{ id: string; amount: bigint }> {
  const res = await db.current.db.execute(sql`
    select mp.variant_id as id, mp.amount::text as amount from market_prices mp
    join inventory_levels il on il.variant_id = mp.variant_id and il.on_hand - il.reserved > 2
    where mp.market = ${market} and mp.amount < ${below.toString()}::bigint
    order by mp.amount desc limit 1`);
  const row = rowsOf<{ id: string; amount: string }>(res)[0]!;
  return { id: row.id, amount: BigInt(row.amount) };
}

/** A variant with a USD (base) price and no explicit price in `currency`: its shelf price there is converted. */
async function convertedVariant(currency: string): Promise<{ id: string; usd: bigint }> {
  const res = await db.current.db.execute(sql`
    select vp.variant_id as id, vp.amount::text as usd from variant_prices vp
    where vp.currency = 'USD' and not exists (select 1 from variant_prices o where o.variant_id = vp.variant_id and o.currency = ${currency})
    order by vp.variant_id limit 1`);
  const row = rowsOf<{ id: string; usd: string }>(res)[0]!;
  return { id: row.id, usd: BigInt(row.usd) };
}

async function shelfPrice(market: string, variantId: string): Promise<bigint | undefined> {
  const [row] = await db.current.db.select({ amount: marketPricesTable.amount }).from(marketPricesTable).where(and(eq(marketPricesTable.market, market), eq(marketPricesTable.variantId, variantId)));
  return row?.amount;
}

/** The market's rounding rule "ending:<e>" (ADR 0002): up to the next amount whose last two minor digits are `e`. */
const endingIn = (amount: bigint, ending: bigint) => {
  const base = (amount / 100n) * 100n + ending;
  return base >= amount ? base : base + 100n;
};

describe("roles", () => {
  it("a marketer's PATCH /markets/de-de with an empty body is a 403, not a 400 or 404; so are the settings", async () => {
    expect((await admin("PATCH", "/markets/de-de", {}, marketer)).status).toBe(403);
    expect((await admin("PATCH", "/markets/no-such", "", marketer)).status).toBe(403);
    expect((await admin("GET", "/settings", undefined, marketer)).status).toBe(403);
    expect((await admin("PUT", "/tax-registrations", {}, marketer)).status).toBe(403);
  });
});

describe("markets", () => {
  it("PATCH round-trips the fields, is audited, and the threshold shows in the storefront cart's shipping methods", async () => {
    // The seeded de-de threshold is €120.00: a cart below it pays for every method.
    const variant = await cheapVariant("de-de", 5000n);
    const cart = await storefrontCart("de-de", variant.id);
    const before = await cart.read();
    expect(before.shippingMethods.filter((m: { free: boolean }) => m.free)).toEqual([]);

    const patched = await admin("PATCH", "/markets/de-de", { freeShippingOver: "10.00", dutyMode: "DDP", shipTo: ["DE", "AT", "CH"], taxDisplay: "inclusive" });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ handle: "de-de", freeShippingOver: "10.00", dutyMode: "DDP", shipTo: ["DE", "AT", "CH"] });
    expect((await admin("GET", "/markets/de-de")).json).toEqual(patched.json);
    expect((await getMarket("de-de"))!.dutyMode).toBe("DDP");

    // Dedicated and postal follow the market's threshold; express never is free (the seed's rule).
    const after = await cart.read();
    const free = Object.fromEntries(after.shippingMethods.map((m: { code: string; free: boolean; amount: { amount: string } }) => [m.code, m.free]));
    expect(free).toMatchObject({ dedicated: true, postal: true, express: false });
    expect(after.shippingMethods.find((m: { code: string }) => m.code === "postal").amount.amount).toBe("0.00");

    const { entries } = await listAuditLog({ entityId: "de-de", action: "update:markets" }, { limit: 5, offset: 0 });
    expect(entries[0]).toMatchObject({ via: "api", before: { freeShippingOver: "120.00", dutyMode: "DDU" }, after: { freeShippingOver: "10.00", dutyMode: "DDP" } });

    // No threshold: nothing is free any more.
    expect((await admin("PATCH", "/markets/de-de", { freeShippingOver: null, dutyMode: "DDU", shipTo: ["DE", "AT"] })).status).toBe(200);
    expect((await cart.read()).shippingMethods.filter((m: { free: boolean }) => m.free)).toEqual([]);
    expect((await admin("PATCH", "/markets/de-de", { freeShippingOver: "120.00" })).status).toBe(200);
  });

  it("the admin page's no-JS form saves the same change (CSRF token, owner session)", async () => {
    const session = await adminSession("owner");
    const fields = { intent: "market", name: "Deutschland", enabled: "on", currency: "EUR", taxDisplay: "inclusive", dutyMode: "DDU", shipTo: "DE, AT", roundingRule: "ending:95", defaultShipping: "", freeShippingOver: "99.00" };
    const res = (await marketPageAction({ request: adminForm("/admin/markets/de-de", session, fields), params: { handle: "de-de" }, context: {} })) as { init?: { status?: number } | null; data?: unknown };
    expect(res.init?.status ?? 200).toBe(200);
    expect((await admin("GET", "/markets/de-de")).json.freeShippingOver).toBe("99.00");
    const bad = (await marketPageAction({ request: adminForm("/admin/markets/de-de", session, { ...fields, shipTo: "DE, Germany" }), params: { handle: "de-de" }, context: {} })) as { init?: { status?: number } | null; data: { error: { field: string } } };
    expect([bad.init?.status, bad.data.error.field]).toEqual([400, "shipTo.1"]);
    expect((await admin("PATCH", "/markets/de-de", { freeShippingOver: "120.00" })).status).toBe(200);
  });

  it("a shipping rate switched off is no longer offered; a rate's own threshold overrides the market's", async () => {
    const variant = await cheapVariant("de-de", 5000n);
    const cart = await storefrontCart("de-de", variant.id);
    const express = (await admin("GET", "/shipping-rates?market=de-de")).json.nodes.find((r: { method: string }) => r.method === "express");
    expect(express).toMatchObject({ id: "shr_de_de_express", currency: "EUR", freeShipping: "rate", freeOver: null });
    const body = { enabled: false, minDays: express.minDays, maxDays: express.maxDays, bands: express.bands, freeShipping: "rate", freeOver: "1.00" };
    // The body is the rate's settings only: a field it does not have is refused, not ignored.
    const extra = await admin("PUT", `/shipping-rates/${express.id}`, { ...body, method: "postal" });
    expect([extra.status, extra.json.error.code]).toEqual([400, "invalid_parameter"]);
    const saved = await admin("PUT", `/shipping-rates/${express.id}`, body);
    expect(saved.status).toBe(200);
    expect((await cart.read()).shippingMethods.map((m: { code: string }) => m.code)).not.toContain("express");
    const on = await admin("PUT", `/shipping-rates/${express.id}`, { ...body, enabled: true });
    expect(on.json).toMatchObject({ enabled: true, freeShipping: "rate", freeOver: "1.00" });
    expect((await cart.read()).shippingMethods.find((m: { code: string }) => m.code === "express").free).toBe(true);
    expect((await admin("PUT", `/shipping-rates/${express.id}`, { ...body, enabled: true, freeOver: null })).json.freeOver).toBeNull();
  });
});

describe("FX rates", () => {
  it("a new rate in force today changes the converted price of a product without a fixed price, and enters the price history", async () => {
    const variant = await convertedVariant("AUD");
    const rate = await admin("POST", "/fx-rates", { currency: "AUD", rate: "2.0000" });
    expect(rate.status).toBe(201);
    expect(rate.json).toMatchObject({ applied: true, rate: { currency: "AUD", rate: "2.0000000000", current: true } });
    // en-au converts from USD and rounds with "ending:95" (seed): USD × 2, then up to the next .95.
    const expected = endingIn(variant.usd * 2n, 95n);
    expect(await shelfPrice("en-au", variant.id)).toBe(expected);
    const history = await db.current.db.select().from(priceHistoryTable).where(and(eq(priceHistoryTable.market, "en-au"), eq(priceHistoryTable.variantId, variant.id)));
    expect(history.map((h) => h.amount)).toContain(expected);
  });

  it("a rate with a future effective date does not apply until that day, then a job rebuilds the prices", async () => {
    const variant = await convertedVariant("CAD");
    const before = await shelfPrice("en-ca", variant.id);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const entered = await admin("POST", "/fx-rates", { currency: "CAD", rate: "3.0000", effectiveOn: tomorrow });
    expect(entered.status).toBe(201);
    expect(entered.json).toMatchObject({ applied: false, rate: { effectiveOn: tomorrow, current: false } });
    expect(await shelfPrice("en-ca", variant.id)).toBe(before);
    const rates = (await admin("GET", "/fx-rates")).json;
    expect(rates.baseCurrency).toBe("USD");
    expect(rates.nodes.find((r: { currency: string; current: boolean }) => r.currency === "CAD" && r.current).rate).toBe("1.3700000000");

    const [job] = await db.current.db.select().from(jobsTable).where(and(eq(jobsTable.kind, REFRESH_PRICES_JOB), sql`${jobsTable.payload}->>'reason' = ${`fx:CAD:${tomorrow}`}`));
    expect(job!.runAt.toISOString()).toBe(`${tomorrow}T00:00:00.000Z`);

    // The day arrives: the clock moves past midnight UTC and the job is due.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(`${tomorrow}T00:00:05Z`));
    await db.current.db.update(jobsTable).set({ runAt: sql`now()` }).where(eq(jobsTable.id, job!.id));
    invalidateStoreConfig();
    expect(await runDueJobs({ kinds: [REFRESH_PRICES_JOB] })).toMatchObject({ done: expect.any(Number), failed: 0 });
    // en-ca rounds with "ending:99" (seed): USD × 3, then up to the next .99.
    expect(await shelfPrice("en-ca", variant.id)).toBe(endingIn(variant.usd * 3n, 99n));
    vi.useRealTimers();
    invalidateStoreConfig();
  });

  it("names the field of a bad rate", async () => {
    const zero = await admin("POST", "/fx-rates", { currency: "EUR", rate: "0" });
    expect([zero.status, zero.json.error.code, zero.json.error.field]).toEqual([400, "invalid_rate", "rate"]);
    const base = await admin("POST", "/fx-rates", { currency: "USD", rate: "1.1" });
    expect([base.status, base.json.error.code, base.json.error.field]).toEqual([400, "base_currency_rate", "currency"]);
    const day = await admin("POST", "/fx-rates", { currency: "EUR", rate: "0.9", effectiveOn: "2026-02-30" });
    expect([day.status, day.json.error.field]).toEqual([400, "effectiveOn"]);
  });
});

describe("tax registrations", () => {
  // New Jersey's state sales tax is 6.625 % (N.J.S.A. 54:32B-3; US_STATE_RATES_BP.NJ = 662.5 in
  // app/modules/tax/rates.ts), and NJ taxes delivery charges (US_SHIPPING_TAXABLE_STATES).
  const NJ = { name: "Pat Doe", line1: "1 Main St", city: "Avenel", region: "NJ", postalCode: "07001", country: "US" };

  it("adding a state makes checkout collect its sales tax there, from the registration's day on", async () => {
    const variant = await cheapVariant("en-us", 10000n);
    const cart = await storefrontCart("en-us", variant.id);
    const untaxed = await cart.setAddress(NJ);
    expect(untaxed.taxLines).toEqual([]);

    const current = (await admin("GET", "/tax-registrations")).json.registrations;
    expect(current.map((r: { region: string }) => r.region)).toEqual(["CA", "NY", "TX", "WA"]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const later = await admin("PUT", "/tax-registrations", { registrations: [...current, { country: "US", region: "NJ", registrationNumber: "NJ-123", since: tomorrow }] });
    expect(later.status).toBe(200);
    expect((await cart.read()).taxLines).toEqual([]);

    const today = new Date().toISOString().slice(0, 10);
    const now = await admin("PUT", "/tax-registrations", { registrations: [...current, { country: "US", region: "nj", registrationNumber: " NJ-123 ", since: today }] });
    expect(now.json.registrations).toContainEqual({ country: "US", region: "NJ", registrationNumber: "NJ-123", since: today });
    const taxed = await cart.read();
    const line = taxed.taxLines.find((t: { appliesTo: string }) => t.appliesTo === "line");
    expect(line).toMatchObject({ jurisdiction: "US-NJ", rate: "6.625", included: false });
    // Tax-exclusive market: 6.625 % of the line, to the cent (half up).
    const expected = (variant.amount * 6625n + 50_000n) / 100_000n;
    expect(line.amount.amount).toBe((Number(expected) / 100).toFixed(2));
  });

  it("names the entry of a bad registration", async () => {
    const r = await admin("PUT", "/tax-registrations", { registrations: [{ country: "US", region: "CA", since: "2024-01-01" }, { country: "US", region: "ZZ", since: "2024-01-01" }] });
    expect([r.status, r.json.error.code, r.json.error.field]).toEqual([400, "invalid_region", "registrations.1.region"]);
    const missing = await admin("PUT", "/tax-registrations", {});
    expect([missing.status, missing.json.error.field]).toEqual([400, "registrations"]);
  });
});

describe("store settings", () => {
  it("the sender identity is the next email's From (quoted per RFC 5322 §3.2.3) and Reply-To", async () => {
    const r = await admin("PATCH", "/settings", { mailFromName: "Kiln & Loom, Customer Care", mailFromAddress: "Care@Kiln.example", mailReplyTo: "help@kiln.example" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: "Kiln & Loom", baseCurrency: "USD", mailFromAddress: "care@kiln.example" });
    await sendEmail({
      template: "account-sign-in-link",
      to: "shopper@example.com",
      locale: "en",
      intlLocale: "en-US",
      idempotencyKey: "test:sender-identity",
      data: { url: "https://shop.example.com/en-us/account/sign-in/link?token=t", expiresInMinutes: 15 },
    });
    const [row] = await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.idempotencyKey, "test:sender-identity"));
    // A comma is not atext (RFC 5322 §3.2.3): the display name must be a quoted string.
    expect(row!.from).toBe('"Kiln & Loom, Customer Care" <care@kiln.example>');
    expect(row!.replyTo).toBe("help@kiln.example");
    const outbox = await admin("GET", "/outbox?to=shopper@example.com");
    expect(outbox.json.nodes[0].headers).toMatchObject({ From: '"Kiln & Loom, Customer Care" <care@kiln.example>', "Reply-To": "help@kiln.example" });
  });

  it("the postal address (printed in marketing footers, CAN-SPAM §7704(a)(5)) is set, cleared and checked through PATCH /settings", async () => {
    const set = await admin("PATCH", "/settings", { postalAddress: "  Kiln & Loom GmbH\r\nHafenstraße 1\r\n20457 Hamburg  " });
    expect([set.status, set.json.postalAddress]).toEqual([200, "Kiln & Loom GmbH\nHafenstraße 1\n20457 Hamburg"]);
    expect((await admin("GET", "/settings")).json.postalAddress).toBe("Kiln & Loom GmbH\nHafenstraße 1\n20457 Hamburg");
    const bad = await admin("PATCH", "/settings", { postalAddress: "<script>" });
    expect([bad.status, bad.json.error.code, bad.json.error.field]).toEqual([400, "invalid_postal_address", "postalAddress"]);
    expect((await admin("PATCH", "/settings", { postalAddress: "" })).json.postalAddress).toBeNull();
  });

  it("refuses a changed base currency (409) and names bad fields", async () => {
    const base = await admin("PATCH", "/settings", { baseCurrency: "EUR" });
    expect([base.status, base.json.error.code, base.json.error.field]).toEqual([409, "base_currency_locked", "baseCurrency"]);
    const email = await admin("PATCH", "/settings", { mailReplyTo: "not-an-address" });
    expect([email.status, email.json.error.code, email.json.error.field]).toEqual([400, "invalid_email", "mailReplyTo"]);
    const header = await admin("PATCH", "/settings", { mailFromName: "Evil\r\nBcc: x@example.com" });
    expect([header.status, header.json.error.field]).toEqual([400, "mailFromName"]);
    const market = await admin("PATCH", "/settings", { defaultMarket: "xx-xx" });
    expect([market.status, market.json.error.field]).toEqual([400, "defaultMarket"]);
  });

  it("names bad market fields", async () => {
    const cases: [unknown, string, string][] = [
      [{ shipTo: ["DE", "XX"] }, "invalid_country", "shipTo.1"],
      [{ currency: "CHF" }, "currency_without_rate", "currency"],
      [{ freeShippingOver: "10.123" }, "invalid_amount", "freeShippingOver"],
      [{ roundingRule: "floor:5" }, "invalid_rounding_rule", "roundingRule"],
      [{ enabled: false }, "default_market", "enabled"],
    ];
    for (const [body, code, field] of cases) {
      const r = await admin("PATCH", body === cases[4]![0] ? "/markets/en-us" : "/markets/de-de", body);
      expect([r.json.error?.code, r.json.error?.field], JSON.stringify(body)).toEqual([code, field]);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect((await admin("PATCH", "/markets/zz-zz", {})).status).toBe(404);
  });
});
