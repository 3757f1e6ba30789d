import type { LoaderFunctionArgs } from "@remix-run/node";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "~db/testing";
import { action as productsAction, loader as productsLoader } from "~/routes/api.v1.products";
import { loader as productLoader } from "~/routes/api.v1.products.$handle";
import { loader as marketsLoader } from "~/routes/api.v1.markets";
import { loader as collectionsLoader } from "~/routes/api.v1.collections";
import { loader as openapiLoader } from "~/routes/api.v1.openapi";
import { loader as notFoundLoader } from "~/routes/api.$";
import { encodeCursor } from "./api.schema";
import { getStoreConfig } from "../markets/markets.server";

// getEnv() parses once; set the CORS allow-list before anything reads the environment.
const env = vi.hoisted(() => {
  const previous = process.env.STOREFRONT_API_ORIGINS;
  process.env.STOREFRONT_API_ORIGINS = "https://shop.example.com, https://app.example.com/";
  return { previous };
});
afterAll(() => {
  if (env.previous === undefined) delete process.env.STOREFRONT_API_ORIGINS;
  else process.env.STOREFRONT_API_ORIGINS = env.previous;
});

useTestDatabase();

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(
  loader: Loader,
  path: string,
  opts: { params?: Record<string, string>; headers?: Record<string, string>; method?: string } = {},
): Promise<{ res: Response; body: Json }> {
  const request = new Request(`http://localhost${path}`, { method: opts.method ?? "GET", headers: opts.headers });
  const res = await loader({ request, params: opts.params ?? {}, context: {} });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : null };
}

const CATALOG_CACHE = "public, max-age=60, s-maxage=300";
const DECIMALS: Record<string, RegExp> = { EUR: /^\d+\.\d{2}$/, USD: /^\d+\.\d{2}$/, JPY: /^\d+$/, KWD: /^\d+\.\d{3}$/ };

/** Minor units of a MoneyV2 amount, for exact comparisons. */
const minor = (m: { amount: string }) => BigInt(m.amount.replace(".", ""));

async function allProducts(market: string, extra = "", first = 7) {
  const ids: string[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const qs: string = `market=${market}&first=${first}${extra}${after ? `&after=${after}` : ""}`;
    const { res, body } = await call(productsLoader, `/api/v1/products?${qs}`);
    expect(res.status).toBe(200);
    ids.push(...body.nodes.map((n: Json) => n.id));
    totals.add(body.pageInfo.totalCount);
    pages++;
    if (!body.pageInfo.hasNextPage) break;
    expect(body.nodes).toHaveLength(first);
    after = body.pageInfo.endCursor;
    expect(after).toBeTruthy();
    if (pages > 50) throw new Error("paging does not end");
  }
  return { ids, totals, pages };
}

describe("GET /api/v1/markets", () => {
  it("lists every enabled market with currency, tax display, units and ship-to countries", async () => {
    const { res, body } = await call(marketsLoader, "/api/v1/markets");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json");
    expect(res.headers.get("Cache-Control")).toBe(CATALOG_CACHE);
    const config = await getStoreConfig();
    expect(body.markets.map((m: Json) => m.handle)).toEqual(config.markets.map((m) => m.handle));
    const de = body.markets.find((m: Json) => m.handle === "de-de");
    expect(de).toEqual({
      handle: "de-de",
      name: "Deutschland",
      language: "de",
      country: "DE",
      currency: "EUR",
      taxDisplay: "inclusive",
      units: "metric",
      shipTo: expect.arrayContaining(["DE"]),
    });
    expect(body.markets.find((m: Json) => m.handle === "en-us")).toMatchObject({ currency: "USD", taxDisplay: "exclusive", units: "imperial" });
  });
});

