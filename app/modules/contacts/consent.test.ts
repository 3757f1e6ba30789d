// Consent as issue #10 asks for it: every change a row (status, source, wording version, locale, time,
// IP, user agent), the current status the latest row, double opt-in where the market asks for it
// (EU, UK, CA by default) with a single-use link that only a POST consumes, one confirmation email
// per address per hour, a honeypot and a per-IP limit against bots, and the same answer for every address.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consentConfirmationsTable, consentEventsTable, contactsTable, customersTable, discountsTable, marketsTable, outboxEmailsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { apiRoute } from "~/api/registry.server";
import { runAt } from "~/lib/clock.server";
import { createTranslator } from "~/lib/i18n.server";
import { action as confirmAction, loader as confirmLoader } from "~/routes/market.newsletter.confirm";
import { action as newsletterAction } from "~/routes/market.newsletter";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { eraseCustomer } from "../customers/privacy.server";
import { runDueJobs } from "../jobs/jobs.server";
import { RATE_LIMITS } from "../ratelimit/ratelimit.server";
import { consentHistory, consentState, eraseContact, registerConsentListener, subscribe, unsubscribe } from "./consent.server";
import { findContactByEmail } from "./contacts.server";
import { firstTouchCookie } from "./first-touch";

const db = useTestDatabase();
const firstSubscriptions: string[] = [];
beforeAll(() => {
  registerAllJobHandlers();
  registerConsentListener("test", { subscribed: async (_tx, contact) => void firstSubscriptions.push(contact.email) });
});

const ORIGIN = "http://localhost";
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

async function api(body: unknown, ip = freshIp()) {
  const headers = new Headers({ "x-harbor-client-ip": ip, "Content-Type": "application/json", "User-Agent": "TestAgent/1.0" });
  const res = (await apiRoute("/subscriptions").action({ request: new Request(`${ORIGIN}/api/v1/subscriptions`, { method: "POST", headers, body: JSON.stringify(body) }), params: {}, context: {} })) as Response;
  return { status: res.status, headers: res.headers, body: await res.json() };
}

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<unknown>;
async function page(handler: Handler, method: "GET" | "POST", path: string, form: Record<string, string> = {}, opts: { ip?: string; cookie?: string; market?: string } = {}) {
  const headers = new Headers({ "x-harbor-client-ip": opts.ip ?? freshIp(), "User-Agent": "Browser/2.0", Origin: ORIGIN });
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  let body: string | undefined;
  if (method === "POST") {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(form).toString();
  }
  const result = await handler({ request: new Request(`${ORIGIN}${path}`, { method, headers, body }), params: { market: opts.market ?? "de-de" }, context: {} });
  const r = result as { data?: unknown; init?: { status?: number; headers?: Record<string, string> } };
  return { status: r.init?.status ?? 200, headers: new Headers(r.init?.headers), data: r.data as Record<string, unknown> };
}

async function emailsTo(to: string, template: string) {
  await runDueJobs({ limit: 50 });
  return db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.to, to)).orderBy(desc(outboxEmailsTable.createdAt)).then((rows) => rows.filter((r) => r.template === template));
}

