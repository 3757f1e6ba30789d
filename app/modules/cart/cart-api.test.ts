/**
 * Contract + journey test of the headless cart / checkout / order API: every response body is
 * validated against the OpenAPI document's schema for its path, method and status (ajv, draft
 * 2020-12), and every request body we send against the documented requestBody, so drift between
 * the routes and the document fails here.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { loader as openapiLoader } from "~/routes/api.v1.openapi";
import { loader as productsLoader } from "~/routes/api.v1.products";
import { loader as productLoader } from "~/routes/api.v1.products.$handle";
import { action as createCartAction } from "~/routes/api.v1.carts";
import { loader as cartLoader } from "~/routes/api.v1.carts.$id";
import { action as linesAction } from "~/routes/api.v1.carts.$id.lines";
import { action as lineAction } from "~/routes/api.v1.carts.$id.lines.$lineId";
import { action as discountAction } from "~/routes/api.v1.carts.$id.discount-codes";
import { action as marketAction } from "~/routes/api.v1.carts.$id.market";
import { action as emailAction } from "~/routes/api.v1.carts.$id.email";
import { action as addressAction } from "~/routes/api.v1.carts.$id.shipping-address";
import { action as methodAction } from "~/routes/api.v1.carts.$id.shipping-method";
import { action as paymentAction } from "~/routes/api.v1.carts.$id.payment";
import { action as pointsAction } from "~/routes/api.v1.carts.$id.points-redemptions";
import { loader as orderLoader } from "~/routes/api.v1.orders.$id";
import { completePayment } from "~/modules/checkout/checkout.server";
import { orderAccessToken } from "~/modules/orders/orders.server";

useTestDatabase();

// The journey pays with the demo provider.
const previousStripeKey = process.env.STRIPE_SECRET_KEY;
beforeAll(() => {
  delete process.env.STRIPE_SECRET_KEY;
});
afterAll(() => {
  if (previousStripeKey !== undefined) process.env.STRIPE_SECRET_KEY = previousStripeKey;
});

type Handler = (args: ActionFunctionArgs) => Promise<Response>;
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Method = "get" | "post" | "put" | "patch" | "delete";

const ORIGIN = "http://localhost";
const BASE = "https://harbor.test/api/v1/openapi.json";
const DE_ADDRESS = { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };

let doc: Json;
let ajv: Ajv2020;
const exercised = new Set<string>();

beforeAll(async () => {
  const res = await openapiLoader({ request: new Request(`${ORIGIN}/api/v1/openapi.json`), params: {}, context: {} });
  expect(res.status).toBe(200);
  doc = await res.json();
  ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  ajv.addKeyword("components");
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addSchema({ $id: BASE, components: doc.components });
});

function operation(method: Method, path: string): Json {
  const op = doc.paths[path]?.[method];
  expect(op, `${method.toUpperCase()} ${path} is documented`).toBeDefined();
  return op;
}

function compile(schema: Json) {
  return ajv.compile(schema.$ref ? { $ref: `${BASE}${schema.$ref}` } : schema);
}

function responseValidator(method: Method, path: string, status: number) {
  const response = operation(method, path).responses[String(status)];
  expect(response, `${method.toUpperCase()} ${path} documents ${status}`).toBeDefined();
  return compile(response.content["application/json"].schema);
}

/** Asserts the status and that the body matches the documented schema for it. */
function expectConforms(method: Method, path: string, status: number, r: { res: Response; body: Json }) {
  const label = `${method.toUpperCase()} ${path} ${status}`;
  expect(r.res.status, `${label}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.res.headers.get("Content-Type")).toBe("application/json");
  expect(r.res.headers.get("Cache-Control")).toBe("no-store");
  const validate = responseValidator(method, path, status);
  const ok = validate(r.body);
  if (status >= 400) expect(operation(method, path).responses[String(status)]["x-error-codes"], label).toContain(r.body.error.code);
  expect(validate.errors ?? [], `${label}: ${ajv.errorsText(validate.errors)}`).toEqual([]);
  expect(ok).toBe(true);
  exercised.add(`${method} ${path}`);
}

/** Whether a request body is valid per the documented requestBody. */
function bodyIsDocumentedValid(method: Method, path: string, body: unknown): boolean {
  const rb = operation(method, path).requestBody;
  expect(rb, `${method.toUpperCase()} ${path} documents a request body`).toBeDefined();
  return compile(rb.content["application/json"].schema)(body) as boolean;
}

async function call(
  handler: Handler,
  method: Method,
  url: string,
  opts: { params?: Record<string, string>; token?: string | null; orderToken?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ res: Response; body: Json }> {
  const headers = new Headers();
  if (opts.token) headers.set("X-Cart-Token", opts.token);
  if (opts.orderToken) headers.set("X-Order-Token", opts.orderToken);
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    headers.set("Content-Type", "application/json");
    body = opts.rawBody ?? JSON.stringify(opts.body);
  }
  const request = new Request(`${ORIGIN}/api/v1${url}`, { method: method.toUpperCase(), headers, body });
  const res = await handler({ request, params: opts.params ?? {}, context: {} });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : null };
}

/** Sends a JSON body, checking first that the document agrees on whether it is valid. */
async function send(handler: Handler, method: Method, path: string, url: string, body: unknown, documentedValid: boolean, opts: { params?: Record<string, string>; token?: string | null } = {}) {
  expect(bodyIsDocumentedValid(method, path, body), `${method.toUpperCase()} ${path} body ${JSON.stringify(body)}`).toBe(documentedValid);
  return call(handler, method, url, { ...opts, body });
}

/** Minor units of a MoneyV2 amount. */
const minor = (m: { amount: string }) => BigInt(m.amount.replace(".", ""));

/** An active product sold in both de-de and ja-jp with a variant that has at least `min` units. */
async function inStockVariant(min: number): Promise<{ id: string; handle: string; priceDe: Json; priceJp: Json }> {
  const list = async (market: string) => (await call(productsLoader as Handler, "get", `/products?market=${market}&first=100`)).body.nodes as Json[];
  const [de, jp] = await Promise.all([list("de-de"), list("ja-jp")]);
  const jpIds = new Set(jp.filter((n) => n.availableForSale).map((n) => n.id));
  for (const node of de.filter((n) => n.availableForSale && jpIds.has(n.id))) {
    const p = (await call(productLoader as Handler, "get", `/products/${node.handle}?market=de-de`, { params: { handle: node.handle } })).body;
    const v = p.variants.find((x: Json) => x.quantityAvailable >= min);
    if (!v) continue;
    const pj = (await call(productLoader as Handler, "get", `/products/${node.handle}?market=ja-jp`, { params: { handle: node.handle } })).body;
    const vj = pj.variants.find((x: Json) => x.id === v.id);
    if (!vj || vj.quantityAvailable < min) continue;
    return { id: v.id, handle: node.handle, priceDe: v.price, priceJp: vj.price };
  }
  throw new Error(`no variant with ${min} units sold in de-de and ja-jp`);
}

async function newCart(market: string) {
  const created = await send(createCartAction, "post", "/carts", "/carts", { market }, true);
  expectConforms("post", "/carts", 201, created);
  return { id: created.body.id as string, token: created.body.token as string, body: created.body };
}

describe("headless cart → checkout → order journey (de-de)", () => {
  it("creates, fills, addresses, pays for a cart and reads the order, every response as documented", async () => {
    const variant = await inStockVariant(3);

    // --- create
    const { id, token, body: created } = await newCart("de-de");
    expect(token).toMatch(/\S{16,}/);
    expect(created).toMatchObject({ market: "de-de", currencyCode: "EUR", status: "active", email: null, lines: [], shippingAddress: null, shippingMethods: [] });
    const p = { id };
    const badMarket = await send(createCartAction, "post", "/carts", "/carts", { market: "xx" }, false);
    expectConforms("post", "/carts", 400, badMarket);
    expect(badMarket.body.error).toMatchObject({ code: "invalid_parameter", field: "market" });

    // --- token: missing and wrong look like an unknown cart
    for (const t of [null, "wrong-token", `${token}x`]) {
      const r = await call(cartLoader, "get", `/carts/${id}`, { params: p, token: t });
      expectConforms("get", "/carts/{id}", 404, r);
      expect(r.body.error.code).toBe("cart_not_found");
    }
    const unknown = await call(cartLoader, "get", "/carts/cart_nope", { params: { id: "cart_nope" }, token });
    expectConforms("get", "/carts/{id}", 404, unknown);
    const got = await call(cartLoader, "get", `/carts/${id}`, { params: p, token });
    expectConforms("get", "/carts/{id}", 200, got);
    expect(got.body.token).toBeUndefined();

    // --- lines
    const LINES = "/carts/{id}/lines";
    const added = await send(linesAction, "post", LINES, `/carts/${id}/lines`, { variantId: variant.id, quantity: 1 }, true, { params: p, token });
    expectConforms("post", LINES, 201, added);
    expect(added.body.lines).toHaveLength(1);
    const line = added.body.lines[0];
    expect(line).toMatchObject({ variantId: variant.id, quantity: 1, unitPrice: variant.priceDe });

    // A client-sent price is ignored (and the document allows, but does not define, extra fields).
    const priced = await send(
      linesAction,
      "post",
      LINES,
      `/carts/${id}/lines`,
      { variantId: variant.id, quantity: 1, price: "0.01", unitPrice: { amount: "0.01", currencyCode: "EUR" } },
      true,
      { params: p, token },
    );
    expectConforms("post", LINES, 201, priced);
    expect(priced.body.lines).toHaveLength(1);
    expect(priced.body.lines[0]).toMatchObject({ id: line.id, quantity: 2, unitPrice: variant.priceDe });
    expect(minor(priced.body.lines[0].subtotal)).toBe(2n * minor(variant.priceDe));

    const LINE = "/carts/{id}/lines/{lineId}";
    const lp = { id, lineId: line.id };
    const patched = await send(lineAction, "patch", LINE, `/carts/${id}/lines/${line.id}`, { quantity: 3 }, true, { params: lp, token });
    expectConforms("patch", LINE, 200, patched);
    expect(patched.body.lines[0].quantity).toBe(3);
    expect(minor(patched.body.totals.subtotal)).toBe(3n * minor(variant.priceDe));

    // Bad bodies: 400 naming the field; the document agrees they are invalid.
    const badQty = await send(lineAction, "patch", LINE, `/carts/${id}/lines/${line.id}`, { quantity: "lots" }, false, { params: lp, token });
    expectConforms("patch", LINE, 400, badQty);
    expect(badQty.body.error).toMatchObject({ code: "invalid_parameter", field: "quantity" });
    expect(badQty.body.error.message).toMatch(/^quantity: /);
    const tooMany = await send(lineAction, "patch", LINE, `/carts/${id}/lines/${line.id}`, { quantity: 100 }, false, { params: lp, token });
    expectConforms("patch", LINE, 400, tooMany);
    expect(tooMany.body.error.field).toBe("quantity");
    const noVariant = await send(linesAction, "post", LINES, `/carts/${id}/lines`, { quantity: 1 }, false, { params: p, token });
    expectConforms("post", LINES, 400, noVariant);
    expect(noVariant.body.error).toMatchObject({ code: "invalid_parameter", field: "variantId" });
    const notJson = await call(linesAction, "post", `/carts/${id}/lines`, { params: p, token, rawBody: "{variantId:" });
    expectConforms("post", LINES, 400, notJson);
    expect(notJson.body.error.code).toBe("invalid_body");

    // Unknown variant / line: 404 naming the field.
    const unknownVariant = await send(linesAction, "post", LINES, `/carts/${id}/lines`, { variantId: "var_does_not_exist", quantity: 1 }, true, { params: p, token });
    expectConforms("post", LINES, 404, unknownVariant);
    expect(unknownVariant.body.error).toMatchObject({ code: "variant_not_found", field: "variantId" });
    const unknownLine = await send(lineAction, "patch", LINE, `/carts/${id}/lines/cl_nope`, { quantity: 1 }, true, { params: { id, lineId: "cl_nope" }, token });
    expectConforms("patch", LINE, 404, unknownLine);
    expect(unknownLine.body.error).toMatchObject({ code: "line_not_found", field: "lineId" });
    const wrongTokenLine = await send(linesAction, "post", LINES, `/carts/${id}/lines`, { variantId: variant.id }, true, { params: p, token: "nope" });
    expectConforms("post", LINES, 404, wrongTokenLine);

    // --- discount codes
    const CODES = "/carts/{id}/discount-codes";
    const rejected = await send(discountAction, "post", CODES, `/carts/${id}/discount-codes`, { code: "no-such-code-2024" }, true, { params: p, token });
    expectConforms("post", CODES, 422, rejected);
    expect(rejected.body.error).toMatchObject({ code: "discount_rejected", field: "code", details: { reason: "not_found" } });
    const emptyCode = await send(discountAction, "post", CODES, `/carts/${id}/discount-codes`, { code: "" }, false, { params: p, token });
    expectConforms("post", CODES, 400, emptyCode);
    expect(emptyCode.body.error.field).toBe("code");
    const cleared = await call(discountAction, "delete", `/carts/${id}/discount-codes`, { params: p, token });
    expectConforms("delete", CODES, 200, cleared);
    expect(cleared.body.discountCodes).toEqual([]);

    // --- email
    const EMAIL = "/carts/{id}/email";
    const badEmail = await send(emailAction, "put", EMAIL, `/carts/${id}/email`, { email: "not-an-email" }, false, { params: p, token });
    expectConforms("put", EMAIL, 400, badEmail);
    expect(badEmail.body.error).toMatchObject({ code: "invalid_parameter", field: "email" });
    const email = await send(emailAction, "put", EMAIL, `/carts/${id}/email`, { email: "Headless@Example.com" }, true, { params: p, token });
    expectConforms("put", EMAIL, 200, email);
    expect(email.body.email).toBe("headless@example.com");

    // --- not ready: no address yet (methods are quoted for the market's country), so no payment
    const METHOD = "/carts/{id}/shipping-method";
    const PAYMENT = "/carts/{id}/payment";
    expect(email.body.shippingMethods.length).toBeGreaterThan(0);
    const notReady = await call(paymentAction, "post", `/carts/${id}/payment`, { params: p, token });
    expectConforms("post", PAYMENT, 422, notReady);
    expect(notReady.body.error).toMatchObject({ code: "address_required", field: "shippingAddress" });
    const early = await send(methodAction, "put", METHOD, `/carts/${id}/shipping-method`, { method: email.body.shippingMethods[0].code }, true, { params: p, token });
    expectConforms("put", METHOD, 200, early);
    expect(early.body.shippingMethod).toBe(email.body.shippingMethods[0].code);

    // --- shipping address
    const ADDRESS = "/carts/{id}/shipping-address";
    const badPostal = await send(addressAction, "put", ADDRESS, `/carts/${id}/shipping-address`, { ...DE_ADDRESS, postalCode: "1011" }, true, { params: p, token });
    expectConforms("put", ADDRESS, 422, badPostal);
    expect(badPostal.body.error).toMatchObject({ code: "invalid_address", field: "postalCode", details: { errors: { postalCode: "address.errors.postalCodeFormat" } } });
    // German postcodes have five digits (Deutsche Post); the message names the expected form.
    expect(badPostal.body.error.message).toMatch(/5 digits/);
    const address = await send(addressAction, "put", ADDRESS, `/carts/${id}/shipping-address`, DE_ADDRESS, true, { params: p, token });
    expectConforms("put", ADDRESS, 200, address);
    expect(address.body.shippingAddress).toEqual(DE_ADDRESS);
    expect(address.body.shippingMethods.length).toBeGreaterThan(0);
    expect(address.body.shippingMethod).toBeNull(); // a new address clears the chosen method
    for (const m of address.body.shippingMethods) expect(m.amount.currencyCode).toBe("EUR");
    expect(address.body.taxIncluded).toBe(true);

    // --- shipping method
    const choice = address.body.shippingMethods.find((m: Json) => m.code !== "local") ?? address.body.shippingMethods[0];
    const badMethod = await send(methodAction, "put", METHOD, `/carts/${id}/shipping-method`, { method: "teleport" }, false, { params: p, token });
    expectConforms("put", METHOD, 400, badMethod);
    expect(badMethod.body.error.field).toBe("method");
    const method = await send(methodAction, "put", METHOD, `/carts/${id}/shipping-method`, { method: choice.code }, true, { params: p, token });
    expectConforms("put", METHOD, 200, method);
    expect(method.body.shippingMethod).toBe(choice.code);
    expect(method.body.totals.shipping).toEqual(choice.amount);
    const cartTotal = method.body.totals.total;

    // --- payment (demo provider), idempotent
    const payment = await call(paymentAction, "post", `/carts/${id}/payment`, { params: p, token });
    expectConforms("post", PAYMENT, 201, payment);
    expect(payment.body).toMatchObject({ provider: "demo", status: "requires_payment", amount: cartTotal, clientSecret: null, orderId: null, orderToken: null });
    expect(payment.body.redirectUrl).toMatch(new RegExp(`^${ORIGIN}/de-de/pay/demo/${payment.body.paymentId}\\?token=[A-Za-z0-9_-]+$`));
    const again = await call(paymentAction, "post", `/carts/${id}/payment`, { params: p, token });
    expectConforms("post", PAYMENT, 201, again);
    expect(again.body.paymentId).toBe(payment.body.paymentId);
    const checkingOut = await call(cartLoader, "get", `/carts/${id}`, { params: p, token });
    expectConforms("get", "/carts/{id}", 200, checkingOut);
    expect(checkingOut.body.status).toBe("checking_out");

    // --- the shopper pays; the order is readable with its token only
    const orderId = await completePayment(payment.body.paymentId, "succeeded");
    expect(orderId).toBeTruthy();
    const ORDER = "/orders/{id}";
    const orderToken = orderAccessToken(orderId!);
    const order = await call(orderLoader, "get", `/orders/${orderId}`, { params: { id: orderId! }, orderToken });
    expectConforms("get", ORDER, 200, order);
    expect(order.body).toMatchObject({
      id: orderId,
      status: "paid",
      market: "de-de",
      currencyCode: "EUR",
      email: "headless@example.com",
      shippingAddress: DE_ADDRESS,
      shippingMethod: { method: choice.code, amount: choice.amount },
    });
    expect(order.body.totals.total).toEqual(cartTotal);
    expect(order.body.lines).toHaveLength(1);
    expect(order.body.lines[0]).toMatchObject({ variantId: variant.id, quantity: 3, unitPrice: variant.priceDe });
    expect(order.body.history.at(-1).to).toBe("paid");
    const byQuery = await call(orderLoader, "get", `/orders/${orderId}?token=${encodeURIComponent(orderToken)}`, { params: { id: orderId! } });
    expectConforms("get", ORDER, 200, byQuery);
    expect(byQuery.body.id).toBe(orderId);
    for (const t of [undefined, "wrong", orderAccessToken("ord_other")]) {
      const r = await call(orderLoader, "get", `/orders/${orderId}`, { params: { id: orderId! }, orderToken: t });
      expectConforms("get", ORDER, 404, r);
      expect(r.body.error.code).toBe("order_not_found");
    }

    // --- the ordered cart is read-only
    const completed = await call(cartLoader, "get", `/carts/${id}`, { params: p, token });
    expectConforms("get", "/carts/{id}", 200, completed);
    expect(completed.body.status).toBe("completed");
    const late = await send(linesAction, "post", LINES, `/carts/${id}/lines`, { variantId: variant.id, quantity: 1 }, true, { params: p, token });
    expectConforms("post", LINES, 409, late);
    expect(late.body.error.code).toBe("cart_completed");
    const lateRemove = await call(lineAction, "delete", `/carts/${id}/lines/${line.id}`, { params: lp, token });
    expectConforms("delete", LINE, 409, lateRemove);
    const payAgain = await call(paymentAction, "post", `/carts/${id}/payment`, { params: p, token });
    expectConforms("post", PAYMENT, 409, payAgain);
  });

  it("PUT market re-prices the cart in the new market's currency (ja-jp → JPY)", async () => {
    const variant = await inStockVariant(1);
    const { id, token } = await newCart("de-de");
    const p = { id };
    const added = await send(linesAction, "post", "/carts/{id}/lines", `/carts/${id}/lines`, { variantId: variant.id }, true, { params: p, token });
    expectConforms("post", "/carts/{id}/lines", 201, added);
    expect(added.body.lines[0].quantity).toBe(1); // quantity defaults to 1

    const MARKET = "/carts/{id}/market";
    const bad = await send(marketAction, "put", MARKET, `/carts/${id}/market`, { market: "JP" }, false, { params: p, token });
    expectConforms("put", MARKET, 400, bad);
    expect(bad.body.error.field).toBe("market");
    const unknownMarket = await send(marketAction, "put", MARKET, `/carts/${id}/market`, { market: "xx-xx" }, true, { params: p, token });
    expectConforms("put", MARKET, 400, unknownMarket);
    expect(unknownMarket.body.error).toMatchObject({ code: "invalid_parameter", field: "market" });

    const moved = await send(marketAction, "put", MARKET, `/carts/${id}/market`, { market: "ja-jp" }, true, { params: p, token });
    expectConforms("put", MARKET, 200, moved);
    expect(moved.body).toMatchObject({ market: "ja-jp", currencyCode: "JPY" });
    expect(moved.body.lines[0].unitPrice).toEqual(variant.priceJp);
    expect(moved.body.lines[0].unitPrice.amount).toMatch(/^\d+$/);
    for (const m of Object.values(moved.body.totals) as Json[]) expect(m.currencyCode).toBe("JPY");

    const removed = await call(lineAction, "delete", `/carts/${id}/lines/${added.body.lines[0].id}`, { params: { id, lineId: added.body.lines[0].id }, token });
    expectConforms("delete", "/carts/{id}/lines/{lineId}", 200, removed);
    expect(removed.body.lines).toEqual([]);
    const empty = await call(paymentAction, "post", `/carts/${id}/payment`, { params: p, token });
    expectConforms("post", "/carts/{id}/payment", 422, empty);
    expect(empty.body.error.code).toBe("cart_empty");
  });
});

describe("the document", () => {
  it("documents the cart endpoints with headers, bodies and errors, and detects drift", async () => {
    const cartOps = Object.entries(doc.paths).filter(([path]) => path.startsWith("/carts") || path.startsWith("/orders"));
    expect(cartOps.length).toBe(12);
    for (const [path, item] of cartOps as [string, Json][]) {
      for (const [method, op] of Object.entries(item) as [string, Json][]) {
        const names = (op.parameters ?? []).map((x: Json) => `${x.in}:${x.name}`);
        if (path.startsWith("/carts/")) expect(op.security, `${method} ${path}`).toEqual([{ cartToken: [] }]);
        for (const param of path.match(/\{(\w+)\}/g) ?? []) expect(names).toContain(`path:${param.slice(1, -1)}`);
        for (const [status, r] of Object.entries(op.responses) as [string, Json][]) {
          if (Number(status) >= 400) expect(r.content["application/json"].schema, `${method} ${path} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
        }
      }
    }
    // The tokens are apiKey security schemes (OpenAPI 3.1 §4.8.27), not ad-hoc parameters.
    expect(doc.components.securitySchemes.cartToken).toEqual(expect.objectContaining({ type: "apiKey", in: "header", name: "X-Cart-Token" }));
    expect(doc.paths["/carts"].post.security).toEqual([]);
    expect(doc.paths["/orders/{id}"].get.parameters.map((x: Json) => `${x.in}:${x.name}`)).toEqual(["path:id"]);
    expect(doc.paths["/orders/{id}"].get.security).toEqual([{ orderToken: [] }, { orderTokenQuery: [] }]);
    expect(doc.components.securitySchemes.orderTokenQuery).toEqual(expect.objectContaining({ type: "apiKey", in: "query", name: "token" }));
    expect(doc.paths["/carts/{id}/lines"].post.requestBody).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CartLineInput" } } } });

    // A response with an extra, missing or mistyped field fails validation.
    const { id, token } = await newCart("de-de");
    const { body } = await call(cartLoader, "get", `/carts/${id}`, { params: { id }, token });
    const validate = responseValidator("get", "/carts/{id}", 200);
    expect(validate(body)).toBe(true);
    const mutations: ((c: Json) => void)[] = [
      (c) => (c.extra = 1),
      (c) => delete c.totals,
      (c) => (c.totals.total.amount = 1),
      (c) => (c.status = "open"),
      (c) => (c.lines = [{ id: "x" }]),
      (c) => (c.token = 5),
    ];
    for (const mutate of mutations) {
      const copy = structuredClone(body);
      mutate(copy);
      expect(validate(copy), mutate.toString()).toBe(false);
    }
    const errValidate = responseValidator("get", "/carts/{id}", 404);
    expect(errValidate({ error: { code: "cart_not_found", message: "Cart not found." } })).toBe(true);
    expect(errValidate({ error: { code: "cart_not_found" } })).toBe(false);
  });

  it("answers a method the path does not declare with 405, Allow and the error body (RFC 9110 §15.5.6)", async () => {
    const { id, token } = await newCart("de-de");
    const cases: [Handler, Method, string, Record<string, string>, string][] = [
      [createCartAction, "get", "/carts", {}, "POST, OPTIONS"],
      [cartLoader, "post", `/carts/${id}`, { id }, "GET, HEAD, OPTIONS"],
      [emailAction, "post", `/carts/${id}/email`, { id }, "PUT, OPTIONS"],
      [lineAction, "put", `/carts/${id}/lines/x`, { id, lineId: "x" }, "PATCH, DELETE, OPTIONS"],
      [discountAction, "put", `/carts/${id}/discount-codes`, { id }, "POST, DELETE, OPTIONS"],
      [paymentAction, "get", `/carts/${id}/payment`, { id }, "POST, OPTIONS"],
      [orderLoader, "delete", "/orders/ord_x", { id: "ord_x" }, "GET, HEAD, OPTIONS"],
    ];
    for (const [handler, method, url, params, allow] of cases) {
      const r = await call(handler, method, url, { params, token });
      expect(r.res.status, `${method} ${url}`).toBe(405);
      expect(r.res.headers.get("Allow")).toBe(allow);
      expect(r.body.error.code).toBe("method_not_allowed");
      expect(compile({ $ref: "#/components/schemas/Error" })(r.body)).toBe(true);
    }
  });

  it("trims the discount code before validating it, as documented", async () => {
    const { id, token } = await newCart("de-de");
    const blank = await call(discountAction, "post", `/carts/${id}/discount-codes`, { params: { id }, token, body: { code: "   " } });
    expectConforms("post", "/carts/{id}/discount-codes", 400, blank);
    expect(blank.body.error).toMatchObject({ code: "invalid_parameter", field: "code" });
    const padded = await call(discountAction, "post", `/carts/${id}/discount-codes`, { params: { id }, token, body: { code: "  no-such-code  " } });
    expectConforms("post", "/carts/{id}/discount-codes", 422, padded);
    expect(padded.body.error).toMatchObject({ code: "discount_rejected", field: "code" });
  });

  it("points redemptions: a guest cart is refused (401), a body that is neither points nor a reward is a 400, removing is a no-op 200", async () => {
    const { id, token } = await newCart("de-de");
    const path = "/carts/{id}/points-redemptions";
    const guest = await send(pointsAction, "post", path, `/carts/${id}/points-redemptions`, { points: 100 }, true, { params: { id }, token });
    expectConforms("post", path, 401, guest);
    expect(guest.body.error.code).toBe("sign_in_required");
    const both = await send(pointsAction, "post", path, `/carts/${id}/points-redemptions`, { points: 100, rewardId: "rwd_5_off" }, false, { params: { id }, token });
    expectConforms("post", path, 400, both);
    const removed = await call(pointsAction, "delete", `/carts/${id}/points-redemptions`, { params: { id }, token });
    expectConforms("delete", path, 200, removed);
  });

  it("every documented cart and order operation was exercised against its schema", () => {
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/carts") || path.startsWith("/orders"))
      .flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method} ${path}`));
    expect([...exercised].sort()).toEqual(documented.sort());
  });
});
