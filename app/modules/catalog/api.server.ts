/**
 * Storefront API plumbing: JSON responses and errors, CORS, query parsing, and the mapping from
 * domain objects (catalog, markets) to the API shapes defined in api.schema.ts.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { getEnv } from "~/lib/env.server";
import { publicOrigin } from "~/lib/http.server";
import { toMoneyV2, type Money } from "~/lib/money";
import type { Market } from "../markets/markets";
import { getMarket, getStoreConfig } from "../markets/markets.server";
import type { ProductCard, ProductDetail, CollectionView, VariantView } from "./catalog";
import type {
  ApiCollection,
  ApiErrorBody,
  ApiIssue,
  ApiMarket,
  ApiProduct,
  ApiProductSummary,
  ApiVariant,
  ErrorCode,
} from "./api.schema";

// ---------------------------------------------------------------------------------------------
// Responses

/** Successful catalog reads: cacheable by URL (the market is a query parameter, so part of the key). */
export const API_CACHE_CONTROL = "public, max-age=60, s-maxage=300";
export const API_NO_STORE = "no-store";

export function jsonResponse(body: unknown, init: { status?: number; cache?: boolean; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json");
  headers.set("Cache-Control", init.cache ? API_CACHE_CONTROL : API_NO_STORE);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/** A failure the client can act on; `apiRoute` turns it into the JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function apiError(
  status: number,
  code: ErrorCode,
  message: string,
  opts: { field?: string; issues?: ApiIssue[]; headers?: HeadersInit } = {},
): Response {
  const body: ApiErrorBody = { error: { code, message, ...(opts.field ? { field: opts.field } : {}) } };
  if (opts.issues?.length) body.issues = opts.issues;
  return jsonResponse(body, { status, headers: opts.headers });
}

export function notFound(message: string, field?: string): ApiError {
  return new ApiError(404, "not_found", message, field);
}

function invalidParameters(issues: ApiIssue[]): ApiError {
  const message = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return new ApiError(400, "invalid_parameter", message, issues[0]?.field, issues);
}

function errorToResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return apiError(error.status, error.code, error.message, { field: error.field, issues: error.issues });
  }
  if (error instanceof Response) {
    // A guard from elsewhere threw a Response: keep its status, give it the API's body.
    if (error.status === 404) return apiError(404, "not_found", "Not found");
    if (error.status >= 400 && error.status < 500) return apiError(error.status, "invalid_parameter", error.statusText || "Bad request");
    if (error.status < 400) return error;
  }
  console.error("[api] unexpected error", error);
  return apiError(500, "internal_error", "Something went wrong on our side; please retry later.");
}

// ---------------------------------------------------------------------------------------------
// CORS

export const CORS_ALLOW_HEADERS = "Content-Type, X-Cart-Token, X-Order-Token, Accept, Accept-Language";
export const CATALOG_METHODS = "GET, HEAD, OPTIONS";

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * The request's Origin when STOREFRONT_API_ORIGINS lists it (or lists "*"), else null.
 * Reads the env on every call (getEnv() parses once and caches).
 */
export function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("Origin");
  if (!origin || origin === "null") return null;
  const allowed = getEnv().server.storefrontApiOrigins;
  if (allowed.includes("*")) return origin;
  const wanted = normalizeOrigin(origin);
  return allowed.some((o) => normalizeOrigin(o) === wanted) ? origin : null;
}

/** Adds CORS headers to a response (in place when its headers are mutable, else on a copy). */
export function withCors(request: Request, response: Response): Response {
  let res = response;
  try {
    res.headers.append("Vary", "Origin");
  } catch {
    res = new Response(response.body, response);
    res.headers.append("Vary", "Origin");
  }
  const origin = allowedOrigin(request);
  if (origin) res.headers.set("Access-Control-Allow-Origin", origin);
  return res;
}

/** OPTIONS preflight: 204; the allow-headers only when the origin is allowed. */
export function corsPreflight(request: Request, methods: string = CATALOG_METHODS): Response {
  const headers = new Headers({ Allow: methods, Vary: "Origin", "Cache-Control": API_NO_STORE });
  const origin = allowedOrigin(request);
  if (origin) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Methods", methods);
    headers.set("Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
    headers.set("Access-Control-Max-Age", "600");
  }
  return new Response(null, { status: 204, headers });
}

// ---------------------------------------------------------------------------------------------
// Route wrappers

/**
 * Wraps an API loader: answers OPTIONS preflights, turns ApiError (and anything unexpected) into
 * the JSON error body, and adds CORS headers to every response.
 */
export function apiRoute(handler: (args: LoaderFunctionArgs) => Promise<Response>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    const { request } = args;
    if (request.method === "OPTIONS") return corsPreflight(request);
    let response: Response;
    try {
      response = await handler(args);
    } catch (error) {
      response = errorToResponse(error);
    }
    return withCors(request, response);
  };
}

/** `action` for read-only endpoints: POST/PUT/PATCH/DELETE → 405 JSON. */
export async function readOnlyAction({ request }: ActionFunctionArgs): Promise<Response> {
  return withCors(
    request,
    apiError(405, "method_not_allowed", `${request.method} is not supported here; use GET.`, {
      headers: { Allow: CATALOG_METHODS },
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Query parsing

function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join(".") || "query", message: i.message }));
}

/** Parses the URL's query with `schema`; throws a 400 ApiError naming every bad parameter. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const url = new URL(request.url);
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!result.success) throw invalidParameters(issuesOf(result.error));
  return result.data;
}

/**
 * Parses a query whose schema has a `market` parameter and resolves the market. An unknown or
 * malformed market is a 400 on field `market` listing the valid handles.
 */
