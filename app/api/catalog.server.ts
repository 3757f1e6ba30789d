/** The catalog endpoints of the Storefront API: markets, collections and products (read-only, public). */
import { z } from "zod";
import { defineEndpoint, type Endpoint } from "~/lib/api/endpoint.server";
import { cached } from "~/lib/cache.server";
import { UserError } from "~/lib/errors";
import { publicOrigin } from "~/lib/http.server";
import {
  CollectionListSchema,
  CollectionsQuerySchema,
  encodeCursor,
  MarketListSchema,
  ProductConnectionSchema,
  ProductQuerySchema,
  ProductSchema,
  ProductsQuerySchema,
} from "~/modules/catalog/api.schema";
import { marketQueryParam, toApiCollection, toApiMarket, toApiProduct, toApiProductSummary } from "~/modules/catalog/api.server";
import { getCollectionByHandle, getProductByHandleCached, listCollections, viewerKey } from "~/modules/catalog/catalog.server";
import { apiViewer } from "~/server/early-access.server";
import { listProductsForRequest } from "~/modules/catalog/listing.server";
import type { Market } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";

const invalidParameters = {
  codes: ["invalid_parameter"],
  description: 'Invalid query parameter(s): `error.field` names the first, `error.details.issues` lists every one, e.g. `{ "error": { "code": "invalid_parameter", "message": "first: must be between 1 and 100", "field": "first", "details": { "issues": [{ "field": "first", "message": "must be between 1 and 100" }] } } }`. An unknown `market` lists the valid handles.',
} as const;

const listMarkets = defineEndpoint({
  operationId: "listMarkets",
  method: "GET",
  path: "/markets",
  summary: "List markets",
  description: "Every enabled market. Pass a market's `handle` as the `market` parameter of the other endpoints.",
  tag: "Markets",
  security: "public",
  response: { status: 200, description: "The markets, in display order.", schema: MarketListSchema },
  cache: "public",
  errors: {},
  handler: async () => ({ markets: (await getStoreConfig()).markets.map(toApiMarket) }),
});

const listCollectionsEndpoint = defineEndpoint({
  operationId: "listCollections",
  method: "GET",
  path: "/collections",
  summary: "List collections",
  description: "Every collection, with title, description and handle in the market's language.",
  tag: "Catalog",
  security: "public",
  query: CollectionsQuerySchema.extend({ market: marketQueryParam }),
  response: { status: 200, description: "The collections, in merchandising order.", schema: CollectionListSchema },
  cache: "public",
  errors: { 400: invalidParameters },
  handler: async ({ query, request }) => {
    const origin = publicOrigin(request);
    return { collections: (await listCollections(query.market)).map((c) => toApiCollection(c, origin)) };
  },
});

async function resolveCollectionId(market: Market, handle: string): Promise<string> {
  let found = await getCollectionByHandle(market, handle);
  // A handle from another language names the same collection.
  if (found.kind === "redirect") found = await getCollectionByHandle(market, found.handle);
  if (found.kind !== "found") {
    throw new UserError("not_found", `No collection with handle "${handle}"; GET /api/v1/collections?market=${market.handle} lists them.`, 404, "collection");
  }
  return found.collection.id;
}

const RELEVANCE_NEEDS_Q = "relevance needs a search query (q); use featured, best-selling, newest, price-asc or price-desc without q";

const listProductsEndpoint = defineEndpoint({
  operationId: "listProducts",
  method: "GET",
  path: "/products",
  summary: "List or search products",
  description:
    "A page of active products priced in the market's currency, optionally within a collection and/or matching a search. Page with `first` and `after` (= `pageInfo.endCursor`) until `pageInfo.hasNextPage` is false. Products not released yet are left out, except for a customer whose membership tier includes early access, identified by an optional `Authorization: Bearer` customer access token (such answers are `Cache-Control: no-store`).",
  tag: "Catalog",
  security: "public",
  query: ProductsQuerySchema.extend({ market: marketQueryParam }),
  response: { status: 200, description: "One page of products.", schema: ProductConnectionSchema },
  cache: "public",
  errors: { 400: invalidParameters, 404: { codes: ["not_found"], description: "The `collection` handle names no collection (`error.field` is `collection`)." } },
  handler: async ({ query, request }) => {
    const { market } = query;
    if (query.sort === "relevance" && !query.q) {
      throw new UserError("invalid_parameter", `sort: ${RELEVANCE_NEEDS_Q}`, 400, "sort", { issues: [{ field: "sort", message: RELEVANCE_NEEDS_Q }] });
    }
    const collectionId = query.collection ? await resolveCollectionId(market, query.collection) : undefined;
    const offset = query.after ?? 0;
    const first = query.first;
    const viewer = await apiViewer(request);
    const params = { market, collectionId, q: query.q, sort: query.sort ?? (query.q ? "relevance" : "featured"), limit: first, offset, viewer } as const;
    const key = `api-list|${market.handle}|${collectionId ?? ""}|${params.q ?? ""}|${params.sort}|${first}|${offset}|${viewerKey(viewer)}`;
    const result = await cached(key, () => listProductsForRequest(params, request.signal));
    const origin = publicOrigin(request);
    const end = Math.min(offset + first, Math.max(result.total, offset));
    return {
      nodes: result.items.map((c) => toApiProductSummary(c, origin)),
      pageInfo: {
        hasNextPage: offset + first < result.total,
        endCursor: result.items.length ? encodeCursor(end) : null,
        totalCount: result.total,
      },
    };
  },
});

/** Handles are words joined by hyphens (any script); anything else cannot name a product. */
const HANDLE_SHAPE = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

const getProductEndpoint = defineEndpoint({
  operationId: "getProduct",
  method: "GET",
  path: "/products/{handle}",
  summary: "Get a product",
  description:
    "A product with options, variants (price, stock, weight), images and SEO fields. The handle may be the product's handle in any of the store's languages; the response always carries the market's canonical `handle` (no redirect). Products not released yet are left out, except for a customer whose membership tier includes early access, identified by an optional `Authorization: Bearer` customer access token (such answers are `Cache-Control: no-store`).",
  tag: "Catalog",
  security: "public",
  params: z.object({
    handle: z
      .string()
      .trim()
      .min(1, { error: "no product has this handle" })
      .max(200, { error: "no product has this handle" })
      .regex(HANDLE_SHAPE, { error: "no product has this handle" })
      .describe("Product handle in any of the store's languages, e.g. celadon-teapot."),
  }),
  query: ProductQuerySchema.extend({ market: marketQueryParam }),
  response: { status: 200, description: "The product, localized and priced for the market.", schema: ProductSchema },
  cache: "public",
  errors: {
    400: invalidParameters,
    404: { codes: ["not_found"], description: "No active product has this handle, it is not sold in the market, or it is not released yet and the caller has no early access (`error.field` is `handle`)." },
  },
  handler: async ({ params, query, request }) => {
    const { market } = query;
    const { handle } = params;
    const viewer = await apiViewer(request);
    let found = await getProductByHandleCached(market, handle, viewer);
    // The API answers with the canonical product instead of redirecting.
    if (found.kind === "redirect") found = await getProductByHandleCached(market, found.handle, viewer);
    if (found.kind !== "found") throw new UserError("not_found", `No product with handle "${handle}" in market ${market.handle}.`, 404, "handle");
    return toApiProduct(found.product, market, publicOrigin(request));
  },
});

export const catalogEndpoints: readonly Endpoint[] = [listMarkets, listCollectionsEndpoint, listProductsEndpoint, getProductEndpoint];
