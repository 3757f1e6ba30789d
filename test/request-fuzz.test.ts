/**
 * Property-based robustness test (issue #7 item 15, extended by issue #9): random and malformed
 * bodies, headers, cookies and query strings against every Storefront API endpoint and every Admin
 * API operation (enumerated from their registries, so new endpoints are covered automatically), the
 * cart, checkout, localization and listing pages, the admin's sign-in, staff, markets and settings actions, and the
 * account pages' forms, signed in (sign-out and deletion are left out: one success would end the
 * session the other runs use; customers.test.ts covers them).
 * Properties: never a 5xx (nor an unhandled exception, which Remix turns into a 500), and a refused
 * request (4xx) leaves every table exactly as it was.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~db/rows";
import { useTestDatabase } from "~db/testing";
import { ADMIN_ENDPOINTS, handleAdminApi } from "~/api/admin/registry.server";
import { API_PATHS, apiRoute } from "~/api/registry.server";
import * as adminAcceptInvite from "~/routes/admin.accept-invite";
import * as adminApiTokens from "~/routes/admin.api-tokens";
import * as adminSignIn from "~/routes/admin.sign-in";
import * as adminStaff from "~/routes/admin.staff";
import * as adminMarkets from "~/routes/admin.markets._index";
import * as adminMarket from "~/routes/admin.markets.$handle";
import * as adminSettings from "~/routes/admin.settings";
import * as cartPage from "~/routes/market.cart";
import * as checkoutPage from "~/routes/market.checkout";
import * as collectionPage from "~/routes/market.collections.$handle";
import * as localization from "~/routes/localization";
import * as searchPage from "~/routes/market.search";
import * as signInPage from "~/routes/market.account.sign-in";
import * as signUpPage from "~/routes/market.account.sign-up";
import * as forgotPage from "~/routes/market.account.forgot-password";
import * as resetPage from "~/routes/market.account.reset-password";
import * as verifyPage from "~/routes/market.account.verify";
import * as linkPage from "~/routes/market.account.sign-in.link";
import * as addressesPage from "~/routes/market.account.addresses";
import * as profilePage from "~/routes/market.account.profile";
import { adminSession, adminToken, createTestStaff } from "./staff-helpers";

const db = useTestDatabase();
const ORIGIN = "http://localhost";
const SEED = 20261130;

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

let tables: string[] = [];
let cart = { id: "", token: "", lineId: "", variantId: "" };
let customerCookie = "";
let admin = { token: "", cookie: "", csrf: "", staffId: "" };

/** One md5 per table over its rows in a stable order. */
async function digest(): Promise<Record<string, string>> {
  const parts = tables.map((t) => sql`select ${t} as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${sql.identifier(t)} x`);
  const rows = rowsOf<{ t: string; h: string }>(await db.current.db.execute(sql.join(parts, sql` union all `)));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** Runs a loader or action like Remix does: a thrown Response is an answer, anything else a 500. */
async function invoke(handler: Handler, request: Request, params: Record<string, string>): Promise<number> {
  try {
    const result = await handler({ request, params, context: {} });
    if (result instanceof Response) {
      await result.text();
      return result.status;
    }
    // `data()` results and plain objects are 200s.
    const init = (result as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "%", "%E0%A4%A", "../../etc/passwd", "\u0000", "'; drop table carts; --", "😀".repeat(50), "a".repeat(5000), "-1", "1e309", "NaN", "null", "[]", "{}"),
);
const idLike = () => fc.oneof(fc.constant(cart.id), fc.constant(cart.lineId), fc.constant(cart.variantId), nasty);

const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  nasty,
  fc
    .record(
      {
        market: fc.oneof(fc.constantFrom("de-de", "en-us", "ja-jp"), nasty),
        variantId: fc.oneof(fc.constant(cart.variantId), nasty),
        quantity: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.double(), nasty),
        code: nasty,
        email: fc.oneof(fc.emailAddress(), nasty),
        country: fc.oneof(fc.constantFrom("DE", "US", "JP", "XX"), nasty),
        name: nasty,
        line1: nasty,
        city: nasty,
        postalCode: nasty,
        methodId: nasty,
        returnUrl: nasty,
        password: fc.oneof(fc.constant("correct horse battery"), nasty),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

const formBody = fc
  .dictionary(
    fc.oneof(fc.constantFrom("intent", "variantId", "lineId", "quantity", "code", "email", "country", "language", "redirectTo", "from", "name", "line1", "city", "postalCode", "region", "methodId", "password", "token", "next", "market", "confirmEmail", "id"), fc.string()),
    fc.oneof(fc.constantFrom("add", "update", "remove", "discount", "remove-discount", "details", "shipping", "pay", "de-de", "DE", "de", "password", "link", "current", "everywhere", "delete", "fuzz@example.de", "correct horse battery"), fc.constant(cart.variantId), fc.constant(cart.lineId), nasty),
  )
  .map((d) => new URLSearchParams(d).toString());

const query = fc
  .dictionary(
    fc.oneof(fc.constantFrom("market", "first", "after", "q", "sort", "collection", "priceMin", "priceMax", "available", "variant", "page"), fc.string()),
    fc.oneof(fc.constantFrom("de-de", "relevance", "price-asc", "0", "-1", "100000", "abc"), nasty),
  )
  .map((d) => {
    const s = new URLSearchParams(d).toString();
    return s ? `?${s}` : "";
  });

const cookie = fc.oneof(
  fc.constant(undefined),
  fc.constant(`harbor_cart=${cart.id}.${cart.token}`),
  fc.constantFrom("harbor_cart=%E0%A4%A", "harbor_market=%", "harbor_cart=a.b.c; harbor_cart=x"),
  nasty.map((s) => `harbor_cart=${s}`),
  nasty.map((s) => `harbor_market=${s}; harbor_cart=${s}.${s}`),
  fc.constant(`harbor_customer=${customerCookie}`),
  nasty.map((s) => `harbor_customer=${s}`),
  fc.string(),
);

const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "multipart/form-data",
);

function request(method: string, url: string, o: { body?: string; contentType?: string; cookie?: string; token?: string; origin?: string }): Request {
  const headers = new Headers();
  // Node's HTTP parser hands the app header bytes as latin1 characters; a Request needs the same.
  const raw = (v: string) => Buffer.from(v, "utf8").toString("latin1").replace(/[\r\n\0]/g, "");
  if (o.contentType) headers.set("Content-Type", o.contentType);
  if (o.cookie) headers.set("Cookie", raw(o.cookie));
  if (o.token !== undefined) headers.set("X-Cart-Token", raw(o.token));
  if (o.token !== undefined) headers.set("Authorization", raw(`Bearer ${o.token}`));
  // Account forms check the Origin (CSRF); most fuzzed requests come from this site so the parsers behind the check are reached.
  if (o.origin) headers.set("Origin", raw(o.origin));
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, { method, headers, body: hasBody ? o.body : undefined });
}

/** Asserts the two properties for one request; `digest` only after a refusal. */
async function check(label: string, handler: Handler, req: Request, params: Record<string, string>, before: Record<string, string>) {
  let status: number;
  try {
    status = await invoke(handler, req, params);
  } catch (e) {
    throw new Error(`${label}: unhandled ${e instanceof Error ? e.stack : String(e)}`);
  }
  expect(status, label).toBeLessThan(500);
  if (status >= 400) expect(await digest(), `${label} → ${status} changed the database`).toEqual(before);
}

beforeAll(async () => {
  tables = rowsOf<{ tablename: string }>(
    // rate_limits counts attempts, refused ones included: that a refusal counts is the limit's point.
    // api_tokens records when a token was last presented, refused requests included.
    await db.current.db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '\_\_%' and tablename not in ('rate_limits', 'api_tokens') order by 1`),
  ).map((r) => r.tablename);
  const carts = apiRoute("/carts");
  const created = (await carts.action!({ request: request("POST", `${ORIGIN}/api/v1/carts`, { body: '{"market":"de-de"}', contentType: "application/json" }), params: {}, context: {} })) as Response;
  const body = (await created.json()) as { id: string; token: string };
  const products = apiRoute("/products");
  const list = (await (
    (await products.loader({ request: new Request(`${ORIGIN}/api/v1/products?market=de-de&first=20&sort=best-selling`), params: {}, context: {} })) as Response
  ).json()) as { nodes: { variants?: unknown; handle: string }[] };
  const handle = list.nodes[0]!.handle;
  const product = (await (
    (await apiRoute("/products/{handle}").loader({ request: new Request(`${ORIGIN}/api/v1/products/${handle}?market=de-de`), params: { handle }, context: {} })) as Response
  ).json()) as { variants: { id: string; quantityAvailable: number }[] };
  const variantId = product.variants.find((v) => v.quantityAvailable > 0)!.id;
  const added = (await (
    (await apiRoute("/carts/{id}/lines").action!({
      request: request("POST", `${ORIGIN}/api/v1/carts/${body.id}/lines`, { body: JSON.stringify({ variantId, quantity: 1 }), contentType: "application/json", token: body.token }),
      params: { id: body.id },
      context: {},
    })) as Response
  ).json()) as { lines: { id: string }[] };
  cart = { id: body.id, token: body.token, lineId: added.lines[0]!.id, variantId };
  // A signed-in customer, so the account pages' actions are reached past their sign-in check.
  const { signUp, signIn } = await import("~/modules/customers/accounts.server");
  await signUp({ email: "fuzz@example.de", password: "correct horse battery", market: "de-de" }, { ip: "fuzz" });
  customerCookie = (await signIn({ email: "fuzz@example.de", password: "correct horse battery" }, "cookie", { ip: "fuzz" })).token;
  const session = await adminSession("owner");
  // Requests act on another person, so a random revoke does not sign the fuzzing owner out.
  const target = await createTestStaff("support");
  admin = { token: (await adminToken("owner")).token, cookie: session.cookie, csrf: session.csrf, staffId: target.id };
});

describe("no request makes a 5xx or changes the database when refused", () => {
  it("every API endpoint from the registry", async () => {
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...API_PATHS),
        fc.constantFrom(...methods),
        fc.record({ id: idLike(), lineId: idLike(), handle: fc.oneof(fc.constant("teeschale-jun-glasur"), nasty), code: nasty }),
        query,
        jsonBody,
        contentType,
        fc.oneof(fc.constant(undefined), fc.constant(cart.token), nasty),
        cookie,
        async (path, method, values, qs, body, type, token, cookieHeader) => {
          const params: Record<string, string> = {};
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
            params[name] = values[name as keyof typeof values];
            return encodeURIComponent(params[name]!);
          });
          const route = apiRoute(path);
          const handler = (method === "GET" || method === "HEAD" ? route.loader : route.action) as Handler | undefined;
          if (!handler) return;
          const before = await digest();
          const req = request(method, `${ORIGIN}/api/v1${url}${qs}`, { body, contentType: type, cookie: cookieHeader, token });
          await check(`${method} ${path} ${JSON.stringify({ params, qs, body: body.slice(0, 200), type, token, cookieHeader })}`, handler, req, params, before);
        },
      ),
      { seed: SEED, numRuns: 250 },
    );
  }, 60_000);

  it("cart, checkout and localization form actions, and listing pages", async () => {
    const pages: Record<string, [Handler, "action" | "loader"]> = {
      cart: [cartPage.action as Handler, "action"],
      checkout: [checkoutPage.action as Handler, "action"],
      localization: [localization.action as Handler, "action"],
      search: [searchPage.loader as Handler, "loader"],
      collection: [collectionPage.loader as Handler, "loader"],
      "account/sign-in": [signInPage.action as Handler, "action"],
      "account/sign-up": [signUpPage.action as Handler, "action"],
      "account/forgot-password": [forgotPage.action as Handler, "action"],
      "account/reset-password": [resetPage.action as Handler, "action"],
      "account/verify": [verifyPage.action as Handler, "action"],
      "account/sign-in/link": [linkPage.action as Handler, "action"],
      "account/addresses": [addressesPage.action as Handler, "action"],
      "account/profile": [profilePage.action as Handler, "action"],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(pages)),
        fc.oneof(fc.constantFrom("de-de", "en-us", "ja-jp", "ar-kw"), nasty),
        fc.oneof(fc.constant("teegeschirr"), nasty),
        fc.oneof(formBody, jsonBody),
        contentType,
        cookie,
        query,
        fc.oneof(fc.constant(ORIGIN), fc.constant(ORIGIN), fc.constant(undefined), fc.constant("https://evil.example"), nasty),
        async (name, market, handle, body, type, cookieHeader, qs, origin) => {
          const [handler, kind] = pages[name]!;
          const before = await digest();
          const method = kind === "action" ? "POST" : "GET";
          const req = request(method, `${ORIGIN}/${encodeURIComponent(market)}/${name}${qs}`, {
            body,
            contentType: type ?? "application/x-www-form-urlencoded",
            cookie: cookieHeader,
            origin,
          });
          await check(`${method} ${name} ${JSON.stringify({ market, handle, qs, body: body.slice(0, 200), type, cookieHeader, origin })}`, handler, req, { market, handle }, before);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  }, 60_000);
  it("every Admin API operation from the registry", async () => {
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
    const paths = [...new Set(ADMIN_ENDPOINTS.map((e) => e.path))];
    const adminBody = fc.oneof(
      jsonBody,
      fc
        .record(
          {
            email: fc.oneof(fc.emailAddress(), nasty),
            role: fc.oneof(fc.constantFrom("owner", "marketer", "support", "catalog"), nasty),
            name: nasty,
            password: nasty,
            language: fc.oneof(fc.constantFrom("en", "de", "ja", "ar"), nasty),
            staffId: fc.oneof(fc.constant(admin.staffId), nasty),
            expiresAt: fc.oneof(fc.constantFrom("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z"), nasty),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      // Markets & settings bodies: right field names, values good and bad.
      fc
        .record(
          {
            name: nasty,
            enabled: fc.oneof(fc.boolean(), nasty),
            currency: fc.oneof(fc.constantFrom("EUR", "CHF", "XYZ", "eur"), nasty),
            rate: fc.oneof(fc.constantFrom("0", "-1", "1e3", "99999999999.1", "0.00000000001"), nasty),
            effectiveOn: fc.oneof(fc.constantFrom("2026-02-30", "1900-01-01", "9999-12-31"), nasty),
            shipTo: fc.oneof(fc.array(fc.oneof(fc.constantFrom("DE", "XX", "de"), nasty), { maxLength: 3 }), nasty),
            freeShippingOver: fc.oneof(fc.constantFrom("10.123", "-5", "1e2", null), nasty),
            roundingRule: fc.oneof(fc.constantFrom("ceil:0", "ending:x", "none"), nasty),
            bands: fc.oneof(fc.array(fc.record({ upToGrams: fc.oneof(fc.integer(), fc.constant(null), nasty), amount: nasty }), { maxLength: 3 }), nasty),
            minDays: fc.oneof(fc.integer({ min: -5, max: 500 }), nasty),
            maxDays: fc.oneof(fc.integer({ min: -5, max: 500 }), nasty),
            registrations: fc.oneof(fc.array(fc.record({ country: nasty, region: nasty, since: nasty }), { maxLength: 3 }), nasty),
            baseCurrency: fc.oneof(fc.constant("EUR"), nasty),
            mailFromName: nasty,
            mailFromAddress: fc.oneof(fc.emailAddress(), nasty),
            mailReplyTo: nasty,
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    const adminQuery = fc
      .dictionary(
        fc.oneof(fc.constantFrom("page", "perPage", "to", "actor", "action", "entityId", "via", "from"), fc.string()),
        fc.oneof(fc.constantFrom("1", "0", "-1", "100", "101", "2026-11-30", "2026-02-30", "api", "update:staff"), nasty),
      )
      .map((d) => {
        const q = new URLSearchParams(d).toString();
        return q ? `?${q}` : "";
      });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom(...methods),
        fc.oneof(fc.constant(admin.staffId), nasty),
        adminQuery,
        adminBody,
        contentType,
        fc.oneof(fc.constant(`Bearer ${admin.token}`), fc.constant(undefined), nasty.map((s) => `Bearer ${s}`), nasty),
        cookie,
        async (path, method, id, qs, body, type, authorization, cookieHeader) => {
          const rest = path.replace("{id}", encodeURIComponent(id)).replace("{handle}", encodeURIComponent(id === admin.staffId ? "de-de" : id)).replace(/\{\w+\}/g, encodeURIComponent(id)).slice(1);
          const req = request(method, `${ORIGIN}/api/admin/v1/${rest}${qs}`, { body, contentType: type, cookie: cookieHeader });
          if (authorization !== undefined) req.headers.set("Authorization", Buffer.from(authorization, "utf8").toString("latin1").replace(/[\r\n\0]/g, ""));
          const before = await digest();
          const handler = ((args: LoaderFunctionArgs) => handleAdminApi({ ...args, params: { "*": rest } })) as Handler;
          await check(`${method} ${path} ${JSON.stringify({ id, qs, body: body.slice(0, 200), type, authorization, cookieHeader })}`, handler, req, {}, before);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  }, 60_000);

  it("the admin's sign-in, staff, API token and invitation actions", async () => {
    const staffForm = fc
      .dictionary(
        fc.oneof(fc.constantFrom("intent", "email", "role", "name", "password", "confirm", "token", "id", "csrf", "redirectTo", "language", "staffId", "lifetime"), fc.string()),
        fc.oneof(fc.constantFrom("invite", "role", "revoke", "resend", "create", "owner", "support", "x@example.com", "de", "30", "never", "correct horse battery", admin.staffId, admin.csrf), nasty),
      )
      .map((d) => new URLSearchParams(d).toString());
    const actions: Record<string, Handler> = {
      "sign-in": adminSignIn.action as Handler,
      staff: adminStaff.action as Handler,
      "api-tokens": adminApiTokens.action as Handler,
      "accept-invite": adminAcceptInvite.action as Handler,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(actions)),
        fc.oneof(staffForm, jsonBody),
        contentType,
        fc.oneof(fc.constant(admin.cookie), cookie),
        fc.oneof(fc.constant(ORIGIN), fc.constant(undefined), nasty),
        async (page, body, type, cookieHeader, origin) => {
          const handler = actions[page]!;
          const req = request("POST", `${ORIGIN}/admin/${page}`, { body, contentType: type ?? "application/x-www-form-urlencoded", cookie: cookieHeader });
          if (origin !== undefined) req.headers.set("Origin", Buffer.from(origin, "utf8").toString("latin1").replace(/[\r\n\0]/g, ""));
          const before = await digest();
          await check(`POST admin/${page} ${JSON.stringify({ body: body.slice(0, 200), type, cookieHeader, origin })}`, handler, req, {}, before);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  }, 60_000);

  it("the admin's markets and settings actions", async () => {
    const fields = ["intent", "csrf", "name", "enabled", "currency", "taxDisplay", "dutyMode", "shipTo", "roundingRule", "defaultShipping", "freeShippingOver", "rate", "effectiveOn", "id", "minDays", "maxDays", "bands", "freeShipping", "freeOver", "defaultMarket", "mailFromName", "mailFromAddress", "mailReplyTo", "registrations.0.country", "registrations.0.region", "registrations.0.since", "registrations.0.remove", "registrations.999.country"];
    const values = ["market", "rate", "fx-rate", "settings", "tax", "on", "EUR", "XX", "DE, AT", "10.123", "2026-02-30", "shr_de_de_postal", "500: x\n*: 1", "-1", "de-de", "US", "ZZ", "a@b", admin.csrf];
    const form = fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string()), fc.oneof(fc.constantFrom(...values), nasty)).map((d) => new URLSearchParams(d).toString());
    const pages = { markets: adminMarkets.action, "markets/de-de": adminMarket.action, settings: adminSettings.action } as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(pages)),
        fc.oneof(form, jsonBody),
        contentType,
        fc.oneof(fc.constant(admin.cookie), cookie),
        fc.oneof(fc.constant(ORIGIN), fc.constant(undefined), nasty),
        async (page, body, type, cookieHeader, origin) => {
          const req = request("POST", `${ORIGIN}/admin/${page}`, { body, contentType: type ?? "application/x-www-form-urlencoded", cookie: cookieHeader });
          if (origin !== undefined) req.headers.set("Origin", Buffer.from(origin, "utf8").toString("latin1").replace(/[\r\n\0]/g, ""));
          const before = await digest();
          await check(`POST admin/${page} ${JSON.stringify({ body: body.slice(0, 200), type, cookieHeader, origin })}`, pages[page] as Handler, req, { handle: "de-de" }, before);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);
});
