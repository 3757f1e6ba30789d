// Segments (issue #12, ADR 0016). A hand-made set of contacts (FIXTURE below) is written through the
// modules; every expected member list is derived by filtering FIXTURE with the rule's meaning, and only
// mailable people (subscribed now, not suppressed, not undeliverable, not erased) may ever appear.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { collectionProductsTable, collectionTranslationsTable, contactsTable, loyaltyMembersTable, ordersTable, productTranslationsTable, productVariantsTable, referralsTable } from "~db/schema";
import { rowsOf } from "~db/rows";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { adminToken, TEST_ORIGIN } from "../../../test/staff-helpers";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { subscribe, unsubscribe } from "../contacts/consent.server";
import { ensureContact, findContactByEmail } from "../contacts/contacts.server";
import { getAvailability } from "../inventory/inventory.server";
import { postPoints } from "../loyalty/ledger.server";
import { listTiers } from "../loyalty/tiers.server";
import { emailHashSql } from "../mail/suppression-filter.server";
import { suppressEmail } from "../mail/suppressions.server";
import { getMarket } from "../markets/markets.server";
import { contactOrderStats } from "../orders/contact-stats.server";
import { listAuditLog } from "../staff/audit.server";
import type { SegmentRule } from "./segment-definition";
import { countContactsWhere } from "../contacts/contact-sql.server";
import { countSegment, mailableContactsSql, previewSegment, segmentContactPages } from "./segments.server";

const db = useTestDatabase();

type Consent = "subscribed" | "pending" | "unsubscribed" | "never";
interface Person {
  key: string;
  market: "de-de" | "en-us" | "ja-jp" | "fr-fr";
  consent: Consent;
  source: string;
  signupSource?: string;
  tags: string[];
  tier?: "Gold" | "Silver";
  points: number;
  /** Products bought ("A", "B"), one paid order each. */
  bought: ("A" | "B")[];
  suppressed?: boolean;
  undeliverable?: boolean;
  erased?: boolean;
}

const FIXTURE: Person[] = [
  { key: "ann", market: "de-de", consent: "subscribed", source: "footer", signupSource: "footer", tags: ["vip", "tea"], tier: "Gold", points: 500, bought: ["A"] },
  { key: "ben", market: "en-us", consent: "subscribed", source: "popup", signupSource: "popup", tags: ["vip"], tier: "Silver", points: 100, bought: ["B"] },
  { key: "cat", market: "ja-jp", consent: "subscribed", source: "import:shopify", signupSource: "api", tags: [], points: 0, bought: [] },
  { key: "dee", market: "fr-fr", consent: "subscribed", source: "footer", signupSource: "footer", tags: ["tea"], points: 0, bought: ["A", "B"] },
  // Each of these matches "Gold in de-de" (and most rules) but may not be mailed.
  { key: "eve", market: "de-de", consent: "unsubscribed", source: "footer", signupSource: "footer", tags: ["vip"], tier: "Gold", points: 900, bought: ["A"] },
  { key: "fay", market: "de-de", consent: "never", source: "order", tags: ["vip"], tier: "Gold", points: 0, bought: [] },
  { key: "gus", market: "de-de", consent: "subscribed", source: "footer", signupSource: "footer", tags: ["vip"], tier: "Gold", points: 0, bought: [], suppressed: true },
  { key: "hal", market: "de-de", consent: "subscribed", source: "footer", signupSource: "footer", tags: ["vip"], tier: "Gold", points: 0, bought: [], undeliverable: true },
  { key: "ivy", market: "de-de", consent: "subscribed", source: "footer", signupSource: "footer", tags: ["vip"], tier: "Gold", points: 0, bought: [], erased: true },
  { key: "jon", market: "de-de", consent: "pending", source: "footer", signupSource: "footer", tags: ["vip"], tier: "Gold", points: 0, bought: [] },
];
// Referrals: ann referred ben (granted) and dee (pending); ben referred cat, rejected by staff.
const REFERRALS = [
  { referrer: "ann", friend: "ben", status: "granted" },
  { referrer: "ann", friend: "dee", status: "pending" },
  { referrer: "ben", friend: "cat", status: "rejected" },
] as const;
const COUNTED = (s: string) => !["rejected", "cancelled", "ineligible"].includes(s);
const referredFriends = (p: Person) => REFERRALS.filter((r) => r.referrer === p.key && COUNTED(r.status)).length;
const wasReferred = (p: Person) => REFERRALS.some((r) => r.friend === p.key && COUNTED(r.status));
const COUNTRY = { "de-de": "DE", "en-us": "US", "ja-jp": "JP", "fr-fr": "FR" } as const;
const LANGUAGE = { "de-de": "de", "en-us": "en", "ja-jp": "ja", "fr-fr": "fr" } as const;
const mailable = (p: Person) => p.consent === "subscribed" && !p.suppressed && !p.undeliverable && !p.erased;

