/**
 * The Admin API's catalog operations end to end (issue #9, Catalog): bearer token of the catalog
 * role, the listing check's warnings on POST and PATCH, audit entries with before and after.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { listAuditLog } from "~/modules/staff/audit.server";
import { adminToken, TEST_ORIGIN } from "./staff-helpers";

useTestDatabase();

let token = "";
beforeAll(async () => {
  token = (await adminToken("catalog")).token;
}, 60_000);

async function call(method: string, path: string, body?: unknown) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
  return { status: r.status, json: (await r.json()) as any };
}

const product = (n: string, extra: Record<string, unknown> = {}) => ({
  status: "active",
  hsCode: "6912.00",
  countryOfOrigin: "JP",
  translations: {
    en: { title: `API bowl ${n}`, handle: `api-bowl-${n}` },
    de: { title: `API-Schale ${n}`, handle: `api-schale-${n}` },
  },
  variants: [{ sku: `API-${n}`, weightGrams: 300, prices: { USD: "24.00", JPY: "3600" }, stock: { "cn-sz": 4 } }],
  ...extra,
});

describe("Admin API: products", () => {
  it("creates a product with a German translation and a JPY price: 201 with no warnings, audited with the state after", async () => {
    const r = await call("POST", "/products", product("a"));
    expect(r.status).toBe(201);
    expect(r.json.warnings).toEqual([]);
    expect(r.json.product).toMatchObject({ status: "active", translations: { de: { title: "API-Schale a" } }, variants: [{ prices: { JPY: "3600" }, stock: { "cn-sz": 4 } }] });
    const { entries } = await listAuditLog({ entityId: r.json.product.id }, { limit: 5, offset: 0 });
    expect(entries.map((e) => [e.action, e.via, e.before])).toEqual([["create:products", "api", null]]);
    expect(entries[0]!.after).toMatchObject({ id: r.json.product.id, status: "active" });

    const preview = await call("GET", `/products/${r.json.product.id}/market-prices`);
    const ja = preview.json.markets.find((m: { market: string }) => m.market === "ja-jp");
    expect(ja.variants[0]).toMatchObject({ price: { amount: "3600", currencyCode: "JPY" }, source: "list" });
  });

  it("publishing a medical claim is a 422 with the warnings; with confirm it is created and returns them", async () => {
    // Directive 2005/29/EC Annex I point 17: claiming a product cures illnesses.
    const body = product("b", { translations: { en: { title: "API bowl b", handle: "api-bowl-b", description: "Heals sore throats." } } });
    const refused = await call("POST", "/products", body);
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("listing_warnings");
    expect(refused.json.error.details.warnings).toEqual([{ field: "translations.en.description", code: "medical_claim", message: expect.stringContaining("Annex I point 17") }]);
    const created = await call("POST", "/products", { ...body, confirm: true });
    expect(created.status).toBe(201);
    expect(created.json.warnings.map((w: { code: string }) => w.code)).toEqual(["medical_claim"]);
  });

  it("names the field of bad input and answers conflicts with 409", async () => {
    const bad = await call("POST", "/products", product("c", { variants: [{ sku: "API-c", prices: { JPY: "10.5" } }] }));
    expect([bad.status, bad.json.error.code, bad.json.error.field]).toEqual([400, "invalid_price", "variants.0.prices.JPY"]);
    const noEnglish = await call("POST", "/products", product("c", { translations: { de: { title: "Nur deutsch", handle: "nur-deutsch" } } }));
    expect([noEnglish.status, noEnglish.json.error.field]).toEqual([400, "translations.en"]);
    const taken = await call("POST", "/products", product("a"));
    expect([taken.status, taken.json.error.code]).toEqual([409, "handle_taken"]);
  });

  it("reads, patches (warnings again), sets prices and stock, deletes; each write audited", async () => {
    const { json } = await call("POST", "/products", product("d"));
    const id = json.product.id as string;
    const variantId = json.product.variants[0].id as string;

    const read = await call("GET", `/products/${id}`);
    expect(read.status).toBe(200);
    expect(read.json.missingTranslations.title).toEqual(["fr", "es", "ja", "pt", "ar"]);

    const patched = await call("PATCH", `/products/${id}`, { hsCode: null, status: "draft" });
    expect(patched.status).toBe(200);
    expect(patched.json.product.status).toBe("draft");
    expect(patched.json.warnings.map((w: { code: string }) => w.code)).toEqual(["missing_hs_code"]);

    const prices = await call("PUT", `/products/${id}/variants/${variantId}/prices`, { prices: { USD: { amount: "20.00", compareAt: "26.00" } } });
    expect(prices.json).toEqual({ variantId, prices: { USD: { amount: "20.00", compareAt: "26.00" } } });
    const stock = await call("PUT", `/inventory/${variantId}/us-lax`, { onHand: 9 });
    expect(stock.json).toEqual({ variantId, location: "us-lax", onHand: 9, reserved: 0 });
    expect((await call("PUT", `/inventory/${variantId}/nowhere`, { onHand: 1 })).status).toBe(404);

    expect((await call("DELETE", `/products/${id}`)).json).toEqual({ id, deleted: true });
    expect((await call("GET", `/products/${id}`)).status).toBe(404);

    const actions = (await listAuditLog({}, { limit: 50, offset: 0 })).entries.filter((e) => e.entityId === id || e.entityId === variantId || e.entityId === `${variantId}@us-lax`).map((e) => e.action);
    expect(actions.sort()).toEqual(["create:products", "delete:products", "update:inventory", "update:prices", "update:products"]);
  });

  it("lists products with filters and paging", async () => {
    const r = await call("GET", "/products?q=API%20bowl&status=active&sort=title&dir=asc&perPage=2");
    expect(r.status).toBe(200);
    expect(r.json.nodes.map((n: { title: string }) => n.title)).toEqual(["API bowl a", "API bowl b"]);
    expect(r.json.perPage).toBe(2);
  });
});

describe("Admin API: collections", () => {
  it("creates, changes and deletes a collection", async () => {
    const created = await call("POST", "/collections", { translations: { en: { title: "API picks", handle: "api-picks" } } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const list = await call("GET", "/products?q=API%20bowl%20a");
    const changed = await call("PATCH", `/collections/${id}`, { translations: { en: { title: "API picks", handle: "api-picks" }, de: { title: "API-Auswahl", handle: "api-auswahl" } }, productIds: [list.json.nodes[0].id] });
    expect(changed.json).toMatchObject({ translations: { de: { title: "API-Auswahl" } }, productIds: [list.json.nodes[0].id] });
    expect((await call("GET", "/collections")).json.nodes).toContainEqual({ id, title: "API picks", handle: "api-picks", products: 1 });
    expect((await call("DELETE", `/collections/${id}`)).status).toBe(200);
    expect((await call("PATCH", `/collections/${id}`, { translations: { en: { title: "X", handle: "x" } } })).status).toBe(404);
  });
});
