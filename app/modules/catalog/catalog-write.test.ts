import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLevelsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { applyRounding, convertMinor, parseRoundingRule } from "~/lib/money";
import { UserError } from "~/lib/errors";
import { getMarket, getStoreConfig, invalidateStoreConfig, setListingClaimTerms } from "../markets/markets.server";
import type { Db } from "~db/index";
import type { ProductInput } from "./catalog-input";
import { getProductByHandle, listProducts } from "./catalog.server";
import {
  deleteCollection,
  deleteProduct,
  loadProductRecord,
  previewMarketPrices,
  setStockLevel,
  setVariantPrices,
  updateProduct,
  upsertCollection,
  upsertProduct,
} from "./catalog-write.server";
import { productTranslationTable } from "./translations";
import { listCollectionsForAdmin, listProductsForAdmin } from "./catalog-admin.server";

const db = useTestDatabase();

function draft(n: string, extra: Partial<ProductInput> = {}): ProductInput {
  return {
    id: `prod_admin_${n}`,
    status: "draft",
    vendor: "Kiln & Loom",
    productType: "Tea bowl",
    tags: [],
    hsCode: "6912.00",
    countryOfOrigin: "CN",
    collections: [],
    translations: {
      en: { title: `Admin bowl ${n}`, handle: `admin-bowl-${n}`, description: "A hand-thrown bowl." },
      de: { title: `Admin-Schale ${n}`, handle: `admin-schale-${n}`, description: "Eine handgedrehte Schale." },
    },
    options: [],
    variants: [{ sku: `ADM-${n}`, options: {}, weightGrams: 320, prices: { USD: "24.00", JPY: "3600" }, stock: { "cn-sz": 5 } }],
    images: [],
    ...extra,
  };
}

async function userError(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof UserError)) throw new Error(`expected a UserError, got ${String(e)}`);
  return e;
}

const market = async (h: string) => (await getMarket(h))!;