function confirmToken(text: string): string {
  const match = /\/newsletter\/confirm\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no confirmation link in: ${text.slice(0, 300)}`);
  return match[1]!;
}

async function contactOf(email: string) {
  const c = await findContactByEmail(email);
  if (!c) throw new Error(`no contact for ${email}`);
  return c;
}

describe("consent history", () => {
  it("stores every field of a change, with the wording of the current version in the market's language; the latest row wins", async () => {
    // en-us: no double opt-in (the US has no such rule), so the sign-up subscribes at once.
    expect(await subscribe({ email: "Hist@Example.com", market: "en-us", source: "footer", ip: "198.51.100.7", userAgent: "UA/1" })).toBe("subscribed");
    const contact = await contactOf("hist@example.com");
    const [event] = await consentHistory(contact.id);
    expect(event).toMatchObject({ channel: "email", status: "subscribed", source: "footer", locale: "en", ip: "198.51.100.7", userAgent: "UA/1" });
    // The wording is the catalog's consent text, stored as version 1 for English.
    expect(event!.consentText).toEqual({ id: "ctx_email_en_v1", language: "en", version: 1, text: createTranslator("en")("newsletter.consentText") });
    expect(event!.createdAt).toBeInstanceOf(Date);

    await unsubscribe(contact.id, { source: "email", ip: "198.51.100.8", userAgent: "UA/2" });
    expect(await consentState(contact.id)).toMatchObject({ status: "unsubscribed", source: "email" });
    expect(await subscribe({ email: "hist@example.com", market: "en-us", source: "popup" })).toBe("subscribed");
    expect(await consentState(contact.id)).toMatchObject({ status: "subscribed", source: "popup" });
    expect((await consentHistory(contact.id)).map((e) => e.status)).toEqual(["subscribed", "unsubscribed", "subscribed"]);
    // Subscribing an address that is subscribed is no change, so no row.
    expect(await subscribe({ email: "hist@example.com", market: "en-us", source: "api" })).toBe("unchanged");
    expect(await consentHistory(contact.id)).toHaveLength(3);
    // Unsubscribing twice is one change.
    await unsubscribe(contact.id, { source: "account" });
    await unsubscribe(contact.id, { source: "account" });
    expect(await consentHistory(contact.id)).toHaveLength(4);
  });

  it("keeps older wording versions: an event names the version it was given to", async () => {
    // A German consent uses the German wording, not the English one.
    await subscribe({ email: "wording@example.com", market: "en-us", source: "api", consentTextId: "ctx_email_en_v1" });
    const [event] = await consentHistory((await contactOf("wording@example.com")).id);
    expect(event!.consentText?.id).toBe("ctx_email_en_v1");
  });

  it("a first subscription earns one single-use 10% code and notifies listeners once; a re-subscription does neither", async () => {
    await subscribe({ email: "first@example.com", market: "en-us", source: "footer" });
    const contact = await contactOf("first@example.com");
    const [code] = await db.current.db.select().from(discountsTable).where(eq(discountsTable.id, contact.welcomeDiscountId!));
    // "10% off your first order": a percentage of 1000 basis points, one use in total and per customer.
    expect(code).toMatchObject({ kind: "percentage", percentBp: 1000, usageLimit: 1, perCustomerLimit: 1 });
    const [welcome] = await emailsTo("first@example.com", "newsletter-welcome");
    expect(welcome!.text).toContain(code!.code);
    await unsubscribe(contact.id, { source: "account" });
    await subscribe({ email: "first@example.com", market: "en-us", source: "account" });
    expect(firstSubscriptions.filter((e) => e === "first@example.com")).toHaveLength(1);
    expect((await contactOf("first@example.com")).welcomeDiscountId).toBe(contact.welcomeDiscountId);
    expect(await emailsTo("first@example.com", "newsletter-welcome")).toHaveLength(1);
  });
});

describe("double opt-in", () => {
  it("is on by default for EU, UK and CA markets and off elsewhere; a market setting overrides it", async () => {
    for (const market of ["de-de", "en-gb", "en-ca", "fr-fr"]) expect(await subscribe({ email: `doi-${market}@example.com`, market, source: "api" })).toBe("pending");
    for (const market of ["en-us", "ja-jp", "en-au"]) expect(await subscribe({ email: `doi-${market}@example.com`, market, source: "api" })).toBe("subscribed");
    await db.current.db.update(marketsTable).set({ settings: { doubleOptIn: true } }).where(eq(marketsTable.handle, "en-sg"));
    expect(await subscribe({ email: "doi-sg@example.com", market: "en-sg", source: "api" })).toBe("pending");
  });

  it("GET of the emailed link does not confirm, the POST does, once; the welcome code follows", async () => {
    const res = await api({ email: "Anna@Example.com", market: "de-de", source: "footer" });
    expect(res).toMatchObject({ status: 202, body: { accepted: true } });
    const contact = await contactOf("anna@example.com");
    expect(await consentState(contact.id)).toMatchObject({ status: "pending", source: "footer" });
    const [mail] = await emailsTo("anna@example.com", "newsletter-confirm");
    expect(mail!.locale).toBe("de");
    const token = confirmToken(mail!.text);

    // A mail scanner opening the link: the page shows a button, nothing changes.
    const shown = await page(confirmLoader as Handler, "GET", `/de-de/newsletter/confirm?token=${token}`);
    expect(shown.data).toMatchObject({ token });
    expect((await consentState(contact.id)).status).toBe("pending");

    const confirmed = await page(confirmAction as Handler, "POST", "/de-de/newsletter/confirm", { token }, { ip: "192.0.2.50" });
    expect(confirmed).toMatchObject({ status: 200, data: { confirmed: true } });
    const history = await consentHistory(contact.id);
    // The subscribed row keeps the sign-up's source and wording and records who confirmed.
    expect(history[0]).toMatchObject({ status: "subscribed", source: "footer", ip: "192.0.2.50", userAgent: "Browser/2.0", locale: "de" });
    expect(history[0]!.consentText?.id).toBe("ctx_email_de_v1");
    expect(history[1]).toMatchObject({ status: "pending", userAgent: "TestAgent/1.0" });
    expect(firstSubscriptions).toContain("anna@example.com");
    expect(await emailsTo("anna@example.com", "newsletter-welcome")).toHaveLength(1);

    // Single use: the second press is refused (410) and records nothing.
    const again = await page(confirmAction as Handler, "POST", "/de-de/newsletter/confirm", { token });
    expect(again).toMatchObject({ status: 410, data: { confirmed: false } });
    expect(await consentHistory(contact.id)).toHaveLength(2);
    // A made-up token is refused the same way.
    expect((await page(confirmAction as Handler, "POST", "/de-de/newsletter/confirm", { token: "nope" })).status).toBe(410);
  });

  it("sends at most one confirmation email per address per hour; an unsubscribe kills the open link", async () => {
    const t0 = new Date();
    await runAt(t0, () => subscribe({ email: "hourly@example.com", market: "de-de", source: "footer" }));
    await runAt(new Date(t0.getTime() + 59 * 60_000), () => subscribe({ email: "hourly@example.com", market: "de-de", source: "popup" }));
    expect(await emailsTo("hourly@example.com", "newsletter-confirm")).toHaveLength(1);
    await runAt(new Date(t0.getTime() + 61 * 60_000), () => subscribe({ email: "hourly@example.com", market: "de-de", source: "popup" }));
    const mails = await emailsTo("hourly@example.com", "newsletter-confirm");
    expect(mails).toHaveLength(2);
    // Still one pending row: asking again is not a new consent change.
    const contact = await contactOf("hourly@example.com");
    expect((await consentHistory(contact.id)).map((e) => e.status)).toEqual(["pending"]);

    await unsubscribe(contact.id, { source: "email" });
    const token = confirmToken(mails[0]!.text);
    expect((await page(confirmAction as Handler, "POST", "/de-de/newsletter/confirm", { token })).status).toBe(410);
    expect((await consentState(contact.id)).status).toBe("unsubscribed");
  });

  it("refuses an expired link", async () => {
    const t0 = new Date();
    await runAt(t0, () => subscribe({ email: "late@example.com", market: "de-de", source: "footer" }));
    const token = confirmToken((await emailsTo("late@example.com", "newsletter-confirm"))[0]!.text);
    // The link works 72 hours (the email says so).
    const res = await runAt(new Date(t0.getTime() + 73 * 3_600_000), () => page(confirmAction as Handler, "POST", "/de-de/newsletter/confirm", { token }));
    expect(res.status).toBe(410);
  });
});

describe("sign-up forms and the API", () => {
  it("answers 202 with the same body for a new, a known and a subscribed address", async () => {
    await subscribe({ email: "known@example.com", market: "en-us", source: "api" });
    const a = await api({ email: "unknown-1@example.com", market: "en-us" });
    const b = await api({ email: "known@example.com", market: "en-us" });
    const c = await api({ email: "KNOWN@example.com", market: "de-de" });
    for (const r of [a, b, c]) expect(r).toMatchObject({ status: 202, body: { accepted: true } });
    expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
    // Default source is "api".
    expect(await consentState((await contactOf("unknown-1@example.com")).id)).toMatchObject({ source: "api" });
  });

  it("answers 400 naming the field for bad input", async () => {
    expect(await api({ email: "not-an-address", market: "de-de" })).toMatchObject({ status: 400, body: { error: { field: "email" } } });
    expect(await api({ email: "a@example.com" })).toMatchObject({ status: 400, body: { error: { field: "market" } } });
    expect(await api({ email: "a@example.com", market: "xx-xx" })).toMatchObject({ status: 400, body: { error: { code: "unknown_market", field: "market" } } });
    expect(await api({ email: "a@example.com", market: "de-de", consentTextId: "ctx_email_de_v99" })).toMatchObject({ status: 400, body: { error: { code: "unknown_consent_text", field: "consentTextId" } } });
    expect(await api({ email: "a@example.com", market: "de-de", source: "<script>" })).toMatchObject({ status: 400, body: { error: { field: "source" } } });
    expect(await findContactByEmail("a@example.com")).toBeNull();
  });

  it("limits sign-ups per IP (429 with Retry-After) for the API and the forms alike", async () => {
    const ip = "192.0.2.99";
    const limit = RATE_LIMITS.newsletterSignUpPerIp.limit;
    for (let i = 0; i < limit; i++) expect((await api({ email: `bot${i}@example.com`, market: "en-us" }, ip)).status).toBe(202);
    const refused = await api({ email: "bot-over@example.com", market: "en-us" }, ip);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const form = await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "bot-form@example.com", source: "footer" }, { ip });
    expect(form.status).toBe(429);
    expect(await findContactByEmail("bot-over@example.com")).toBeNull();
  });

  it("takes a filled-in honeypot like any sign-up but records nothing", async () => {
    const res = await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "honey@example.com", source: "footer", website: "http://spam.example" });
    expect(res).toMatchObject({ status: 200, data: { ok: true, doubleOptIn: true } });
    expect(await findContactByEmail("honey@example.com")).toBeNull();
    expect(await emailsTo("honey@example.com", "newsletter-confirm")).toHaveLength(0);
  });

  it("the footer form records source, wording id and the client's IP; a bad address is 400", async () => {
    const res = await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "footer@example.com", source: "popup", consentTextId: "ctx_email_de_v1", website: "" }, { ip: "192.0.2.7" });
    expect(res).toMatchObject({ status: 200, data: { ok: true, doubleOptIn: true } });
    const [event] = await consentHistory((await contactOf("footer@example.com")).id);
    expect(event).toMatchObject({ status: "pending", source: "popup", ip: "192.0.2.7", userAgent: "Browser/2.0" });
    expect(event!.consentText?.id).toBe("ctx_email_de_v1");
    expect((await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "nope" })).status).toBe(400);
  });
});

describe("first touch", () => {
  it("sets the cookie only on a request carrying utm_* and only once; a sign-up keeps it with the contact", async () => {
    expect(firstTouchCookie(new Request(`${ORIGIN}/de-de/products/teeschale`))).toBeNull();
    const cookie = firstTouchCookie(new Request(`${ORIGIN}/de-de/products/teeschale?utm_source=ig&utm_campaign=spring`))!;
    expect(cookie).toMatch(/^harbor_first_touch=.*HttpOnly/);
    const pair = cookie.split(";")[0]!;
    // A later campaign visit does not replace the first touch.
    expect(firstTouchCookie(new Request(`${ORIGIN}/de-de?utm_source=fb`, { headers: { Cookie: pair } }))).toBeNull();

    await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "utm@example.com", source: "footer" }, { cookie: pair });
    expect(await contactOf("utm@example.com")).toMatchObject({ utm: { source: "ig", campaign: "spring" }, landingPage: "/de-de/products/teeschale?utm_source=ig&utm_campaign=spring", source: "footer" });
    // A second sign-up from another campaign keeps the first touch (ensureContact never re-sources).
    const other = firstTouchCookie(new Request(`${ORIGIN}/de-de?utm_source=newsletter-swap`))!.split(";")[0]!;
    await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "utm@example.com", source: "popup" }, { cookie: other });
    expect(await contactOf("utm@example.com")).toMatchObject({ utm: { source: "ig" }, source: "footer" });
    // A tampered cookie is ignored, not a 500.
    expect((await page(newsletterAction as Handler, "POST", "/de-de/newsletter", { email: "utm2@example.com" }, { cookie: "harbor_first_touch=%7Bbroken" })).status).toBe(200);
  });
});

describe("erasure", () => {
  it("replaces the address, empties the profile, scrubs IP and user agent but keeps status, source, time and wording", async () => {
    await subscribe({ email: "gone@example.com", market: "de-de", source: "footer", ip: "192.0.2.1", userAgent: "UA", utm: { source: "ig" }, landingPage: "/de-de?utm_source=ig" });
    const contact = await contactOf("gone@example.com");
    await db.current.db.transaction((tx) => eraseContact(tx, "GONE@example.com"));
    expect(await findContactByEmail("gone@example.com")).toBeNull();
    const [row] = await db.current.db.select().from(contactsTable).where(eq(contactsTable.id, contact.id));
    expect(row).toMatchObject({ utm: null, landingPage: null, name: null, customerId: null });
    expect(row!.email).not.toContain("gone");
    expect(row!.erasedAt).toBeInstanceOf(Date);
    const events = await db.current.db.select().from(consentEventsTable).where(eq(consentEventsTable.contactId, contact.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: null, userAgent: null, status: "pending", source: "footer", consentTextId: "ctx_email_de_v1" });
    expect(await db.current.db.select().from(consentConfirmationsTable).where(eq(consentConfirmationsTable.contactId, contact.id))).toHaveLength(0);
  });

  it("is part of an account's erasure (customers' eraseCustomer)", async () => {
    const [customer] = await db.current.db.insert(customersTable).values({ id: "cus_erase1", email: "account-gone@example.com", locale: "de" }).returning();
    await subscribe({ email: "account-gone@example.com", customerId: customer!.id, market: "de-de", source: "account", verifiedAddress: true, ip: "192.0.2.2", userAgent: "UA" });
    const contact = await contactOf("account-gone@example.com");
    await eraseCustomer(customer!.id);
    expect(await findContactByEmail("account-gone@example.com")).toBeNull();
    const events = await db.current.db.select().from(consentEventsTable).where(eq(consentEventsTable.contactId, contact.id));
    expect(events.map((e) => [e.status, e.source, e.ip, e.userAgent])).toEqual([["subscribed", "account", null, null]]);
  });
});