const emailOf = (key: string) => `${key}@seg.example`;
const ids = new Map<string, string>();
const spend = new Map<string, bigint>();
let tierIds: Record<"Gold" | "Silver", string>;
let product: Record<"A" | "B", { id: string; handle: string; variantId: string }>;
let collectionOfA: { id: string; handle: string };
// ann's order is moved to 2025-01-15 (the last-order rules), the others are paid today.
const ANN_PAID_AT = new Date("2025-01-15T10:00:00Z");

const ADDRESSES: Record<string, Record<string, string>> = {
  "de-de": { name: "Eva", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
  "en-us": { name: "Eva", line1: "1 Main St", city: "Portland", region: "OR", postalCode: "97201", country: "US" },
  "fr-fr": { name: "Eva", line1: "1 rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" },
};

async function paidOrder(market: string, email: string, variantId: string): Promise<string> {
  const m = (await getMarket(market))!;
  const { cart } = await createCart(m);
  await addLine(cart, variantId, 1);
  await updateCartDetails(cart, { email, shippingAddress: ADDRESSES[market] as never });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
  return (await completePayment(started.payment.id, "succeeded"))!;
}

/** Two in-stock products A and B and a collection holding A but not B. */
async function pickProducts() {
  const d = db.current.db;
  const variants = await d.select({ id: productVariantsTable.id, productId: productVariantsTable.productId }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const inStock = variants.filter((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= 10));
  const links = await d.select().from(collectionProductsTable);
  for (const a of inStock) {
    for (const link of links.filter((l) => l.productId === a.productId)) {
      const b = inStock.find((v) => v.productId !== a.productId && !links.some((l) => l.collectionId === link.collectionId && l.productId === v.productId));
      if (!b) continue;
      const handle = async (productId: string) => (await d.select().from(productTranslationsTable).where(eq(productTranslationsTable.productId, productId)))[0]!.handle;
      const [coll] = await d.select().from(collectionTranslationsTable).where(eq(collectionTranslationsTable.collectionId, link.collectionId));
      return {
        product: { A: { id: a.productId, handle: await handle(a.productId), variantId: a.id }, B: { id: b.productId, handle: await handle(b.productId), variantId: b.id } },
        collection: { id: link.collectionId, handle: coll!.handle },
      };
    }
  }
  throw new Error("no two in-stock products split by a collection in the demo catalog");
}

beforeAll(async () => {
  registerAllJobHandlers();
  const d = db.current.db;
  const picked = await pickProducts();
  product = picked.product;
  collectionOfA = picked.collection;
  const tiers = await listTiers();
  tierIds = { Gold: tiers.find((t) => t.names.en === "Gold")!.id, Silver: tiers.find((t) => t.names.en === "Silver")!.id };
  for (const p of FIXTURE) {
    const email = emailOf(p.key);
    const market = (await getMarket(p.market))!;
    await ensureContact(d, { email, locale: market.language, market: market.handle, country: market.country, source: p.source });
    if (p.consent !== "never") await subscribe({ email, market: p.market, source: p.signupSource!, verifiedAddress: p.consent !== "pending" });
    const contact = (await findContactByEmail(email))!;
    if (p.consent === "unsubscribed") await unsubscribe(contact.id, { source: "email" });
    ids.set(p.key, contact.id);
    await d.update(contactsTable).set({ tags: p.tags }).where(eq(contactsTable.id, contact.id));
    if (p.tier) await d.insert(loyaltyMembersTable).values({ contactId: contact.id, tierId: tierIds[p.tier], qualifiedAt: new Date(), retainedUntil: new Date(Date.now() + 365 * 86_400_000) });
    if (p.points) await d.transaction((tx) => postPoints(tx, { contactId: contact.id, type: "adjust", points: p.points, source: "admin", reason: "fixture" }));
    for (const item of p.bought) await paidOrder(p.market === "ja-jp" ? "en-us" : p.market, email, product[item].variantId);
    if (p.suppressed) await suppressEmail(email);
    if (p.undeliverable) await d.update(contactsTable).set({ marketingUndeliverable: true }).where(eq(contactsTable.id, contact.id));
    if (p.erased) await d.update(contactsTable).set({ erasedAt: new Date() }).where(eq(contactsTable.id, contact.id));
  }
  // A pending points row never counts as available.
  await d.transaction((tx) => postPoints(tx, { contactId: ids.get("ben")!, type: "earn", points: 1000, pending: true, source: "order", reason: "fixture" }));
  await d.update(ordersTable).set({ paidAt: ANN_PAID_AT }).where(eq(ordersTable.email, emailOf("ann")));
  for (const [i, r] of REFERRALS.entries()) {
    await d.insert(referralsTable).values({
      id: `ref_seg_${i}`,
      campaignId: "camp_seg",
      referrerContactId: ids.get(r.referrer)!,
      friendContactId: ids.get(r.friend)!,
      orderId: `ord_seg_${i}`,
      clickId: `clk_seg_${i}`,
      ip: "203.0.113.1",
      deviceId: `dev_seg_${i}`,
      status: r.status,
      revenueBase: 1000n,
      grantAt: new Date(),
    });
  }
  // Lifetime spend as the orders module reports it (its own query, not the segment's SQL).
  for (const p of FIXTURE) spend.set(p.key, (await contactOrderStats(emailOf(p.key), null)).lifetimeSpend);
}, 240_000);

async function members(match: "all" | "any", rules: unknown[]): Promise<string[]> {
  const r = await previewSegment({ match, rules: rules as SegmentRule[] });
  const byId = new Map([...ids].map(([k, v]) => [v, k]));
  expect(r.count).toBe(r.contacts.length);
  return r.contacts.map((c) => byId.get(c.id) ?? c.email).sort();
}
const expected = (pred: (p: Person) => boolean) => FIXTURE.filter((p) => mailable(p) && pred(p)).map((p) => p.key).sort();

describe("segment rules (each derived from FIXTURE; only mailable people ever match)", () => {
  it("no rules = every contact who may be mailed: not the unsubscribed, never-consented, pending, suppressed, undeliverable or erased", async () => {
    expect(await members("all", [])).toEqual(["ann", "ben", "cat", "dee"]);
    expect(await countSegment({ match: "all", rules: [] })).toBe(4);
  });

  it("country, language, market (is / is not)", async () => {
    expect(await members("all", [{ field: "country", op: "is", value: "de" }])).toEqual(expected((p) => COUNTRY[p.market] === "DE"));
    expect(await members("all", [{ field: "country", op: "is_not", value: "DE" }])).toEqual(expected((p) => COUNTRY[p.market] !== "DE"));
    expect(await members("all", [{ field: "language", op: "is", value: "ja" }])).toEqual(expected((p) => LANGUAGE[p.market] === "ja"));
    expect(await members("all", [{ field: "market", op: "is", value: "en-us" }])).toEqual(expected((p) => p.market === "en-us"));
  });

  it("tier held (is / is not)", async () => {
    expect(await members("all", [{ field: "tier", op: "is", value: tierIds.Gold }])).toEqual(expected((p) => p.tier === "Gold"));
    expect(await members("all", [{ field: "tier", op: "is_not", value: tierIds.Gold }])).toEqual(expected((p) => p.tier !== "Gold"));
  });

  it("consent status: subscribed is everyone mailable; pending or unsubscribed select no one (they are never mailed)", async () => {
    expect(await members("all", [{ field: "consent", op: "is", value: "subscribed" }])).toEqual(expected(() => true));
    expect(await members("all", [{ field: "consent", op: "is", value: "unsubscribed" }])).toEqual([]);
    expect(await members("all", [{ field: "consent", op: "is", value: "pending" }])).toEqual([]);
  });

  it("lifetime spend range in the base currency (decimal strings), net as the orders module counts it", async () => {
    const ann = spend.get("ann")!;
    const dec = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;
    expect(ann).toBeGreaterThan(0n);
    expect(await members("all", [{ field: "spend", op: "gte", value: dec(ann) }])).toEqual(expected((p) => spend.get(p.key)! >= ann));
    expect(await members("all", [{ field: "spend", op: "lte", value: dec(ann) }])).toEqual(expected((p) => spend.get(p.key)! <= ann));
    expect(await members("all", [{ field: "spend", op: "between", value: { min: "0.01", max: dec(ann) } }])).toEqual(expected((p) => spend.get(p.key)! >= 1n && spend.get(p.key)! <= ann));
  });

  it("order-count range", async () => {
    expect(await members("all", [{ field: "orders", op: "gte", value: 2 }])).toEqual(expected((p) => p.bought.length >= 2));
    expect(await members("all", [{ field: "orders", op: "between", value: { min: 1, max: 1 } }])).toEqual(expected((p) => p.bought.length === 1));
    expect(await members("all", [{ field: "orders", op: "lte", value: 0 }])).toEqual(expected((p) => p.bought.length === 0));
  });

  it("last order before / on or after a UTC day (no orders: neither)", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(await members("all", [{ field: "lastOrder", op: "before", value: "2025-02-01" }])).toEqual(expected((p) => p.key === "ann"));
    expect(await members("all", [{ field: "lastOrder", op: "after", value: today }])).toEqual(expected((p) => p.bought.length > 0 && p.key !== "ann"));
  });

  it("products bought, by handle or id: any, all, none", async () => {
    const bought = (p: Person, x: "A" | "B") => p.bought.includes(x);
    expect(await members("all", [{ field: "productsBought", op: "any", value: [product.A.handle] }])).toEqual(expected((p) => bought(p, "A")));
    expect(await members("all", [{ field: "productsBought", op: "all", value: [product.A.id, product.B.handle] }])).toEqual(expected((p) => bought(p, "A") && bought(p, "B")));
    expect(await members("all", [{ field: "productsBought", op: "none", value: [product.B.id] }])).toEqual(expected((p) => !bought(p, "B")));
  });

  it("collections bought (a product of the collection in a paid order)", async () => {
    expect(await members("all", [{ field: "collectionsBought", op: "any", value: [collectionOfA.handle] }])).toEqual(expected((p) => p.bought.includes("A")));
    expect(await members("all", [{ field: "collectionsBought", op: "none", value: [collectionOfA.id] }])).toEqual(expected((p) => !p.bought.includes("A")));
  });

  it("tags: has any, all, none", async () => {
    expect(await members("all", [{ field: "tags", op: "any", value: ["vip", "tea"] }])).toEqual(expected((p) => p.tags.includes("vip") || p.tags.includes("tea")));
    expect(await members("all", [{ field: "tags", op: "all", value: ["vip", "tea"] }])).toEqual(expected((p) => p.tags.includes("vip") && p.tags.includes("tea")));
    expect(await members("all", [{ field: "tags", op: "none", value: ["vip"] }])).toEqual(expected((p) => !p.tags.includes("vip")));
  });

  it("first-touch source and sign-up (first consent) source", async () => {
    expect(await members("all", [{ field: "source", op: "is", value: "import:shopify" }])).toEqual(expected((p) => p.source === "import:shopify"));
    expect(await members("all", [{ field: "signupSource", op: "is", value: "api" }])).toEqual(expected((p) => p.signupSource === "api"));
    expect(await members("all", [{ field: "signupSource", op: "is_not", value: "footer" }])).toEqual(expected((p) => p.signupSource !== "footer"));
  });

  it("available points range (pending points do not count)", async () => {
    expect(await members("all", [{ field: "points", op: "gte", value: 100 }])).toEqual(expected((p) => p.points >= 100));
    expect(await members("all", [{ field: "points", op: "between", value: { min: 1, max: 499 } }])).toEqual(expected((p) => p.points >= 1 && p.points <= 499));
  });

  it("referral activity: referred at least N friends (rejected ones not counted), was referred", async () => {
    expect(await members("all", [{ field: "referredFriends", op: "gte", value: 2 }])).toEqual(expected((p) => referredFriends(p) >= 2));
    expect(await members("all", [{ field: "referredFriends", op: "gte", value: 1 }])).toEqual(expected((p) => referredFriends(p) >= 1));
    expect(await members("all", [{ field: "wasReferred", op: "is", value: true }])).toEqual(expected(wasReferred));
    expect(await members("all", [{ field: "wasReferred", op: "is", value: false }])).toEqual(expected((p) => !wasReferred(p)));
  });

  it("all vs any: Gold AND de-de is ann alone; Gold OR Japan adds cat", async () => {
    const gold = { field: "tier", op: "is", value: tierIds.Gold };
    expect(await members("all", [gold, { field: "market", op: "is", value: "de-de" }])).toEqual(expected((p) => p.tier === "Gold" && p.market === "de-de"));
    expect(await members("all", [gold, { field: "market", op: "is", value: "de-de" }])).toEqual(["ann"]);
    expect(await members("any", [gold, { field: "country", op: "is", value: "JP" }])).toEqual(expected((p) => p.tier === "Gold" || p.market === "ja-jp"));
  });

  it("the sender's condition selects exactly the preview's members", async () => {
    const def = { match: "any" as const, rules: [{ field: "tags", op: "any", value: ["tea"] }, { field: "country", op: "is", value: "JP" }] as SegmentRule[] };
    expect(await countContactsWhere(await mailableContactsSql(def))).toBe((await previewSegment(def)).count);
    expect((await previewSegment(def)).count).toBe(expected((p) => p.tags.includes("tea") || p.market === "ja-jp").length);
  });

  it("the sender's walk: pages by id cover every member once", async () => {
    const seen: string[] = [];
    for await (const page of segmentContactPages({ match: "all", rules: [] }, 3)) seen.push(...page.map((c: { id: string }) => c.id));
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map((id) => [...ids].find(([, v]) => v === id)![0]).sort()).toEqual(expected(() => true));
  });
});