describe("upsertProduct for the admin", () => {
  it("creates a draft with two translations, returns no 'before' and the stored record as 'after'", async () => {
    const r = await upsertProduct(draft("a"));
    expect(r.before).toBeNull();
    expect(r.after).toMatchObject({
      id: "prod_admin_a",
      status: "draft",
      publishedAt: null,
      translations: { en: { title: "Admin bowl a" }, de: { title: "Admin-Schale a" } },
      variants: [{ sku: "ADM-a", prices: { USD: "24.00", JPY: "3600" }, stock: { "cn-sz": 5 } }],
    });
    expect(Object.keys(r.after!.translations)).toEqual(["en", "de"]);
    // A draft is not on the storefront.
    expect((await getProductByHandle(await market("en-us"), "admin-bowl-a")).kind).toBe("missing");
  });

  it("publishing with a compliance warning is a 422 carrying the warnings; with confirm it is published", async () => {
    const input = draft("b", { status: "active", translations: { en: { title: "The best bowl", handle: "admin-bowl-b", description: "Cures insomnia." } } });
    const e = await userError(upsertProduct(input));
    expect(e.status).toBe(422);
    expect(e.code).toBe("listing_warnings");
    expect((e.details as { warnings: { field: string; code: string }[] }).warnings.map((w) => [w.field, w.code])).toEqual([
      ["translations.en.title", "superlative_claim"],
      ["translations.en.description", "medical_claim"],
    ]);
    expect(await loadProductRecord("prod_admin_b")).toBeNull();
    const r = await upsertProduct(input, { confirm: true });
    expect(r.after!.status).toBe("active");
    expect(r.warnings).toHaveLength(2);
    expect(r.after!.publishedAt).not.toBeNull();
  });

  it("a draft with warnings saves without confirmation and reports them", async () => {
    const r = await upsertProduct(draft("c", { hsCode: null }));
    expect(r.warnings.map((w) => w.code)).toEqual(["missing_hs_code"]);
  });

  it("the store's word list override takes part in the check", async () => {
    await setListingClaimTerms({ de: { superlative: ["Spitzenqualität"] } });
    try {
      const r = await upsertProduct(
        draft("d", { translations: { en: { title: "Bowl d", handle: "admin-bowl-d", description: "" }, de: { title: "Schale d", handle: "admin-schale-d", description: "Spitzenqualität, die beste Schale" } } }),
      );
      expect(r.warnings).toEqual([{ field: "translations.de.description", code: "superlative_claim", message: expect.stringContaining("Spitzenqualität") }]);
    } finally {
      await setListingClaimTerms({});
    }
  });

  it("published with a German translation and a JPY price, it shows on ja-jp at that price and in German on de-de", async () => {
    await upsertProduct(draft("e", { status: "active" }));
    const ja = await getProductByHandle(await market("ja-jp"), "admin-bowl-e");
    expect(ja.kind).toBe("found");
    if (ja.kind !== "found") return;
    expect(ja.product.variants[0]!.price).toEqual({ amount: 3600n, currency: "JPY" });
    const de = await getProductByHandle(await market("de-de"), "admin-schale-e");
    expect(de.kind === "found" && de.product.title).toBe("Admin-Schale e");
  });

  it("answers bad input with the field named: currency, price, compare-at, location, option, handle", async () => {
    const cases: [Partial<ProductInput>, string, string][] = [
      [{ variants: [{ sku: "X1", options: {}, weightGrams: 1, prices: { XYZ: "1.00" } }] }, "unsupported_currency", "variants.0.prices.XYZ"],
      [{ variants: [{ sku: "X1", options: {}, weightGrams: 1, prices: { JPY: "10.5" } }] }, "invalid_price", "variants.0.prices.JPY"],
      [{ variants: [{ sku: "X1", options: {}, weightGrams: 1, prices: { USD: "10.00" }, compareAt: { USD: "9.00" } }] }, "invalid_compare_at", "variants.0.compareAt.USD"],
      [{ variants: [{ sku: "X1", options: {}, weightGrams: 1, prices: {}, stock: { mars: 1 } }] }, "unknown_location", "variants.0.stock.mars"],
      [{ variants: [{ sku: "X1", options: { size: "xl" }, weightGrams: 1, prices: {} }] }, "unknown_option_value", "variants.0.options.size"],
      [{ translations: { en: { title: "T", handle: "Not A Handle", description: "" } } }, "invalid_handle", "translations.en.handle"],
      [{ translations: { de: { title: "T", handle: "nur-deutsch", description: "" } } }, "translation_required", "translations.en"],
    ];
    for (const [extra, code, field] of cases) {
      const e = await userError(upsertProduct(draft("bad", extra)));
      expect([e.status, e.code, e.field], code).toEqual([400, code, field]);
    }
  });

  it("refuses another product's handle or SKU with 409", async () => {
    await upsertProduct(draft("f"));
    const handle = await userError(upsertProduct(draft("g", { translations: { en: { title: "G", handle: "admin-bowl-f", description: "" } } })));
    expect([handle.status, handle.code, handle.field]).toEqual([409, "handle_taken", "translations.en.handle"]);
    const sku = await userError(upsertProduct(draft("g", { variants: [{ sku: "ADM-f", options: {}, weightGrams: 1, prices: {} }] })));
    expect([sku.status, sku.code]).toEqual([409, "sku_taken"]);
  });

  it("keeps reserved units: on hand cannot go below them, a reserved variant cannot be dropped", async () => {
    await upsertProduct(draft("h"));
    await db.current.db.update(inventoryLevelsTable).set({ reserved: 3 }).where(and(eq(inventoryLevelsTable.variantId, "var_adm_h")));
    const below = await userError(updateProduct("prod_admin_h", { variants: [{ sku: "ADM-h", options: {}, weightGrams: 320, prices: { USD: "24.00" }, stock: { "cn-sz": 2 } }] }));
    expect([below.status, below.code]).toEqual([409, "stock_below_reserved"]);
    const dropped = await userError(updateProduct("prod_admin_h", { variants: [{ sku: "ADM-h2", options: {}, weightGrams: 320, prices: { USD: "24.00" } }] }));
    expect([dropped.status, dropped.code]).toEqual([409, "variant_reserved"]);
    // An edit that names no stock keeps on hand and reserved as they are.
    const r = await updateProduct("prod_admin_h", { vendor: "Other" });
    expect(r.before!.vendor).toBe("Kiln & Loom");
    expect(r.after!.variants[0]).toMatchObject({ stock: { "cn-sz": 5 }, reserved: { "cn-sz": 3 } });
    expect((await userError(deleteProduct("prod_admin_h"))).code).toBe("product_reserved");
  });

  it("updateProduct merges translations (null removes one) and keeps the rest", async () => {
    await upsertProduct(draft("i"));
    const r = await updateProduct("prod_admin_i", { translations: { de: null, ja: { title: "管理の茶碗", handle: "kanri-chawan-i", description: "" } } });
    expect(Object.keys(r.after!.translations).sort()).toEqual(["en", "ja"]);
    expect(r.after!.variants[0]!.prices).toEqual({ USD: "24.00", JPY: "3600" });
    expect((await userError(updateProduct("prod_nope", {}))).status).toBe(404);
  });

  it("deletes a product and returns what it was", async () => {
    await upsertProduct(draft("j"));
    const r = await deleteProduct("prod_admin_j");
    expect(r.before!.id).toBe("prod_admin_j");
    expect(r.after).toBeNull();
    expect(await loadProductRecord("prod_admin_j")).toBeNull();
  });
});

