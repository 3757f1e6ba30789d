// Deliverability as issue #12 asks for it: marketing mail carries RFC 8058 one-click unsubscribe
// headers signed per recipient; the unsubscribe URL unsubscribes only on POST (a cookie-less one-click
// POST included), idempotently; Resend's webhooks are verified on the raw body (standardwebhooks:
// HMAC-SHA256 over `id.timestamp.body`, 5 minutes' tolerance) and applied once per svix-id; bounces and
// complaints feed the suppression list that sending checks; tracked clicks never redirect off the store.
import { createHmac, randomBytes } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { consentEventsTable, emailEventsTable, emailSuppressionsTable, outboxEmailsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { resetEnvForTests } from "~/lib/env.server";
import { emailLinkOrigin } from "~/lib/http.server";
import { sign } from "~/lib/signing.server";
import { loader as clickLoader } from "~/routes/c.$token";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "~/routes/unsubscribe.$token";
import { action as resendWebhook } from "~/routes/webhooks.resend";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { handleAdminApi } from "~/api/admin/registry.server";
import { adminToken, TEST_ORIGIN } from "../../../test/staff-helpers";
import { startResendStandin, type ResendStandin } from "../../../test/stand-ins/resend";
import { consentState, subscribe } from "../contacts/consent.server";
import { findContactByEmail } from "../contacts/contacts.server";
import { invalidateStoreConfig } from "../markets/markets.server";
import { updateStoreSettings } from "../markets/markets-admin.server";
import { attributedMessageId } from "./clicks.server";
import { applyDeliveryEvent } from "./delivery-events.server";
import { ResendMailer } from "./mailer.server";
import { readUnsubscribeToken, trackedUrl } from "./marketing.server";
import { getOutboxMessage } from "./outbox.server";
import { sendEmail, type SendEmailPayload } from "./send-email.server";
import { isSuppressed, suppressionHash } from "./suppressions.server";

const db = useTestDatabase();
const POSTAL = "Kiln & Loom GmbH\nHafenstraße 1\n20457 Hamburg";
let standin: ResendStandin;
let mailer: ResendMailer;

beforeAll(async () => {
  registerAllJobHandlers();
  standin = await startResendStandin({ apiKey: "re_test_deliver" });
  mailer = new ResendMailer({ apiKey: "re_test_deliver", baseUrl: standin.url });
  await db.current.db.transaction((tx) => updateStoreSettings(tx, { postalAddress: POSTAL }));
  invalidateStoreConfig();
});
afterAll(async () => {
  await standin?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

let n = 0;
async function subscribedContact(prefix = "reader") {
  const email = `${prefix}-${++n}@example.com`;
  // A verified address needs no confirmation email: subscribed at once.
  await subscribe({ email, market: "de-de", source: "footer", verifiedAddress: true });
  const contact = (await findContactByEmail(email))!;
  expect((await consentState(contact.id)).status).toBe("subscribed");
  return contact;
}

function marketingPayload(contact: { id: string; email: string }, over: Partial<SendEmailPayload> = {}): SendEmailPayload {
  return {
    template: "marketing-message",
    to: contact.email,
    locale: "de",
    intlLocale: "de-DE",
    idempotencyKey: `test-campaign:${contact.id}:${Math.random().toString(36).slice(2)}`,
    data: { subject: "Neu: Teeschalen", heading: "Neu eingetroffen", paragraphs: ["Handgefertigt."], button: { label: "Ansehen", url: `${emailLinkOrigin()}/de-de/collections/tea` } },
    marketing: { contactId: contact.id, campaignId: "cmp_test", market: "de-de" },
    ...over,
  } as SendEmailPayload;
}

function orderPayload(to: string): SendEmailPayload {
  return {
    template: "account-sign-in-link",
    to,
    locale: "de",
    intlLocale: "de-DE",
    idempotencyKey: `test-tx:${to}:${Math.random().toString(36).slice(2)}`,
    data: { url: "https://shop.example.com/de-de/account/sign-in/link?token=x", expiresInMinutes: 15 },
  } as SendEmailPayload;
}

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<unknown>;
/** A request as a mailbox provider sends it: no cookies, no Origin, no CSRF token. */
async function call(handler: Handler, method: "GET" | "POST", token: string, body?: string) {
  const headers = new Headers({ "x-harbor-client-ip": "198.51.100.7", "User-Agent": "Mailbox-Provider/1.0" });
  if (body !== undefined) headers.set("Content-Type", "application/x-www-form-urlencoded");
  const result = await handler({ request: new Request(`http://localhost/unsubscribe/${token}`, { method, headers, body }), params: { token }, context: {} });
  const r = result as { data?: unknown; init?: { status?: number } };
  return { status: r.init?.status ?? 200, data: r.data as Record<string, unknown> };
}

async function consentRows(contactId: string) {
  return db.current.db.select().from(consentEventsTable).where(eq(consentEventsTable.contactId, contactId)).orderBy(consentEventsTable.id);
}

function tokenOf(listUnsubscribe: string): string {
  return /\/unsubscribe\/([A-Za-z0-9_.-]+)>/.exec(listUnsubscribe)![1]!;
}

describe("marketing envelope (RFC 8058 §3.1, RFC 2369)", () => {
  it("carries List-Unsubscribe (https URL + mailto) and List-Unsubscribe-Post: List-Unsubscribe=One-Click through the real SDK, signed per recipient", async () => {
    const a = await subscribedContact();
    const b = await subscribedContact();
    const sentA = await sendEmail(marketingPayload(a), { mailer });
    const sentB = await sendEmail(marketingPayload(b), { mailer });
    expect(sentA?.transport).toBe("resend");
    const atProvider = [...standin.emails.values()];
    const headersA = atProvider.find((e) => e.to === a.email)!.headers!;
    const headersB = atProvider.find((e) => e.to === b.email)!.headers!;
    // RFC 8058 §3.1: an HTTPS URI in List-Unsubscribe and exactly this List-Unsubscribe-Post value.
    expect(headersA["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headersA["List-Unsubscribe"]).toMatch(new RegExp(`^<${emailLinkOrigin()}/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>, <mailto:unsubscribe@[a-z0-9.-]+\\?subject=unsubscribe-[A-Za-z0-9_.-]+>$`));
    // One token per recipient, naming that recipient (and the campaign); the mailto carries the same token.
    const tokenA = tokenOf(headersA["List-Unsubscribe"]!);
    const tokenB = tokenOf(headersB["List-Unsubscribe"]!);
    expect(tokenA).not.toBe(tokenB);
    expect(readUnsubscribeToken(tokenA)).toEqual({ contactId: a.id, campaignId: "cmp_test" });
    expect(readUnsubscribeToken(tokenB)?.contactId).toBe(b.id);
    expect(headersA["List-Unsubscribe"]).toContain(`subject=unsubscribe-${tokenA}>`);
    // A token with one character changed is worthless.
    const forged = tokenA.slice(0, -1) + (tokenA.endsWith("A") ? "B" : "A");
    expect(readUnsubscribeToken(forged)).toBeNull();

    // The outbox row keeps the headers, so the mail viewer shows them; the footer carries the postal address and both links.
    const stored = (await getOutboxMessage(sentA!.id))!;
    expect(stored.kind).toBe("marketing");
    expect(stored.headers["List-Unsubscribe"]).toBe(headersA["List-Unsubscribe"]);
    expect(stored.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(stored.text).toContain("Hafenstraße 1");
    expect(stored.html).toContain(`/unsubscribe/${tokenA}`);
    expect(stored.html).toContain("/de-de/account/preferences");
    expect(stored.text).toContain("Abmelden");
    // The button goes through the tracked redirect, which names this message.
    expect(stored.html).toMatch(new RegExp(`${emailLinkOrigin()}/c/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`));
    expect(sentB?.id).not.toBe(sentA?.id);
  });

  it("refuses marketing to a contact who is not subscribed, or whose address is suppressed, checked at send time", async () => {
    const c = await subscribedContact();
    await db.current.db.insert(emailSuppressionsTable).values({ emailHash: suppressionHash(c.email), reason: "unsubscribed", scope: "marketing" });
    expect(await sendEmail(marketingPayload(c), { mailer })).toBeNull();
    const never = `never-${++n}@example.com`;
    // No contact, no consent: refused (a contact id that is not the address's is refused too).
    expect(await sendEmail(marketingPayload({ id: "con_unknown", email: never }), { mailer })).toBeNull();
    const other = await subscribedContact();
    expect(await sendEmail(marketingPayload({ id: other.id, email: never }), { mailer })).toBeNull();
    expect(await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.to, never))).toHaveLength(0);
  });

  it("never sends the marketing template as transactional mail (no recipient contact, no consent check)", async () => {
    const c = await subscribedContact();
    const { marketing: _m, ...bare } = marketingPayload(c);
    await expect(sendEmail(bare as SendEmailPayload, { mailer })).rejects.toThrow(/marketing/);
  });
});

describe("/unsubscribe/:token", () => {
  it("GET shows the confirmation in the contact's language and changes nothing", async () => {
    const c = await subscribedContact();
    const sent = await sendEmail(marketingPayload(c), { mailer });
    const token = tokenOf((await getOutboxMessage(sent!.id))!.headers["List-Unsubscribe"]!);
    const page = await call(unsubscribeLoader as Handler, "GET", token);
    expect(page.status).toBe(200);
    expect(page.data.language).toBe("de");
    expect((page.data.text as Record<string, string>).button).toBe("Abmelden");
    expect((await consentState(c.id)).status).toBe("subscribed");
    expect(await isSuppressed(c.email, "marketing")).toBe(false);
  });

  it("RFC 8058 §3.2: a one-click POST without cookies unsubscribes, writes one consent row and suppresses marketing; a second POST changes nothing", async () => {
    const c = await subscribedContact();
    const sent = await sendEmail(marketingPayload(c), { mailer });
    const token = tokenOf((await getOutboxMessage(sent!.id))!.headers["List-Unsubscribe"]!);
    const before = (await consentRows(c.id)).length;
    const first = await call(unsubscribeAction as Handler, "POST", token, "List-Unsubscribe=One-Click");
    expect([first.status, first.data.done]).toEqual([200, true]);
    const rows = await consentRows(c.id);
    expect(rows).toHaveLength(before + 1);
    expect([rows.at(-1)!.status, rows.at(-1)!.source, rows.at(-1)!.ip]).toEqual(["unsubscribed", "one_click", "198.51.100.7"]);
    expect(await isSuppressed(c.email, "marketing")).toBe(true);
    // Unsubscribing stops marketing only: order and account mail still goes out.
    expect(await isSuppressed(c.email, "transactional")).toBe(false);
    const second = await call(unsubscribeAction as Handler, "POST", token, "List-Unsubscribe=One-Click");
    expect([second.status, second.data.done]).toEqual([200, true]);
    expect(await consentRows(c.id)).toHaveLength(before + 1);
    // And the next marketing send is refused.
    expect(await sendEmail(marketingPayload(c), { mailer })).toBeNull();
  });

  it("the page's button posts a plain form: recorded as the unsubscribe link", async () => {
    const c = await subscribedContact();
    const token = tokenOf((await getOutboxMessage((await sendEmail(marketingPayload(c), { mailer }))!.id))!.headers["List-Unsubscribe"]!);
    await call(unsubscribeAction as Handler, "POST", token, "intent=unsubscribe");
    expect((await consentRows(c.id)).at(-1)!.source).toBe("unsubscribe_link");
  });

  it("a forged or malformed token answers 400 with the page's message, never 500, and unsubscribes nobody", async () => {
    const c = await subscribedContact();
    const forged = `${Buffer.from(`${c.id}|`).toString("base64url")}.${"A".repeat(43)}`;
    for (const token of [forged, "garbage", ""]) {
      const get = await call(unsubscribeLoader as Handler, "GET", token);
      expect([get.status, get.data.valid]).toEqual([400, false]);
      const post = await call(unsubscribeAction as Handler, "POST", token, "List-Unsubscribe=One-Click");
      expect([post.status, post.data.done]).toEqual([400, false]);
    }
    expect((await consentState(c.id)).status).toBe("subscribed");
  });
});

// Standard Webhooks (what Resend signs with, via Svix): v1 = base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")).
const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
function signed(body: unknown, opts: { id?: string; at?: number; secret?: string } = {}) {
  const raw = JSON.stringify(body);
  const id = opts.id ?? `msg_${randomBytes(8).toString("hex")}`;
  const ts = String(opts.at ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from((opts.secret ?? SECRET).replace(/^whsec_/, ""), "base64");
  const signature = `v1,${createHmac("sha256", key).update(`${id}.${ts}.${raw}`).digest("base64")}`;
  return { raw, headers: { "svix-id": id, "svix-timestamp": ts, "svix-signature": signature } };
}
async function postWebhook(raw: string, headers: Record<string, string>) {
  vi.stubEnv("RESEND_WEBHOOK_SECRET", SECRET);
  resetEnvForTests();
  const res = (await resendWebhook({ request: new Request("http://localhost/webhooks/resend", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: raw }), params: {}, context: {} })) as Response;
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
function resendEvent(type: string, emailId: string, to: string, extra: Record<string, unknown> = {}) {
  return { type, created_at: new Date().toISOString(), data: { email_id: emailId, created_at: new Date().toISOString(), from: "news@kiln.example", to: [to], subject: "Neu", ...extra } };
}
async function eventsOf(messageId: string) {
  return db.current.db.select().from(emailEventsTable).where(eq(emailEventsTable.outboxEmailId, messageId));
}
async function suppression(email: string) {
  const [row] = await db.current.db.select().from(emailSuppressionsTable).where(eq(emailSuppressionsTable.emailHash, suppressionHash(email)));
  return row ?? null;
}

describe("POST /webhooks/resend", () => {
  it("without RESEND_WEBHOOK_SECRET answers 404 and says why", async () => {
    const res = (await resendWebhook({ request: new Request("http://localhost/webhooks/resend", { method: "POST", body: "{}" }), params: {}, context: {} })) as Response;
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain("RESEND_WEBHOOK_SECRET");
  });

  it("applies a correctly signed event to the message it names, once per svix-id", async () => {
    const c = await subscribedContact();
    const sent = (await sendEmail(marketingPayload(c), { mailer }))!;
    const { raw, headers } = signed(resendEvent("email.delivered", sent.providerId!, c.email));
    expect(await postWebhook(raw, headers)).toEqual({ status: 200, body: { received: true } });
    // Resend retries a delivery it got no 2xx for: the same svix-id is acknowledged and not applied again.
    expect(await postWebhook(raw, headers)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const events = await eventsOf(sent.id);
    expect(events.map((e) => [e.type, e.source, e.svixId])).toEqual([["delivered", "resend", headers["svix-id"]]]);
  });

  it("refuses a wrong signature (401), a stale timestamp beyond the 5-minute tolerance (400) and missing headers (400), applying nothing", async () => {
    const c = await subscribedContact();
    const sent = (await sendEmail(marketingPayload(c), { mailer }))!;
    const body = resendEvent("email.bounced", sent.providerId!, c.email, { bounce: { type: "Permanent", subType: "General", message: "550 5.1.1" } });
    const wrong = signed(body, { secret: `whsec_${randomBytes(24).toString("base64")}` });
    expect((await postWebhook(wrong.raw, wrong.headers)).status).toBe(401);
    const stale = signed(body, { at: Math.floor(Date.now() / 1000) - 6 * 60 });
    const staleRes = await postWebhook(stale.raw, stale.headers);
    expect(staleRes.status).toBe(400);
    expect(String(staleRes.body.error)).toMatch(/5 minutes/);
    // The body was changed after signing.
    const good = signed(body);
    expect((await postWebhook(good.raw.replace("Permanent", "Transient"), good.headers)).status).toBe(401);
    expect((await postWebhook(good.raw, {})).status).toBe(400);
    expect(await eventsOf(sent.id)).toHaveLength(0);
    expect(await suppression(c.email)).toBeNull();
  });

  it("a hard bounce suppresses the address for all mail: a later transactional send to it is skipped", async () => {
    const c = await subscribedContact("bounce");
    const sent = (await sendEmail(marketingPayload(c), { mailer }))!;
    const { raw, headers } = signed(resendEvent("email.bounced", sent.providerId!, c.email, { bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 user unknown" } }));
    expect((await postWebhook(raw, headers)).status).toBe(200);
    expect(await suppression(c.email)).toMatchObject({ reason: "hard_bounce", scope: "all" });
    expect(await sendEmail(orderPayload(c.email), { mailer })).toBeNull();
    expect(await db.current.db.select().from(outboxEmailsTable).where(and(eq(outboxEmailsTable.to, c.email), eq(outboxEmailsTable.template, "account-sign-in-link")))).toHaveLength(0);
  });

  it("a complaint suppresses marketing only and withdraws consent (source complaint); transactional mail still goes out", async () => {
    const c = await subscribedContact("complaint");
    const sent = (await sendEmail(marketingPayload(c), { mailer }))!;
    const { raw, headers } = signed(resendEvent("email.complained", sent.providerId!, c.email));
    expect((await postWebhook(raw, headers)).status).toBe(200);
    expect(await suppression(c.email)).toMatchObject({ reason: "complaint", scope: "marketing" });
    expect((await consentRows(c.id)).at(-1)).toMatchObject({ status: "unsubscribed", source: "complaint" });
    expect(await sendEmail(marketingPayload(c), { mailer })).toBeNull();
    expect(await sendEmail(orderPayload(c.email), { mailer })).not.toBeNull();
  });

  it("a soft bounce (Transient) suppresses only on the second in a row; a delivery in between starts the count again", async () => {
    const c = await subscribedContact("soft");
    const sent = (await sendEmail(marketingPayload(c), { mailer }))!;
    const soft = () => signed(resendEvent("email.bounced", sent.providerId!, c.email, { bounce: { type: "Transient", subType: "MailboxFull", message: "452 4.2.2" } }));
    let s = soft();
    await postWebhook(s.raw, s.headers);
    expect(await suppression(c.email)).toBeNull();
    s = signed(resendEvent("email.delivered", sent.providerId!, c.email));
    await postWebhook(s.raw, s.headers);
    s = soft();
    await postWebhook(s.raw, s.headers);
    expect(await suppression(c.email)).toBeNull();
    s = soft();
    await postWebhook(s.raw, s.headers);
    expect(await suppression(c.email)).toMatchObject({ reason: "soft_bounce_repeated", scope: "all" });
  });

  it("opened and clicked are recorded on the message", async () => {
    const c = await subscribedContact();
    const sent = (await sendEmail(marketingPayload(c), { mailer }))!;
    for (const e of [resendEvent("email.opened", sent.providerId!, c.email), resendEvent("email.clicked", sent.providerId!, c.email, { click: { link: "https://shop.example.com/x", ipAddress: "1.2.3.4", timestamp: "", userAgent: "" } })]) {
      const s = signed(e);
      await postWebhook(s.raw, s.headers);
    }
    expect((await eventsOf(sent.id)).map((e) => e.type).sort()).toEqual(["clicked", "opened"]);
  });

  it("the mail viewer's simulated events go through the same function (offline loop)", async () => {
    const c = await subscribedContact();
    const sent = (await sendEmail(marketingPayload(c)))!;
    expect(sent.transport).toBe("outbox");
    const outcome = await applyDeliveryEvent({ type: "bounced_hard", source: "viewer", outboxEmailId: sent.id, occurredAt: new Date() });
    expect(outcome).toEqual({ duplicate: false, messageId: sent.id, suppressed: "hard_bounce" });
    expect(await isSuppressed(c.email, "transactional")).toBe(true);
  });
});

describe("/c/:token tracked clicks", () => {
  async function open(token: string) {
    return (await clickLoader({ request: new Request(`${emailLinkOrigin()}/c/${token}`), params: { token }, context: {} })) as Response;
  }

  it("records the click, sets the attribution cookie (HttpOnly, SameSite=Lax, 5 days) and redirects to the store page", async () => {
    const c = await subscribedContact();
    const sent = (await sendEmail(marketingPayload(c)))!;
    const target = `${emailLinkOrigin()}/de-de/products/teeschale`;
    const url = trackedUrl(sent.id, target);
    const res = await open(url.slice(url.lastIndexOf("/") + 1));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(target);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^harbor_mclick=/);
    expect(cookie).toContain(`Max-Age=${5 * 86_400}`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect((await eventsOf(sent.id)).map((e) => [e.type, e.source])).toEqual([["clicked", "redirect"]]);
    const value = cookie.split(";")[0]!;
    expect(attributedMessageId(new Request(emailLinkOrigin(), { headers: { Cookie: value } }))).toBe(sent.id);
  });

  it("never redirects off the store: foreign URLs cannot be tracked, and a signed foreign URL is refused", async () => {
    expect(() => trackedUrl("eml_x", "https://evil.example/phish")).toThrow(/store/);
    const payload = Buffer.from(JSON.stringify(["eml_x", "https://evil.example/phish"])).toString("base64url");
    expect((await open(`${payload}.${sign("mail-click", payload)}`)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify(["eml_x", `${emailLinkOrigin()}/de-de`])).toString("base64url");
    expect((await open(`${forged}.${"A".repeat(43)}`)).status).toBe(400);
  });
});

describe("Admin API /suppressions", () => {
  async function admin(method: string, path: string, token: string, body?: unknown) {
    const rest = path.slice(1);
    const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
    return { status: r.status, json: (await r.json()) as any };
  }

  it("lists reasons and dates, adds a manual suppression (all mail) and removes only manual ones", async () => {
    const { token } = await adminToken("support");
    const bounced = await subscribedContact("api-bounce");
    await applyDeliveryEvent({ type: "bounced_hard", source: "viewer", email: bounced.email, occurredAt: new Date() });
    const added = await admin("POST", "/suppressions", token, { email: "  Blocked@Example.com " });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ emailHash: suppressionHash("blocked@example.com"), reason: "manual", scope: "all" });
    expect(await isSuppressed("blocked@example.com")).toBe(true);
    const list = await admin("GET", "/suppressions?perPage=100", token);
    expect(list.status).toBe(200);
    const hashes = new Map(list.json.nodes.map((n: { emailHash: string; reason: string }) => [n.emailHash, n.reason]));
    expect(hashes.get(suppressionHash(bounced.email))).toBe("hard_bounce");
    expect(list.json.nodes[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const refused = await admin("DELETE", `/suppressions/${suppressionHash(bounced.email)}`, token);
    expect([refused.status, refused.json.error.code]).toEqual([409, "suppression_not_manual"]);
    const removed = await admin("DELETE", `/suppressions/${added.json.emailHash}`, token);
    expect(removed.json).toEqual({ emailHash: added.json.emailHash, deleted: true });
    expect(await isSuppressed("blocked@example.com")).toBe(false);
    expect((await admin("DELETE", `/suppressions/${added.json.emailHash}`, token)).status).toBe(404);
    const bad = await admin("POST", "/suppressions", token, { email: "not-an-address" });
    expect([bad.status, bad.json.error.code]).toEqual([400, "invalid_email"]);
    // The catalog role may not read the list.
    expect((await admin("GET", "/suppressions", (await adminToken("catalog")).token)).status).toBe(403);
  });
});
