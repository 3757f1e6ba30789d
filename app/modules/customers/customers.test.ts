/**
 * Customer accounts end to end through the Storefront API and the account pages' actions, against a
 * real database: sign-up → verification email → verify → guest orders attach; sign-in, reset,
 * sign-out everywhere, session rotation; rate limits; enumeration resistance; data export and
 * erasure; the Origin (CSRF) check.
 */
import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSessionsTable, customersTable, emailSuppressionsTable, ordersTable, outboxEmailsTable, paymentsTable, productVariantsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { apiRoute } from "~/api/registry.server";
import * as signInPage from "~/routes/market.account.sign-in";
import * as signOutPage from "~/routes/market.account.sign-out";
import * as resetPage from "~/routes/market.account.reset-password";
import * as verifyPage from "~/routes/market.account.verify";
import * as privacyPage from "~/routes/market.account.privacy";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { priceCart } from "../cart/pricing.server";
import { getAvailability } from "../inventory/inventory.server";
import { runDueJobs } from "../jobs/jobs.server";
import { sendEmail } from "../mail/send-email.server";
import { getMarket } from "../markets/markets.server";
import { TOKEN_TTL_MINUTES } from "./customers";
import { listCustomers, getCustomerDetail } from "./profile.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

const ORIGIN = "http://localhost";
let ipCounter = 0;
/** Each test its own client IP, so per-IP limits of one test do not spill into another. */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function api(method: string, path: string, opts: { body?: unknown; token?: string; ip?: string } = {}) {
  const headers = new Headers({ "x-harbor-client-ip": opts.ip ?? freshIp() });
  if (opts.body !== undefined) headers.set("Content-Type", "application/json");
  if (opts.token) headers.set("Authorization", `Bearer ${opts.token}`);
  const route = apiRoute(path);
  const handler = method === "GET" ? route.loader : route.action;
  const res = (await handler({ request: new Request(`${ORIGIN}/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), params: {}, context: {} })) as Response;
  return { status: res.status, headers: res.headers, body: await res.json() };
}

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
/** Runs a page action like a browser form post from this site (Origin header), returning the Response. */
async function post(action: Action, path: string, form: Record<string, string>, opts: { cookie?: string; origin?: string | null; ip?: string } = {}): Promise<Response> {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", "x-harbor-client-ip": opts.ip ?? freshIp() });
  if (opts.origin !== null) headers.set("Origin", opts.origin ?? ORIGIN);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const request = new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
  try {
    const result = await action({ request, params: { market: "de-de" }, context: {} });
    if (result instanceof Response) return result;
    const init = (result as { init?: { status?: number } }).init;
    return new Response(JSON.stringify((result as { data?: unknown }).data ?? null), { status: init?.status ?? 200 });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

function sessionCookieOf(res: Response): string | null {
  const match = /harbor_customer=([^;]*)/.exec(res.headers.get("set-cookie") ?? "");
  return match?.[1] ? `harbor_customer=${match[1]}` : null;
}

async function latestEmail(to: string, template: string) {
  await runDueJobs({ limit: 50 });
  const rows = await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.to, to)).orderBy(desc(outboxEmailsTable.createdAt));
  return rows.find((r) => r.template === template) ?? null;
}

function tokenIn(text: string, page: string): string {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${page} link in: ${text.slice(0, 400)}`);
  return match[1]!;
}

async function guestOrder(email: string): Promise<string> {
  const m = (await getMarket("de-de"))!;
  const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= 10))!;
  const { cart } = await createCart(m);
  await addLine(cart, variant.id, 1);
  await updateCartDetails(cart, { email, shippingAddress: { name: "Anna Gast", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" } });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  const started = await startPayment(await reloadCart(cart), { origin: ORIGIN });
  return (await completePayment(started.payment.id, "succeeded"))!;
}

/** Signs up and verifies through the emailed link; returns an API access token. */
async function verifiedCustomer(email: string, password = "correct horse battery") {
  expect((await api("POST", "/customers", { body: { email, password, name: "Anna", market: "de-de" } })).status).toBe(201);
  const mail = await latestEmail(email, "account-verify-email");
  const res = await post(verifyPage.action as Action, "/de-de/account/verify", { token: tokenIn(mail!.text, "account/verify") });
  expect(res.status).toBe(302);
  const session = await api("POST", "/customer-sessions", { body: { email, password } });
  expect(session.status).toBe(201);
  return { token: session.body.accessToken as string, cookie: sessionCookieOf(res)! };
}

describe("sign-up, verification and guest orders", () => {
  it("emails a verification link in the market's language; verifying attaches guest orders with that address", async () => {
    const email = "anna.gast@example.de";
    const earlier = await guestOrder(email);
    const signUp = await api("POST", "/customers", { body: { email: "Anna.Gast@Example.DE", password: "correct horse battery", market: "de-de" } });
    expect(signUp).toMatchObject({ status: 201, body: { email, verification: "email_sent" } });
    const mail = await latestEmail(email, "account-verify-email");
    expect(mail?.locale).toBe("de");
    expect(mail?.subject).toBe("Bestätigen Sie Ihre E-Mail-Adresse");
    const token = tokenIn(mail!.text, "account/verify");

    // Before verification the order is not the account's.
    const before = await api("POST", "/customer-sessions", { body: { email, password: "correct horse battery" } });
    expect((await api("GET", "/customer", { token: before.body.accessToken })).body).toMatchObject({ emailVerified: false, orders: [] });

    const verified = await post(verifyPage.action as Action, "/de-de/account/verify", { token });
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe("/de-de/account?notice=verified");
    const cookie = verified.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const account = await api("GET", "/customer", { token: before.body.accessToken });
    expect(account.body.emailVerified).toBe(true);
    expect(account.body.orders.map((o: { id: string }) => o.id)).toEqual([earlier]);

    // Single use: the same link again is refused.
    const again = await post(verifyPage.action as Action, "/de-de/account/verify", { token });
    expect(again.status).toBe(400);
  });

  it("a cart created with the customer's access token makes an order that belongs to the account", async () => {
    const { token } = await verifiedCustomer("cart.owner@example.de");
    const cart = await api("POST", "/carts", { body: { market: "de-de" }, token });
    expect(cart.status).toBe(201);
    const [row] = await db.current.db.select().from(customersTable).where(eq(customersTable.email, "cart.owner@example.de"));
    const { cartsTable } = await import("~db/schema");
    const [stored] = await db.current.db.select().from(cartsTable).where(eq(cartsTable.id, cart.body.id));
    expect(stored!.customerId).toBe(row!.id);
    expect((await api("POST", "/carts", { body: { market: "de-de" }, token: "not-a-session" })).status).toBe(401);
  });
});

describe("sign-in, sessions, reset", () => {
  it("sign-in rotates the session id: a cookie held before sign-in is not the one after, and no longer works (no fixation)", async () => {
    const email = "rotate@example.de";
    const { cookie: before } = await verifiedCustomer(email);
    const res = await post(signInPage.action as Action, "/de-de/account/sign-in", { intent: "password", email, password: "correct horse battery" }, { cookie: before });
    expect(res.status).toBe(302);
    const after = sessionCookieOf(res)!;
    expect(after).not.toBe(before);
    const hash = (c: string) => createHash("sha256").update(c.split("=")[1]!).digest("hex");
    const ids = (await db.current.db.select({ id: customerSessionsTable.id }).from(customerSessionsTable)).map((r) => r.id);
    expect(ids).toContain(hash(after));
    expect(ids).not.toContain(hash(before));
  });

  it("password reset: 202 for any address; the emailed token works once, within 1 hour, and ends every session", async () => {
    const email = "reset.me@example.de";
    const { token: apiToken } = await verifiedCustomer(email);
    const known = await api("POST", "/customer-password-resets", { body: { email } });
    const unknown = await api("POST", "/customer-password-resets", { body: { email: "nobody.here@example.de" } });
    expect(known).toMatchObject({ status: 202, body: { accepted: true } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    const mail = await latestEmail(email, "account-password-reset");
    const token = tokenIn(mail!.text, "account/reset-password");

    const res = await post(resetPage.action as Action, "/de-de/account/reset-password", { token, password: "a brand new passphrase" });
    expect(res.status).toBe(302);
    expect((await api("GET", "/customer", { token: apiToken })).status).toBe(401);
    expect((await api("POST", "/customer-sessions", { body: { email, password: "correct horse battery" } })).status).toBe(401);
    expect((await api("POST", "/customer-sessions", { body: { email, password: "a brand new passphrase" } })).status).toBe(201);
    expect((await post(resetPage.action as Action, "/de-de/account/reset-password", { token, password: "yet another passphrase" })).status).toBe(400);
  });

  it("a reset token expires after TOKEN_TTL_MINUTES (1 h)", async () => {
    const { requestPasswordReset, resetPassword } = await import("./accounts.server");
    const email = "late.reset@example.de";
    await verifiedCustomer(email);
    const issued = new Date();
    await requestPasswordReset({ email }, { ip: freshIp(), now: issued });
    const token = tokenIn((await latestEmail(email, "account-password-reset"))!.text, "account/reset-password");
    const late = new Date(issued.getTime() + TOKEN_TTL_MINUTES["password-reset"] * 60_000 + 1000);
    await expect(resetPassword(token, "too late for this", late)).rejects.toMatchObject({ code: "invalid_token", status: 400 });
  });

  it("sign out everywhere ends every cookie session and API token; sign out ends one", async () => {
    const email = "everywhere@example.de";
    const { token: apiToken, cookie } = await verifiedCustomer(email);
    const second = (await api("POST", "/customer-sessions", { body: { email, password: "correct horse battery" } })).body.accessToken;
    expect((await api("DELETE", "/customer-sessions/current", { token: second })).status).toBe(200);
    expect((await api("GET", "/customer", { token: second })).status).toBe(401);
    expect((await api("GET", "/customer", { token: apiToken })).status).toBe(200);

    const res = await post(signOutPage.action as Action, "/de-de/account/sign-out", { intent: "everywhere" }, { cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/harbor_customer=;.*Max-Age=0/);
    expect((await api("GET", "/customer", { token: apiToken })).status).toBe(401);
    const [c] = await db.current.db.select().from(customersTable).where(eq(customersTable.email, email));
    expect(await db.current.db.select().from(customerSessionsTable).where(eq(customerSessionsTable.customerId, c!.id))).toHaveLength(0);
  });
});

describe("rate limits", () => {
  it("the 11th failed sign-in for one account within 15 minutes is 429 with Retry-After (issue #9), even with the right password", async () => {
    const email = "guessed@example.de";
    await verifiedCustomer(email);
    for (let i = 1; i <= 10; i++) {
      // A different IP each time: the per-account limit holds regardless of where guesses come from.
      expect((await api("POST", "/customer-sessions", { body: { email, password: `wrong guess ${i}` } })).status).toBe(401);
    }
    const eleventh = await api("POST", "/customer-sessions", { body: { email, password: "correct horse battery" } });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe("rate_limited");
    const retryAfter = Number(eleventh.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it("sign-ups per IP are limited (20 per hour)", async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await api("POST", "/customers", { ip, body: { email: `bulk${i}@example.de`, password: "correct horse battery" } })).status).toBe(201);
    const refused = await api("POST", "/customers", { ip, body: { email: "bulk20@example.de", password: "correct horse battery" } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("reset emails per address are limited (5 per hour), known or not", async () => {
    for (let i = 0; i < 5; i++) expect((await api("POST", "/customer-password-resets", { body: { email: "flood@example.de" } })).status).toBe(202);
    expect((await api("POST", "/customer-password-resets", { body: { email: "flood@example.de" } })).status).toBe(429);
  });
});

describe("no account enumeration", () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it("sign-up answers the same for a known and a new address, in similar time; the owner of the known one is told someone tried", async () => {
    const known = "taken@example.de";
    await verifiedCustomer(known);
    const known1 = await api("POST", "/customers", { body: { email: known, password: "someone else's pass" } });
    const fresh1 = await api("POST", "/customers", { body: { email: "brand.new@example.de", password: "someone else's pass" } });
    expect(known1.status).toBe(fresh1.status);
    expect({ ...known1.body, email: "x" }).toEqual({ ...fresh1.body, email: "x" });
    expect(known1.headers.get("set-cookie")).toBeNull();
    expect(fresh1.headers.get("set-cookie")).toBeNull();
    const warning = await latestEmail(known, "account-sign-up-attempt");
    expect(warning?.text).toContain("Sie haben bereits eines, daher wurde kein neues angelegt.");
    // The known account keeps its password.
    expect((await api("POST", "/customer-sessions", { body: { email: known, password: "correct horse battery" } })).status).toBe(201);

    // Timing: both paths hash a password (argon2id, tens of ms); a generous bound that still catches a skipped hash.
    const knownTimes: number[] = [];
    const newTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      await api("POST", "/customers", { body: { email: known, password: "someone else's pass" } });
      knownTimes.push(performance.now() - t);
      t = performance.now();
      await api("POST", "/customers", { body: { email: `timing${i}@example.de`, password: "someone else's pass" } });
      newTimes.push(performance.now() - t);
    }
    expect(Math.abs(median(knownTimes) - median(newTimes))).toBeLessThan(Math.max(150, 0.75 * median(newTimes)));
  });

  it("sign-in fails identically for an unknown address and a wrong password, in similar time", async () => {
    const email = "timing.signin@example.de";
    await verifiedCustomer(email);
    const wrong = await api("POST", "/customer-sessions", { body: { email, password: "not the password" } });
    const unknown = await api("POST", "/customer-sessions", { body: { email: "ghost@example.de", password: "not the password" } });
    expect(wrong).toMatchObject({ status: 401 });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const times = async (e: string) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await api("POST", "/customer-sessions", { body: { email: e, password: `nope ${i}` } });
        out.push(performance.now() - t);
      }
      return median(out);
    };
    const [a, b] = [await times(email), await times("ghost2@example.de")];
    expect(Math.abs(a - b)).toBeLessThan(Math.max(150, 0.75 * Math.max(a, b)));
  });
});

describe("data export and erasure", () => {
  it("exports profile, addresses, orders and sessions; erasure removes personal data, anonymises orders (totals kept) and suppresses the address", async () => {
    const email = "erase.me@example.de";
    const orderId = await guestOrder(email);
    const { token, cookie } = await verifiedCustomer(email);
    const { addAddress } = await import("./profile.server");
    const [me] = await db.current.db.select().from(customersTable).where(eq(customersTable.email, email));
    expect((await addAddress(me!.id, { name: "Anna Gast", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" })).ok).toBe(true);

    const exported = await api("GET", "/customer/data-export", { token });
    expect(exported.status).toBe(200);
    expect(exported.body.profile).toMatchObject({ email, name: "Anna" });
    expect(exported.body.addresses).toEqual([expect.objectContaining({ line1: "Hauptstr. 1", postalCode: "10115" })]);
    expect(exported.body.orders.map((o: { id: string }) => o.id)).toEqual([orderId]);
    expect(exported.body.sessions.length).toBeGreaterThanOrEqual(2);
    expect(exported.body.sessions[0]).not.toHaveProperty("id");
    expect(exported.body.consents).toEqual([]);

    const [orderBefore] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, orderId));
    // Deleting needs the address typed again.
    expect((await post(privacyPage.action as Action, "/de-de/account/privacy", { confirmEmail: "someone@example.de" }, { cookie })).status).toBe(400);
    const res = await post(privacyPage.action as Action, "/de-de/account/privacy", { confirmEmail: email }, { cookie });
    expect(res.status).toBe(302);

    const [after] = await db.current.db.select().from(customersTable).where(eq(customersTable.id, me!.id));
    expect(after).toMatchObject({ name: null, passwordHash: null, market: null });
    expect(after!.email).not.toContain("erase.me");
    expect(after!.erasedAt).not.toBeNull();

    const [order] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, orderId));
    expect(order!.email).not.toContain("erase.me");
    expect(order!.shippingAddress).toEqual({ name: "[erased]", line1: "[erased]", city: "[erased]", country: "DE" });
    expect({ total: order!.total, taxTotal: order!.taxTotal, status: order!.status }).toEqual({ total: orderBefore!.total, taxTotal: orderBefore!.taxTotal, status: orderBefore!.status });
    const [payment] = await db.current.db.select().from(paymentsTable).where(eq(paymentsTable.id, order!.paymentId));
    expect(JSON.stringify(payment!.snapshot)).not.toMatch(/erase\.me|Anna Gast|Hauptstr/);

    expect(await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.to, email))).toHaveLength(0);
    const suppressed = await db.current.db.select().from(emailSuppressionsTable);
    expect(suppressed.map((s) => s.emailHash)).toContain(createHash("sha256").update(email).digest("hex"));
    expect((await api("GET", "/customer", { token })).status).toBe(401);

    // The mail module never sends to the address again (nothing is sent or stored).
    const sent = await sendEmail({ template: "account-sign-in-link", to: email, locale: "en", intlLocale: "en", idempotencyKey: "after-erasure", data: { url: "http://x/y", expiresInMinutes: 15 } });
    expect(sent).toBeNull();
    expect(await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.idempotencyKey, "after-erasure"))).toHaveLength(0);

    // The address can sign up afresh, but is not mailed (suppressed).
    expect((await api("POST", "/customers", { body: { email, password: "starting over again" } })).status).toBe(201);
    expect(await latestEmail(email, "account-verify-email")).toBeNull();
  });

  it("DELETE /customer erases through the API", async () => {
    const { token } = await verifiedCustomer("api.erase@example.de");
    const res = await api("DELETE", "/customer", { token });
    expect(res).toMatchObject({ status: 200, body: { erased: true, ordersAnonymised: 0 } });
    expect((await api("GET", "/customer", { token })).status).toBe(401);
  });
});

describe("CSRF: Origin check on account form posts", () => {
  it("refuses a cross-origin or origin-less POST with 403 and changes nothing; accepts the store's own origin", async () => {
    const email = "csrf@example.de";
    const { cookie } = await verifiedCustomer(email);
    const evil = await post(signOutPage.action as Action, "/de-de/account/sign-out", { intent: "everywhere" }, { cookie, origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    const none = await post(privacyPage.action as Action, "/de-de/account/privacy", { confirmEmail: email }, { cookie, origin: null });
    expect(none.status).toBe(403);
    const [c] = await db.current.db.select().from(customersTable).where(eq(customersTable.email, email));
    expect(c!.erasedAt).toBeNull();
    expect((await db.current.db.select().from(customerSessionsTable).where(eq(customerSessionsTable.customerId, c!.id))).length).toBeGreaterThan(0);
    const same = await post(signOutPage.action as Action, "/de-de/account/sign-out", { intent: "current" }, { cookie });
    expect(same.status).toBe(302);
  });
});

describe("staff reads", () => {
  it("listCustomers searches by email or name; getCustomerDetail has addresses and orders", async () => {
    await verifiedCustomer("findable.person@example.de");
    const found = await listCustomers({ search: "findable" });
    expect(found.customers.map((c) => c.email)).toEqual(["findable.person@example.de"]);
    expect(found.total).toBe(1);
    const detail = await getCustomerDetail(found.customers[0]!.id);
    expect(detail).toMatchObject({ email: "findable.person@example.de", addresses: [], orders: [] });
    expect(await getCustomerDetail("cus_nope")).toBeNull();
  });
});