describe("writes inside a caller's transaction (the audit log writes its row in the same one)", () => {
  it("complete on the embedded database with a cold store cache, and roll back with the caller", async () => {
    invalidateStoreConfig();
    const r = await db.current.db.transaction(async (tx) => {
      const created = await upsertProduct(draft("tx", { status: "active" }), { db: tx as unknown as Db });
      await setVariantPrices("prod_admin_tx", "var_adm_tx", { USD: { amount: "25.00", compareAt: null } }, tx as unknown as Db);
      await setStockLevel("var_adm_tx", "us-lax", 4, tx as unknown as Db);
      return created;
    });
    expect(r.after!.status).toBe("active");
    expect((await loadProductRecord("prod_admin_tx"))!.variants[0]).toMatchObject({ prices: { USD: "25.00" }, stock: { "cn-sz": 5, "us-lax": 4 } });

    const rollback = new Error("caller gave up");
    await expect(
      db.current.db.transaction(async (tx) => {
        await upsertProduct(draft("rb"), { db: tx as unknown as Db });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await loadProductRecord("prod_admin_rb")).toBeNull();
  });
});

describe("prices, market preview and stock", () => {
  it("previews each market: explicit prices win, other currencies are converted with the FX rate and the market's rounding rule", async () => {
    await upsertProduct(draft("k"));
    const preview = await previewMarketPrices("prod_admin_k");
    const config = await getStoreConfig();
    const byMarket = new Map(preview.map((p) => [p.market, p.variants[0]!]));
    expect(byMarket.get("ja-jp")).toMatchObject({ price: { amount: 3600n, currency: "JPY" }, source: "list" });
    expect(byMarket.get("en-us")).toMatchObject({ price: { amount: 2400n, currency: "USD" }, source: "list" });
    const de = config.byHandle.get("de-de")!;
    const expected = applyRounding(convertMinor(2400n, "USD", "EUR", config.fxRates.get("EUR")!), parseRoundingRule(de.roundingRule), "EUR");
    expect(byMarket.get("de-de")).toMatchObject({ price: { amount: expected, currency: "EUR" }, source: "converted" });
    // A draft form's prices are previewed without being saved.
    const unsaved = await previewMarketPrices("prod_admin_k", [{ sku: "ADM-k", prices: { USD: "30.00" } }]);
    expect(unsaved.find((p) => p.market === "ja-jp")!.variants[0]!.source).toBe("converted");
    expect((await loadProductRecord("prod_admin_k"))!.variants[0]!.prices.JPY).toBe("3600");
  });

  it("setVariantPrices replaces a variant's prices and the storefront follows", async () => {
    await upsertProduct(draft("l", { status: "active" }));
    const r = await setVariantPrices("prod_admin_l", "var_adm_l", { USD: { amount: "20.00", compareAt: "28.00" }, JPY: { amount: "3000", compareAt: null } });
    expect(r.before).toEqual({ USD: { amount: "24.00", compareAt: null }, JPY: { amount: "3600", compareAt: null } });
    expect(r.after).toEqual({ USD: { amount: "20.00", compareAt: "28.00" }, JPY: { amount: "3000", compareAt: null } });
    const found = await getProductByHandle(await market("ja-jp"), "admin-bowl-l");
    expect(found.kind === "found" && found.product.variants[0]!.price.amount).toBe(3000n);
    expect((await userError(setVariantPrices("prod_admin_l", "var_other", {}))).status).toBe(404);
  });

  it("setStockLevel sets units at one location and refuses going below reserved", async () => {
    await upsertProduct(draft("m"));
    const r = await setStockLevel("var_adm_m", "de-fra", 7);
    expect(r.before).toEqual({ onHand: 0, reserved: 0 });
    expect(r.after).toEqual({ onHand: 7, reserved: 0 });
    expect((await userError(setStockLevel("var_adm_m", "nowhere", 1))).status).toBe(404);
    expect((await userError(setStockLevel("var_adm_m", "de-fra", -1))).status).toBe(400);
  });
});

describe("collections and translations", () => {
  it("creates a collection with products, and deleting it leaves the products", async () => {
    await upsertProduct(draft("n", { status: "active" }));
    const r = await upsertCollection({ id: "col_admin", translations: { en: { title: "Admin picks", handle: "admin-picks", description: "" } }, productIds: ["prod_admin_n"] });
    expect(r.before).toBeNull();
    expect(r.after).toMatchObject({ id: "col_admin", productIds: ["prod_admin_n"] });
    const listed = await listProducts({ market: await market("en-us"), collectionId: "col_admin", sort: "featured", limit: 10, offset: 0 });
    expect(listed.items.map((i) => i.id)).toEqual(["prod_admin_n"]);
    const bad = await userError(upsertCollection({ id: "col_admin", translations: { en: { title: "X", handle: "admin-picks", description: "" } }, productIds: ["prod_nope"] }));
    expect([bad.code, bad.field]).toEqual(["unknown_product", "productIds"]);
    const del = await deleteCollection("col_admin");
    expect(del.before!.productIds).toEqual(["prod_admin_n"]);
    expect(await loadProductRecord("prod_admin_n")).not.toBeNull();
  });

  it("lists translations side by side and flags the languages missing a title or description", async () => {
    await upsertProduct(draft("o", { translations: { en: { title: "Bowl o", handle: "admin-bowl-o", description: "Glazed." }, de: { title: "Schale o", handle: "admin-schale-o", description: "" } } }));
    const table = productTranslationTable((await loadProductRecord("prod_admin_o"))!.translations);
    const title = table.rows.find((r) => r.field === "title")!;
    expect(title.values.en).toBe("Bowl o");
    expect(title.missing).toEqual(["fr", "es", "ja", "pt", "ar"]);
    expect(table.rows.find((r) => r.field === "description")!.missing).toEqual(["fr", "de", "es", "ja", "pt", "ar"]);
    expect(table.untranslated).toEqual(["fr", "es", "ja", "pt", "ar"]);
  });
});

describe("the admin product table", () => {
  it("lists drafts too, filters by status, collection and search (title in any language or SKU), sorts and pages", async () => {
    await upsertProduct(draft("p1", { translations: { en: { title: "Zz admin alpha", handle: "zz-admin-alpha", description: "" }, ja: { title: "管理アルファ", handle: "kanri-alpha", description: "" } } }));
    await upsertProduct(draft("p2", { status: "active", translations: { en: { title: "Zz admin beta", handle: "zz-admin-beta", description: "" } } }));
    await upsertCollection({ id: "col_admin_list", translations: { en: { title: "Admin list", handle: "admin-list", description: "" } }, productIds: ["prod_admin_p2"] });

    const base = { sort: "title", direction: "asc", limit: 50, offset: 0 } as const;
    expect((await listProductsForAdmin({ ...base, q: "zz admin" })).items.map((i) => [i.id, i.status, i.variants])).toEqual([
      ["prod_admin_p1", "draft", 1],
      ["prod_admin_p2", "active", 1],
    ]);
    expect((await listProductsForAdmin({ ...base, q: "zz admin", direction: "desc" })).items.map((i) => i.id)).toEqual(["prod_admin_p2", "prod_admin_p1"]);
    expect((await listProductsForAdmin({ ...base, q: "アルファ" })).items.map((i) => i.id)).toEqual(["prod_admin_p1"]);
    expect((await listProductsForAdmin({ ...base, q: "adm-p2" })).items.map((i) => i.id)).toEqual(["prod_admin_p2"]);
    expect((await listProductsForAdmin({ ...base, q: "zz admin", status: "draft" })).items.map((i) => i.id)).toEqual(["prod_admin_p1"]);
    expect((await listProductsForAdmin({ ...base, collectionId: "col_admin_list" })).items.map((i) => i.id)).toEqual(["prod_admin_p2"]);
    // A literal % is searched for, not a wildcard.
    expect((await listProductsForAdmin({ ...base, q: "%" })).total).toBe(0);
    const page = await listProductsForAdmin({ ...base, limit: 5, offset: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(10);
    expect((await listCollectionsForAdmin()).find((c) => c.id === "col_admin_list")).toEqual({ id: "col_admin_list", title: "Admin list", handle: "admin-list", products: 1 });
  });
});