describe("GET /api/v1/collections", () => {
  it("lists collections localized for the market, with absolute image URLs", async () => {
    const de = await call(collectionsLoader, "/api/v1/collections?market=de-de");
    const en = await call(collectionsLoader, "/api/v1/collections?market=en-us");
    expect(de.res.status).toBe(200);
    expect(de.res.headers.get("Cache-Control")).toBe(CATALOG_CACHE);
    expect(de.body.collections.length).toBeGreaterThan(0);
    expect(de.body.collections.map((c: Json) => c.id)).toEqual(en.body.collections.map((c: Json) => c.id));
    const teaDe = de.body.collections.find((c: Json) => c.handle === "teegeschirr");
    const teaEn = en.body.collections.find((c: Json) => c.handle === "tea-ware");
    expect(teaDe.id).toBe(teaEn.id);
    expect(teaDe.title).toBe("Teegeschirr");
    expect(teaDe.alternates).toContainEqual({ market: "en-us", handle: "tea-ware" });
    for (const c of de.body.collections) if (c.imageUrl) expect(c.imageUrl).toMatch(/^http:\/\/localhost\//);
  });

  it("requires a known market", async () => {
    const { res, body } = await call(collectionsLoader, "/api/v1/collections");
    expect(res.status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_parameter", field: "market" });
    expect(body.error.message).toContain("de-de");
  });
});

describe("GET /api/v1/products", () => {
  it("pages with first/after to the end: every product once, totalCount stable", async () => {
    const { ids, totals, pages } = await allProducts("en-us");
    expect(totals.size).toBe(1);
    const [total] = [...totals];
    expect(total).toBeGreaterThan(7);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
    expect(pages).toBe(Math.ceil(total! / 7));
  });

  it("returns an empty last page past the end and a default page size of 20", async () => {
    const first = await call(productsLoader, "/api/v1/products?market=de-de");
    expect(first.body.nodes).toHaveLength(Math.min(20, first.body.pageInfo.totalCount));
    const past = await call(productsLoader, `/api/v1/products?market=de-de&after=${encodeCursor(first.body.pageInfo.totalCount + 5)}`);
    expect(past.res.status).toBe(200);
    expect(past.body.nodes).toEqual([]);
    expect(past.body.pageInfo).toEqual({ hasNextPage: false, endCursor: null, totalCount: first.body.pageInfo.totalCount });
  });

  it("summarizes products with MoneyV2 prices in the market currency", async () => {
    for (const [market, currency] of [["de-de", "EUR"], ["ja-jp", "JPY"], ["ar-kw", "KWD"], ["en-us", "USD"]] as const) {
      const { body } = await call(productsLoader, `/api/v1/products?market=${market}&first=50`);
      expect(body.nodes.length).toBeGreaterThan(0);
      for (const n of body.nodes) {
        for (const m of [n.priceRange.minVariantPrice, n.priceRange.maxVariantPrice, ...(n.compareAtPrice ? [n.compareAtPrice] : [])]) {
          expect(m.currencyCode).toBe(currency);
          expect(m.amount).toMatch(DECIMALS[currency]!);
        }
        expect(minor(n.priceRange.minVariantPrice)).toBeLessThanOrEqual(minor(n.priceRange.maxVariantPrice));
        expect(typeof n.availableForSale).toBe("boolean");
        if (n.featuredImage) expect(n.featuredImage.url).toMatch(/^http:\/\/localhost\//);
      }
    }
  });

  it("searches with q in the market's language and defaults to relevance", async () => {
    const de = await call(productsLoader, "/api/v1/products?market=de-de&q=Teekanne");
    expect(de.res.status).toBe(200);
    expect(de.body.pageInfo.totalCount).toBeGreaterThan(0);
    expect(de.body.nodes[0].title).toMatch(/Teekanne/i);
    const en = await call(productsLoader, "/api/v1/products?market=en-us&q=teapot&sort=relevance");
    expect(en.body.nodes.length).toBeGreaterThan(0);
    const all = await call(productsLoader, "/api/v1/products?market=en-us&first=1");
    expect(en.body.pageInfo.totalCount).toBeLessThan(all.body.pageInfo.totalCount);
    const none = await call(productsLoader, "/api/v1/products?market=en-us&q=zzqxvbnm");
    expect(none.body).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null, totalCount: 0 } });
    const syntax = await call(productsLoader, `/api/v1/products?market=en-us&q=${encodeURIComponent("tea & (pot | ! 'x 100%_off\\")}`);
    expect(syntax.res.status).toBe(200);
  });

  it("filters by collection handle, in the market's language or another", async () => {
    const all = await call(productsLoader, "/api/v1/products?market=de-de&first=1");
    const de = await allProducts("de-de", "&collection=teegeschirr", 10);
    const total = [...de.totals][0]!;
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(all.body.pageInfo.totalCount);
    expect(new Set(de.ids).size).toBe(total);
    // The English handle of the same collection gives the same products in the German market.
    const en = await allProducts("de-de", "&collection=tea-ware", 10);
    expect(en.ids).toEqual(de.ids);
  });

  it("404s for an unknown collection, naming the field", async () => {
    const { res, body } = await call(productsLoader, "/api/v1/products?market=de-de&collection=no-such-thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/json");
    expect(body.error).toMatchObject({ code: "not_found", field: "collection" });
    expect(body.error.message).toContain("no-such-thing");
  });

  it("sorts price-asc non-decreasing and price-desc non-increasing", async () => {
    const asc = await call(productsLoader, "/api/v1/products?market=ja-jp&sort=price-asc&first=100");
    const a = asc.body.nodes.map((n: Json) => minor(n.priceRange.minVariantPrice));
    expect(a.length).toBe(asc.body.pageInfo.totalCount);
    for (let i = 1; i < a.length; i++) expect(a[i] >= a[i - 1]).toBe(true);
    const desc = await call(productsLoader, "/api/v1/products?market=de-de&sort=price-desc&first=100");
    const d = desc.body.nodes.map((n: Json) => minor(n.priceRange.minVariantPrice));
    for (let i = 1; i < d.length; i++) expect(d[i] <= d[i - 1]).toBe(true);
  });

  it("rejects bad parameters with 400 naming each field", async () => {
    const cases: [string, string, RegExp][] = [
      ["market=xx-xx", "market", /unknown market "xx-xx".*de-de.*/],
      ["market=DE", "market", /market handle like de-de; use one of: .*en-us/],
      ["first=5", "market", /is required; use one of: .*ja-jp/],
      ["market=de-de&first=0", "first", /^first: must be between 1 and 100$/],
      ["market=de-de&first=101", "first", /^first: must be between 1 and 100$/],
      ["market=de-de&first=ten", "first", /^first: must be a whole number between 1 and 100$/],
      ["market=de-de&first=2.5", "first", /^first: must be a whole number between 1 and 100$/],
      ["market=de-de&after=not-a-cursor!", "after", /^after: is not a valid cursor/],
      [`market=de-de&after=${Buffer.from("hello").toString("base64url")}`, "after", /^after: is not a valid cursor/],
      [`market=de-de&after=${Buffer.from('{"offset":-3}').toString("base64url")}`, "after", /^after: is not a valid cursor/],
      ["market=de-de&sort=cheapest", "sort", /^sort: must be one of featured, best-selling, newest, price-asc, price-desc, relevance$/],
      ["market=de-de&sort=relevance", "sort", /^sort: relevance needs a search query \(q\)/],
      ["market=de-de&collection=Tea%20Ware", "collection", /^collection: must be a collection handle/],
      ["market=de-de&q=tea%00pot", "q", /^q: must not contain control characters$/],
      [`market=de-de&q=${"x".repeat(201)}`, "q", /^q: must be at most 200 characters$/],
    ];
    for (const [qs, field, message] of cases) {
      const { res, body } = await call(productsLoader, `/api/v1/products?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("application/json");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(body.error.code, qs).toBe("invalid_parameter");
      expect(body.error.field, qs).toBe(field);
      expect(body.error.message, qs).toMatch(message);
      expect(body.error.details.issues[0].field, qs).toBe(field);
    }
  });

  it("reports every bad parameter at once", async () => {
    const { res, body } = await call(productsLoader, "/api/v1/products?market=zz-zz&first=0&sort=nope");
    expect(res.status).toBe(400);
    expect(body.error.details.issues.map((i: Json) => i.field).sort()).toEqual(["first", "market", "sort"]);
    expect(body.error.field).toBe("market");
  });

  it("answers other methods with a 405 JSON error and Allow (RFC 9110 §15.5.6)", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const request = new Request("http://localhost/api/v1/products?market=de-de", { method });
      const res = await productsAction({ request, params: {}, context: {} });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.headers.get("Content-Type")).toBe("application/json");
      expect((await res.json()).error).toMatchObject({ code: "method_not_allowed", message: expect.stringContaining(method) });
    }
  });

  it("answers HEAD like GET", async () => {
    const { res } = await call(productsLoader, "/api/v1/products?market=de-de&first=1", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe(CATALOG_CACHE);
  });
});

describe("GET /api/v1/products/{handle}", () => {
  async function firstHandle(market: string) {
    const { body } = await call(productsLoader, `/api/v1/products?market=${market}&first=1&sort=best-selling`);
    return body.nodes[0].handle as string;
  }

  it("returns the full product priced in EUR with two decimals", async () => {
    const handle = await firstHandle("de-de");
    const { res, body } = await call(productLoader, `/api/v1/products/${handle}?market=de-de`, { params: { handle } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe(CATALOG_CACHE);
    expect(body.handle).toBe(handle);
    expect(body.variants.length).toBeGreaterThan(0);
    expect(body.options.length).toBeGreaterThan(0);
    expect(body.seo.title).toBeTruthy();
    expect(body.alternates).toContainEqual({ market: "de-de", handle });
    for (const v of body.variants) {
      expect(v.price.currencyCode).toBe("EUR");
      expect(v.price.amount).toMatch(/^\d+\.\d{2}$/);
      expect(v.availableForSale).toBe(v.quantityAvailable > 0);
      expect(v.weight.unit).toBe("GRAMS");
      for (const o of body.options) expect(o.values.map((x: Json) => x.code)).toContain(v.selectedOptions[o.code]);
    }
    const prices = body.variants.map((v: Json) => minor(v.price));
    const min = prices.reduce((a: bigint, b: bigint) => (b < a ? b : a));
    expect(minor(body.priceRange.minVariantPrice)).toBe(min);
    expect(body.availableForSale).toBe(body.variants.some((v: Json) => v.availableForSale));
  });

  it("uses the currency's ISO decimals: JPY none, KWD three", async () => {
    for (const [market, re] of [["ja-jp", /^\d+$/], ["ar-kw", /^\d+\.\d{3}$/]] as const) {
      const handle = await firstHandle(market);
      const { res, body } = await call(productLoader, `/api/v1/products/${handle}?market=${market}`, { params: { handle } });
      expect(res.status).toBe(200);
      for (const v of body.variants) expect(v.price.amount).toMatch(re);
      expect(body.priceRange.minVariantPrice.amount).toMatch(re);
    }
  });

  it("reports weights in ounces for an imperial market", async () => {
    const handle = await firstHandle("en-us");
    const { body } = await call(productLoader, `/api/v1/products/${handle}?market=en-us`, { params: { handle } });
    expect(body.variants[0].weight.unit).toBe("OUNCES");
    expect(body.variants[0].price.currencyCode).toBe("USD");
  });

  it("accepts a handle from another language and answers with the canonical product (no redirect)", async () => {
    const enHandle = await firstHandle("en-us");
    const en = await call(productLoader, `/api/v1/products/${enHandle}?market=en-us`, { params: { handle: enHandle } });
    const deHandle = en.body.alternates.find((a: Json) => a.market === "de-de").handle;
    expect(deHandle).not.toBe(enHandle);
    const { res, body } = await call(productLoader, `/api/v1/products/${enHandle}?market=de-de`, { params: { handle: enHandle } });
    expect(res.status).toBe(200);
    expect(body.id).toBe(en.body.id);
    expect(body.handle).toBe(deHandle);
    expect(body.variants[0].price.currencyCode).toBe("EUR");
  });

  it("404s for an unknown or malformed handle, 400s for a bad market", async () => {
    for (const handle of ["no-such-product", "bad handle", "\u0000", "x".repeat(300)]) {
      const { res, body } = await call(productLoader, `/api/v1/products/x?market=de-de`, { params: { handle } });
      expect(res.status, handle).toBe(404);
      expect(body.error.code).toBe("not_found");
      expect(body.error.field).toBe("handle");
    }
    const bad = await call(productLoader, "/api/v1/products/x?market=nope", { params: { handle: "x" } });
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.field).toBe("market");
  });
});

describe("unknown API paths", () => {
  it("answer a JSON 404", async () => {
    const { res, body } = await call(notFoundLoader, "/api/v2/whatever", { params: { "*": "v2/whatever" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/json");
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("/api/v2/whatever");
  });
});

describe("CORS", () => {
  it("echoes an allowed origin and always varies on Origin", async () => {
    const { res } = await call(marketsLoader, "/api/v1/markets", { headers: { Origin: "https://shop.example.com" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example.com");
    expect(res.headers.get("Vary")).toMatch(/Origin/);
    // A trailing slash in the configured list does not matter.
    const app = await call(marketsLoader, "/api/v1/markets", { headers: { Origin: "https://app.example.com" } });
    expect(app.res.headers.get("Access-Control-Allow-Origin")).toBe("https://app.example.com");
    // Errors carry CORS headers too, so a browser client can read them.
    const err = await call(productsLoader, "/api/v1/products?market=nope", { headers: { Origin: "https://shop.example.com" } });
    expect(err.res.status).toBe(400);
    expect(err.res.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example.com");
  });

  it("sends no Access-Control-Allow-Origin to an origin that is not listed", async () => {
    for (const origin of ["https://evil.example.com", "https://shop.example.com.evil.io", "null"]) {
      const { res } = await call(marketsLoader, "/api/v1/markets", { headers: { Origin: origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      expect(res.headers.get("Vary")).toMatch(/Origin/);
    }
  });

  it("answers an OPTIONS preflight with 204 and the allowed methods and headers", async () => {
    const headers = {
      Origin: "https://shop.example.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "x-cart-token, content-type",
    };
    const { res, body } = await call(productsLoader, "/api/v1/products", { method: "OPTIONS", headers });
    expect(res.status).toBe(204);
    expect(body).toBeNull();
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example.com");
    expect(res.headers.get("Access-Control-Allow-Methods")).toMatch(/GET/);
    expect(res.headers.get("Access-Control-Allow-Headers")).toMatch(/X-Cart-Token/);
    expect(res.headers.get("Access-Control-Allow-Headers")).toMatch(/Content-Type/);
    expect(res.headers.get("Vary")).toMatch(/Origin/);
    const denied = await call(productLoader, "/api/v1/products/x", {
      method: "OPTIONS",
      headers: { ...headers, Origin: "https://evil.example.com" },
      params: { handle: "x" },
    });
    expect(denied.res.status).toBe(204);
    expect(denied.res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(denied.res.headers.get("Access-Control-Allow-Headers")).toBeNull();
  });
});

describe("contract: responses match the OpenAPI document", () => {
  const BASE = "https://harbor.test/api/v1/openapi.json";
  let doc: Json;
  let ajv: Ajv2020;
  const checked = new Set<string>();

  beforeAll(async () => {
    const { res, body } = await call(openapiLoader, "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json");
    doc = body;
    ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    ajv.addKeyword("components");
    // Formats used by the cart/order schemas (ajv knows none without ajv-formats; strict mode rejects unknown ones).
    ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
    ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
    ajv.addFormat("uri", (s: string) => URL.canParse(s));
    // Register the components under the document's URI so "#/components/schemas/X" resolves.
    ajv.addSchema({ $id: BASE, components: doc.components });
  });

  function validatorFor(path: string, status: number) {
    const op = doc.paths[path]?.get;
    expect(op, `GET ${path} is documented`).toBeDefined();
    const response = op.responses[String(status)];
    expect(response, `GET ${path} documents ${status}`).toBeDefined();
    const schema = response.content["application/json"].schema;
    const resolved = schema.$ref ? { $ref: `${BASE}${schema.$ref}` } : schema;
    return ajv.compile(resolved);
  }

  function expectConforms(path: string, status: number, res: Response, body: unknown) {
    expect(res.status, path).toBe(status);
    const validate = validatorFor(path, status);
    const ok = validate(body);
    if (status >= 400) expect(doc.paths[path].get.responses[String(status)]["x-error-codes"], `${path} ${status}`).toContain((body as Json).error.code);
    expect(validate.errors ?? [], `${path} ${status}: ${ajv.errorsText(validate.errors)}`).toEqual([]);
    expect(ok).toBe(true);
    checked.add(`${path} ${status}`);
  }

  it("is an OpenAPI 3.1 document whose component schemas all compile", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(doc.servers[0].url).toBe("http://localhost/api/v1");
    for (const id of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`${BASE}#/components/schemas/${id}`), id).not.toThrow();
      expect(ajv.getSchema(`${BASE}#/components/schemas/${id}`), id).toBeTruthy();
    }
    for (const name of ["MoneyV2", "Market", "Collection", "ProductSummary", "Product", "ProductConnection", "Error"]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    const params = doc.paths["/products"].get.parameters.map((p: Json) => `${p.name}:${p.required}`);
    expect(params).toEqual(["market:true", "q:false", "collection:false", "sort:false", "first:false", "after:false"]);
    expect(doc.paths["/products/{handle}"].get.parameters[0]).toMatchObject({ name: "handle", in: "path", required: true });
  });

  it("GET /markets and GET /collections", async () => {
    const markets = await call(marketsLoader, "/api/v1/markets");
    expectConforms("/markets", 200, markets.res, markets.body);
    const collections = await call(collectionsLoader, "/api/v1/collections?market=ja-jp");
    expectConforms("/collections", 200, collections.res, collections.body);
    const bad = await call(collectionsLoader, "/api/v1/collections?market=xx");
    expectConforms("/collections", 400, bad.res, bad.body);
  });

  it("GET /products: 200, 400 and 404", async () => {
    for (const qs of ["market=en-us&first=100", "market=ar-kw&q=tea", "market=de-de&collection=teegeschirr&sort=price-desc&first=3"]) {
      const { res, body } = await call(productsLoader, `/api/v1/products?${qs}`);
      expectConforms("/products", 200, res, body);
    }
    const bad = await call(productsLoader, "/api/v1/products?market=de-de&first=0&after=%%%");
    expectConforms("/products", 400, bad.res, bad.body);
    const missing = await call(productsLoader, "/api/v1/products?market=de-de&collection=nope");
    expectConforms("/products", 404, missing.res, missing.body);
  });

  it("GET /products/{handle}: 200 for every product in several markets, 400 and 404", async () => {
    for (const market of ["en-us", "de-de", "ja-jp", "ar-kw"]) {
      const list = await call(productsLoader, `/api/v1/products?market=${market}&first=100`);
      for (const node of list.body.nodes) {
        const { res, body } = await call(productLoader, `/api/v1/products/${node.handle}?market=${market}`, { params: { handle: node.handle } });
        expectConforms("/products/{handle}", 200, res, body);
        expect(body.id).toBe(node.id);
      }
    }
    const bad = await call(productLoader, "/api/v1/products/x", { params: { handle: "x" } });
    expectConforms("/products/{handle}", 400, bad.res, bad.body);
    const missing = await call(productLoader, "/api/v1/products/nope?market=de-de", { params: { handle: "nope" } });
    expectConforms("/products/{handle}", 404, missing.res, missing.body);
  });

  it("GET /openapi.json", async () => {
    const { res, body } = await call(openapiLoader, "/api/v1/openapi.json");
    expectConforms("/openapi.json", 200, res, body);
  });

  it("detects drift: a response with an extra, missing or mistyped field fails validation", async () => {
    const handle = (await call(productsLoader, "/api/v1/products?market=de-de&first=1")).body.nodes[0].handle;
    const { body } = await call(productLoader, `/api/v1/products/${handle}?market=de-de`, { params: { handle } });
    const validate = validatorFor("/products/{handle}", 200);
    expect(validate(body)).toBe(true);
    const mutations: ((p: Json) => void)[] = [
      (p) => (p.extra = 1),
      (p) => delete p.priceRange,
      (p) => (p.variants[0].price.amount = 59.95),
      (p) => (p.variants[0].price = { amount: "59.95", currency: "EUR" }),
      (p) => (p.variants[0].quantityAvailable = -1),
      (p) => (p.seo = null),
      (p) => (p.options[0].values[0].swatch = 3),
    ];
    for (const mutate of mutations) {
      const copy = structuredClone(body);
      mutate(copy);
      expect(validate(copy), mutate.toString()).toBe(false);
    }
    const list = (await call(productsLoader, "/api/v1/products?market=de-de&first=2")).body;
    const listValidate = validatorFor("/products", 200);
    const noTotal = structuredClone(list);
    delete noTotal.pageInfo.totalCount;
    expect(listValidate(noTotal)).toBe(false);
    const err = (await call(productsLoader, "/api/v1/products?market=de-de&first=0")).body;
    const errValidate = validatorFor("/products", 400);
    expect(errValidate({ ...err, error: { ...err.error, code: "oops" } })).toBe(false);
  });

  it("checked every documented catalog operation and status", () => {
    // Carts, orders, customer accounts and newsletter sign-ups have their own contract tests (cart-api.test.ts,
    // customers.test.ts, contacts/consent.test.ts).
    const isCatalog = (path: string) => !["/carts", "/orders", "/customer", "/subscriptions"].some((p) => path.startsWith(p));
    const documented = Object.entries(doc.paths)
      .filter(([path]) => isCatalog(path))
      .flatMap(([path, item]: [string, Json]) => Object.keys(item.get.responses).map((status) => `${path} ${status}`))
      // 503 (database away or overloaded) is declared on every operation and checked against real
      // answers in app/api/unavailable-contract.test.ts.
      .filter((entry) => !entry.endsWith(" 503"));
    expect([...checked].sort()).toEqual(documented.sort());
  });
});
