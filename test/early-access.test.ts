/**
 * Early access (issue #10, a tier benefit; docs/decisions/0012-membership-tiers.md): a product with a
 * public release time ahead is hidden from the public everywhere (listings, search, collections,
 * sitemap, product page 404, the Storefront API) and cannot be put in a cart or bought, while a
 * signed-in customer whose tier has `earlyAccess` (the demo seed's Gold) sees and buys it. After the
 * release time, on the clock's `now()`, it is everyone's.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cartLinesTable, customersTable, productVariantsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { runAt } from "~/lib/clock.server";
import { newId } from "~/lib/ids";
import { isUserError } from "~/lib/errors";
import { addLine, createCart, reloadCart, updateCartDetails } from "~/modules/cart/cart.server";
import { priceCart } from "~/modules/cart/pricing.server";
import { getProductByHandle, listProductHandles, listProducts } from "~/modules/catalog/catalog.server";
import { loadProductRecord, updateProduct } from "~/modules/catalog/catalog-write.server";
import { startPayment } from "~/modules/checkout/checkout.server";
import { ensureContact } from "~/modules/contacts/contacts.server";
import { createSession } from "~/modules/customers/sessions.server";
import { getAvailability } from "~/modules/inventory/inventory.server";
import { postPoints } from "~/modules/loyalty/ledger.server";
import { currentTier, evaluateContactTier } from "~/modules/loyalty/tiers.server";
import { getMarket } from "~/modules/markets/markets.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { loader as productPage } from "~/routes/market.products.$handle";
import { loader as apiProduct } from "~/routes/api.v1.products.$handle";
import { loader as apiProducts } from "~/routes/api.v1.products";
import { action as createCartAction } from "~/routes/api.v1.carts";
import { action as linesAction } from "~/routes/api.v1.carts.$id.lines";
import { adminToken, TEST_ORIGIN } from "./staff-helpers";

const db = useTestDatabase();
const DAY = 86_400_000;
const RELEASE = new Date(Date.now() + 10 * DAY);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
let owner = "";
let product = { id: "", handle: "", title: "", variantId: "" };
/** Session cookie and API token of a Gold customer (earlyAccess) and of a Silver one (no early access). */
const gold = { cookie: "", token: "", customerId: "cus_gold" };
const silver = { cookie: "", token: "", customerId: "cus_silver" };

async function member(who: typeof gold, email: string, points: number, tier: string) {
  await db.current.db.insert(customersTable).values({ id: who.customerId, email, locale: "de", emailVerifiedAt: new Date() });
  const contact = await ensureContact(db.current.db, { email, customerId: who.customerId, locale: "de", source: "account" });
  // Demo seed thresholds on points earned: Silver 1000, Gold 3000 (db/seed/tiers.ts).
  await db.current.db.transaction(async (tx) => {
    await postPoints(tx, { contactId: contact.id, type: "earn", points, source: "order" });
    await evaluateContactTier(tx, contact.id);
  });
  expect((await currentTier(contact.id, undefined, { language: "en" }))?.name).toBe(tier);
  who.cookie = `harbor_customer=${(await createSession(who.customerId, "cookie", null)).token}`;
  who.token = (await createSession(who.customerId, "api", null)).token;
}

async function admin(method: string, path: string, body?: unknown) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${owner}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
  return { status: r.status, json: (await r.json()) as Json };
}

const page = (headers: Record<string, string> = {}) =>
  productPage({ request: new Request(`${TEST_ORIGIN}/de-de/products/${product.handle}`, { headers }), params: { market: "de-de", handle: product.handle }, context: {} });