export async function parseMarketQuery<S extends z.ZodType<{ market: string }>>(
  request: Request,
  schema: S,
): Promise<{ query: z.output<S>; market: Market }> {
  const input: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(input);
  const issues = result.success ? [] : issuesOf(result.error);
  const raw = input.market?.trim();
  const marketIssue = issues.find((i) => i.field === "market");
  const market = marketIssue ? undefined : await getMarket(raw);
  if (!market) {
    const valid = (await getStoreConfig()).markets.map((m) => m.handle).join(", ");
    const problem = marketIssue?.message ?? (raw ? `unknown market "${raw.slice(0, 40)}"` : "is required");
    const message = `${problem}; use one of: ${valid}`;
    if (marketIssue) marketIssue.message = message;
    else issues.unshift({ field: "market", message });
  }
  if (issues.length || !result.success || !market) {
    issues.sort((a, b) => (a.field === "market" ? -1 : b.field === "market" ? 1 : 0));
    throw invalidParameters(issues);
  }
  return { query: result.data, market };
}

// ---------------------------------------------------------------------------------------------
// Mapping: domain → API

export function originOf(request: Request): string {
  return publicOrigin(request);
}

export function absoluteUrl(origin: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${origin}${url.startsWith("/") ? "" : "/"}${url}`;
}

export function toApiMarket(m: Market): ApiMarket {
  return {
    handle: m.handle,
    name: m.name,
    language: m.language,
    country: m.country,
    currency: m.currency,
    taxDisplay: m.taxDisplay,
    units: m.units,
    shipTo: [...m.shipTo],
  };
}

export function toApiCollection(c: CollectionView, origin: string): ApiCollection {
  return {
    id: c.id,
    handle: c.handle,
    title: c.title,
    description: c.description,
    imageUrl: c.imageUrl ? absoluteUrl(origin, c.imageUrl) : null,
    alternates: c.alternates.map((a) => ({ market: a.market, handle: a.handle })),
  };
}

export function toApiProductSummary(card: ProductCard, origin: string): ApiProductSummary {
  return {
    id: card.id,
    handle: card.handle,
    title: card.title,
    featuredImage: card.image
      ? { url: absoluteUrl(origin, card.image.url), altText: card.image.alt, width: card.image.width, height: card.image.height }
      : null,
    priceRange: { minVariantPrice: toMoneyV2(card.price), maxVariantPrice: toMoneyV2(card.priceMax) },
    compareAtPrice: card.compareAt ? toMoneyV2(card.compareAt) : null,
    availableForSale: card.available,
  };
}

const GRAMS_PER_OUNCE = 28.349523125;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function toApiVariant(v: VariantView, market: Market): ApiVariant {
  const imperial = market.units === "imperial";
  return {
    id: v.id,
    sku: v.sku,
    title: v.title,
    selectedOptions: { ...v.options },
    price: toMoneyV2(v.price),
    compareAtPrice: v.compareAt ? toMoneyV2(v.compareAt) : null,
    availableForSale: v.available > 0,
    quantityAvailable: Math.max(0, v.available),
    weight: imperial ? { value: round(v.weightGrams / GRAMS_PER_OUNCE, 2), unit: "OUNCES" } : { value: v.weightGrams, unit: "GRAMS" },
    dimensions: v.dimensionsMm
      ? imperial
        ? { length: round(v.dimensionsMm[0] / 25.4, 2), width: round(v.dimensionsMm[1] / 25.4, 2), height: round(v.dimensionsMm[2] / 25.4, 2), unit: "INCHES" }
        : { length: v.dimensionsMm[0] / 10, width: v.dimensionsMm[1] / 10, height: v.dimensionsMm[2] / 10, unit: "CENTIMETERS" }
      : null,
    imageId: v.imageId,
  };
}

function cheapest(variants: VariantView[]): VariantView {
  return variants.reduce((a, b) => (b.price.amount < a.price.amount ? b : a));
}

function dearest(variants: VariantView[]): Money {
  return variants.reduce((a, b) => (b.price.amount > a.price.amount ? b : a)).price;
}

export function toApiProduct(p: ProductDetail, market: Market, origin: string): ApiProduct {
  const low = cheapest(p.variants);
  const images = p.images.map((i) => ({ id: i.id, url: absoluteUrl(origin, i.url), altText: i.alt, width: i.width, height: i.height }));
  const first = images[0];
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    vendor: p.vendor,
    productType: p.productType,
    tags: [...p.tags],
    countryOfOrigin: p.countryOfOrigin,
    hsCode: p.hsCode,
    publishedAt: p.publishedAt,
    featuredImage: first ? { url: first.url, altText: first.altText, width: first.width, height: first.height } : null,
    images,
    options: p.options.map((o) => ({
      code: o.code,
      name: o.name,
      values: o.values.map((v) => ({ code: v.code, label: v.label, swatch: v.swatch })),
    })),
    variants: p.variants.map((v) => toApiVariant(v, market)),
    priceRange: { minVariantPrice: toMoneyV2(low.price), maxVariantPrice: toMoneyV2(dearest(p.variants)) },
    compareAtPrice: low.compareAt ? toMoneyV2(low.compareAt) : null,
    availableForSale: p.variants.some((v) => v.available > 0),
    collection: p.collection ? { handle: p.collection.handle, title: p.collection.title } : null,
    seo: { title: p.seoTitle, description: p.seoDescription },
    alternates: p.alternates.map((a) => ({ market: a.market, handle: a.handle })),
  };
}