describe("the suppression hash in SQL", () => {
  // app/modules/mail/suppressions.server.ts stores sha256 hex of trim → NFC → lower case; the database must compute the same.
  const node = (email: string) => createHash("sha256").update(email.trim().normalize("NFC").toLowerCase()).digest("hex");
  it.each(["plain@example.com", "  Mixed.Case+Tag@Example.COM ", "zoë@exämple.de", "zoe\u0308@example.de", "名前@例え.jp"])("%j hashes as node's crypto does", async (email) => {
    const [row] = rowsOf<{ h: string }>(await db.current.db.execute(sql`select ${emailHashSql(sql`${email}`)} as h`));
    expect(row!.h).toBe(node(email));
  });
});

describe("segments in the Admin API", () => {
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    for (const role of ["owner", "marketer", "support"] as const) tokens[role] = (await adminToken(role)).token;
  });
  async function call(role: string, method: string, path: string, body?: unknown) {
    const rest = path.slice(1);
    const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[role]}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
    return { status: r.status, json: (await r.json()) as any };
  }

  it("a marketer saves, counts, lists, changes and deletes a segment; every write is audited", async () => {
    const created = await call("marketer", "POST", "/segments", { name: "Gold members in de-de", match: "all", rules: [{ field: "tier", op: "is", value: tierIds.Gold }, { field: "market", op: "is", value: "de-de" }] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Gold members in de-de", match: "all", rules: [{ field: "tier" }, { field: "market", value: "de-de" }] });
    const id = created.json.id as string;
    expect((await call("marketer", "GET", "/segments")).json.nodes.map((s: { id: string }) => s.id)).toContain(id);
    expect((await call("marketer", "GET", `/segments/${id}/count`)).json).toEqual({ count: 1 });
    const contacts = await call("marketer", "GET", `/segments/${id}/contacts`);
    expect(contacts.status).toBe(200);
    expect(contacts.json).toMatchObject({ total: 1, page: 1, nodes: [{ id: ids.get("ann"), email: "ann@seg.example", country: "DE", language: "de", market: "de-de", tier: { id: tierIds.Gold, name: "Gold" } }] });

    const patched = await call("marketer", "PATCH", `/segments/${id}`, { match: "any" });
    expect(patched.status).toBe(200);
    expect((await call("marketer", "GET", `/segments/${id}/count`)).json.count).toBe(expected((p) => p.tier === "Gold" || p.market === "de-de").length);
    // Paged: 1 per page, page 2 is the second member in id order.
    const page2 = await call("marketer", "GET", `/segments/${id}/contacts?page=2&perPage=1`);
    expect(page2.json).toMatchObject({ page: 2, perPage: 1, total: 1 });
    expect(page2.json.nodes).toHaveLength(0);

    expect((await call("marketer", "DELETE", `/segments/${id}`)).json).toEqual({ id, deleted: true });
    expect((await call("marketer", "GET", `/segments/${id}/count`)).status).toBe(404);
    const audit = await listAuditLog({ entityId: id }, { limit: 10, offset: 0 });
    expect(audit.entries.map((a) => a.action).sort()).toEqual(["create:segments", "delete:segments", "update:segments"]);
  });

  it("paging walks every member: no rules, 2 per page", async () => {
    const created = await call("owner", "POST", "/segments", { name: "Everyone", match: "all", rules: [] });
    const first = await call("owner", "GET", `/segments/${created.json.id}/contacts?perPage=2`);
    const second = await call("owner", "GET", `/segments/${created.json.id}/contacts?perPage=2&page=2`);
    expect(first.json.total).toBe(4);
    expect([...first.json.nodes, ...second.json.nodes].map((c: { email: string }) => c.email).sort()).toEqual(expected(() => true).map(emailOf));
  });

  it("support may not read segments (read:segments is for marketers and owners)", async () => {
    expect((await call("support", "GET", "/segments")).status).toBe(403);
  });

  it.each([
    [{ name: "x", rules: [{ field: "shoeSize", op: "is", value: "42" }] }, "rules.0.field"],
    [{ name: "x", rules: [{ field: "country", op: "gte", value: "DE" }] }, "rules.0.op"],
    [{ name: "x", rules: [{ field: "country", op: "is", value: "Germany" }] }, "rules.0.value"],
    [{ name: "x", rules: [{ field: "orders", op: "between", value: 3 }] }, "rules.0.value"],
    [{ name: "x", rules: [{ field: "orders", op: "gte", value: { min: 1, max: 2 } }] }, "rules.0.value"],
    [{ name: "", rules: [] }, "name"],
    [{ name: "x", match: "most", rules: [] }, "match"],
    [{ name: "x", rules: [{ field: "tags", op: "any", value: [] }] }, "rules.0.value"],
    [{ name: "x", rules: [{ field: "lastOrder", op: "before", value: "15.01.2025" }] }, "rules.0.value"],
  ])("schema errors answer 400 naming the field: %j → %s", async (body, field) => {
    const r = await call("marketer", "POST", "/segments", body);
    expect(r.status).toBe(400);
    expect(r.json.error.field).toBe(field);
    expect(r.json.error.message.length).toBeGreaterThan(10);
  });

  it.each([
    [{ field: "market", op: "is", value: "xx-xx" }, /No market "xx-xx"/],
    [{ field: "tier", op: "is", value: "tier_nope" }, /No tier with id "tier_nope"/],
    [{ field: "spend", op: "gte", value: "10.001" }, /more decimals than USD/],
    [{ field: "spend", op: "between", value: { min: "50.00", max: "10.00" } }, /lower bound/],
    [{ field: "productsBought", op: "any", value: ["no-such-product"] }, /"no-such-product"/],
    [{ field: "collectionsBought", op: "any", value: ["no-such-collection"] }, /"no-such-collection"/],
  ])("definitions the store cannot match answer 400 on rules.1.value: %j", async (rule, message) => {
    const r = await call("marketer", "POST", "/segments", { name: "x", rules: [{ field: "tags", op: "any", value: ["vip"] }, rule] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "invalid_segment", field: "rules.1.value" });
    expect(r.json.error.message).toMatch(message);
  });

  it("POST /segments/preview counts an unsaved definition and shows its first members", async () => {
    const r = await call("marketer", "POST", "/segments/preview", { name: "draft", rules: [{ field: "tags", op: "any", value: ["tea"] }] });
    expect(r.status).toBe(200);
    expect(r.json.count).toBe(expected((p) => p.tags.includes("tea")).length);
    expect(r.json.contacts.map((c: { email: string }) => c.email).sort()).toEqual(expected((p) => p.tags.includes("tea")).map(emailOf));
  });
});

describe("npm run harbor -- segments", () => {
  it("segments list prints each segment's members now; segments count names an unknown id", async () => {
    const { segmentCommands } = await import("../../../scripts/cli/segments");
    const [list, count] = segmentCommands as [(typeof segmentCommands)[number], (typeof segmentCommands)[number]];
    const created = await db.current.db.transaction(async (tx) => (await import("./segments.server")).createSegment(tx, { name: "Tea lovers", match: "all", rules: [{ field: "tags", op: "any", value: ["tea"] }] }, "cli"));
    const out: string[] = [];
    await list.run({}, { out: (l) => out.push(l), err: () => {} });
    expect(out).toContain(`${created.result.id}\t${expected((p) => p.tags.includes("tea")).length}\tall\tTea lovers`);
    const counted: string[] = [];
    await count.run({ id: created.result.id }, { out: (l) => counted.push(l), err: () => {} });
    expect(counted).toEqual([String(expected((p) => p.tags.includes("tea")).length)]);
    await expect(count.run({ id: "seg_missing" }, { out: () => {}, err: () => {} })).rejects.toThrow(/no segment with id "seg_missing"/);
  });
});