async function pageStatus(headers: Record<string, string> = {}): Promise<number> {
  try {
    await page(headers);
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

async function api(loader: typeof apiProduct, path: string, headers: Record<string, string> = {}, params: Record<string, string> = {}) {
  const r = await loader({ request: new Request(`${TEST_ORIGIN}/api/v1${path}`, { headers }), params, context: {} });
  return { status: r.status, cacheControl: r.headers.get("cache-control"), json: (await r.json()) as Json };
}

async function apiAdd(bearer: string | null) {
  const auth: Record<string, string> = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  const created = await createCartAction({ request: new Request(`${TEST_ORIGIN}/api/v1/carts`, { method: "POST", headers: { "Content-Type": "application/json", ...auth }, body: JSON.stringify({ market: "de-de" }) }), params: {}, context: {} });
  const cart = (await created.json()) as Json;
  const r = await linesAction({
    request: new Request(`${TEST_ORIGIN}/api/v1/carts/${cart.id}/lines`, { method: "POST", headers: { "Content-Type": "application/json", "X-Cart-Token": cart.token }, body: JSON.stringify({ variantId: product.variantId, quantity: 1 }) }),
    params: { id: cart.id },
    context: {},
  });
  return { status: r.status, json: (await r.json()) as Json };
}

const listed = async (viewer?: { earlyAccess: boolean }, q?: string) =>
  (await listProducts({ market: (await getMarket("de-de"))!, sort: "newest", limit: 100, offset: 0, q, viewer })).items.map((c) => c.id);

beforeAll(async () => {
  registerAllJobHandlers();
  owner = (await adminToken("owner")).token;
  const variants = await db.current.db.select({ id: productVariantsTable.id, productId: productVariantsTable.productId }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const v = variants.find((x) => [...(stock.get(x.id)?.values() ?? [])].some((n) => n >= 10))!;
  const record = (await loadProductRecord(v.productId))!;
  const de = record.translations.de ?? record.translations.en!;
  product = { id: v.productId, handle: de.handle, title: de.title, variantId: v.id };
  await member(gold, "gold@early.example", 3000, "Gold");
  await member(silver, "silver@early.example", 1000, "Silver");
}, 60_000);

describe("the release time in the catalog write API and the Admin API", () => {
  it("PATCH /products/{id} sets releasedAt (ISO 8601, UTC) and reads it back; a malformed time is a 400 naming releasedAt", async () => {
    const bad = await admin("PATCH", `/products/${product.id}`, { releasedAt: "next tuesday", confirm: true });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe("releasedAt");
    // The admin form hands the write what was typed: the write's own check names the field too.
    await expect(updateProduct(product.id, { releasedAt: "soon" }, { confirm: true })).rejects.toMatchObject({ status: 400, code: "invalid_release_time", field: "releasedAt" });
    const r = await admin("PATCH", `/products/${product.id}`, { releasedAt: RELEASE.toISOString(), confirm: true });
    expect(r.status).toBe(200);
    expect((await loadProductRecord(product.id))!.releasedAt).toBe(RELEASE.toISOString());
    const read = await admin("GET", `/products/${product.id}`);
    expect(read.json.product.releasedAt).toBe(RELEASE.toISOString());
  });
});

describe("before the release", () => {
  it("the public does not see it: listings, search, sitemap, product page (404), Storefront API (404)", async () => {
    expect(await listed()).not.toContain(product.id);
    expect(await listed(undefined, product.title)).not.toContain(product.id);
    expect((await listProductHandles()).map((p) => p.id)).not.toContain(product.id);
    expect(await pageStatus()).toBe(404);
    expect((await api(apiProduct, `/products/${product.handle}?market=de-de`, {}, { handle: product.handle })).status).toBe(404);
    const list = await api(apiProducts, `/products?market=de-de&first=100&sort=newest`);
    expect(list.json.nodes.map((n: { id: string }) => n.id)).not.toContain(product.id);
  });

  it("a Silver member (no early access) does not see it either", async () => {
    expect(await pageStatus({ cookie: silver.cookie })).toBe(404);
    expect((await api(apiProduct, `/products/${product.handle}?market=de-de`, { Authorization: `Bearer ${silver.token}` }, { handle: product.handle })).status).toBe(404);
  });

  it("a Gold member sees it with its release date, privately (never a shared cache's copy)", async () => {
    const res = (await page({ cookie: gold.cookie })) as unknown as { data: Json; init: { headers: Record<string, string> } };
    expect(res.data.product.id).toBe(product.id);
    expect(res.data.earlyAccessUntil).toBe(new Intl.DateTimeFormat("de-DE", { dateStyle: "long", timeZone: "UTC" }).format(RELEASE));
    expect(new Headers(res.init.headers).get("cache-control")).toBe("private, no-store");
    // The anonymous answer, asked after the member's (the read cache keys by viewer), is still a 404.
    expect(await pageStatus()).toBe(404);
    const viaApi = await api(apiProduct, `/products/${product.handle}?market=de-de`, { Authorization: `Bearer ${gold.token}` }, { handle: product.handle });
    expect(viaApi.status).toBe(200);
    expect(viaApi.json.releasesAt).toBe(RELEASE.toISOString());
    expect(viaApi.cacheControl).toBe("no-store");
    expect(await listed({ earlyAccess: true })).toContain(product.id);
  });

  it("a cart without early access refuses the variant with a 403 early_access_only; a Gold member's cart takes it", async () => {
    const anonymous = await apiAdd(null);
    expect(anonymous.status).toBe(403);
    expect(anonymous.json.error).toMatchObject({ code: "early_access_only", field: "variantId" });
    expect((await apiAdd(silver.token)).status).toBe(403);
    const ok = await apiAdd(gold.token);
    expect(ok.status).toBe(201);
    expect(ok.json.lines.map((l: { variantId: string }) => l.variantId)).toEqual([product.variantId]);
  });

  it("checkout checks again: a line that got into a cart without early access is not priced and cannot be paid", async () => {
    const m = (await getMarket("de-de"))!;
    const { cart } = await createCart(m);
    await db.current.db.insert(cartLinesTable).values({ id: newId("line"), cartId: cart.id, variantId: product.variantId, quantity: 1 });
    await updateCartDetails(cart, { email: "sneaky@example.com", shippingAddress: { name: "A", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" } as never });
    const priced = await priceCart(await reloadCart(cart));
    expect(priced.lines).toHaveLength(0);
    expect(priced.cartLineCount).toBe(1);
    const refused = await startPayment(await reloadCart(cart), { origin: TEST_ORIGIN }).catch((e: unknown) => e);
    expect(isUserError(refused) && refused.code).toBe("cart_empty");
  });
});

describe("after the release (the clock moved past it)", () => {
  it("everyone sees and buys it", async () => {
    await runAt(new Date(RELEASE.getTime() + 1000), async () => {
      expect(await listed()).toContain(product.id);
      expect((await listProductHandles()).map((p) => p.id)).toContain(product.id);
      const found = await getProductByHandle((await getMarket("de-de"))!, product.handle);
      expect(found.kind === "found" && found.product.releasesAt).toBe(null);
      const { cart } = await createCart((await getMarket("de-de"))!);
      await addLine(cart, product.variantId, 1);
      expect((await priceCart(await reloadCart(cart))).lines.map((l) => l.variantId)).toEqual([product.variantId]);
    });
  });

  it("clearing releasedAt releases it at once", async () => {
    expect((await admin("PATCH", `/products/${product.id}`, { releasedAt: null, confirm: true })).status).toBe(200);
    expect(await listed()).toContain(product.id);
    expect(await pageStatus()).toBe(200);
    const [line] = await db.current.db.select().from(cartLinesTable).where(eq(cartLinesTable.variantId, product.variantId)).limit(1);
    expect(line).toBeDefined();
  });
});
