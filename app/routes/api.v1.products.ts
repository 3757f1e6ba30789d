import type { z } from "zod";
import { encodeCursor, ProductsQuerySchema, type ProductConnectionSchema } from "~/modules/catalog/api.schema";
import {
  ApiError,
  apiRoute,
  jsonResponse,
  notFound,
  originOf,
  parseMarketQuery,
  readOnlyAction,
  toApiProductSummary,
} from "~/modules/catalog/api.server";
import { getCollectionByHandle, listProducts } from "~/modules/catalog/catalog.server";
import { cached, CATALOG_TTL_MS } from "~/lib/cache.server";
import type { Market } from "~/modules/markets/markets";

async function resolveCollectionId(market: Market, handle: string): Promise<string> {
  let found = await getCollectionByHandle(market, handle);
  // A handle from another language names the same collection.
  if (found.kind === "redirect") found = await getCollectionByHandle(market, found.handle);
  if (found.kind !== "found") {
    throw notFound(`No collection with handle "${handle}"; GET /api/v1/collections?market=${market.handle} lists them.`, "collection");
  }
  return found.collection.id;
}

/** GET /api/v1/products?market=&q=&collection=&sort=&first=&after= — one page of products. */
export const loader = apiRoute(async ({ request }) => {
  const { query, market } = await parseMarketQuery(request, ProductsQuerySchema);
  if (query.sort === "relevance" && !query.q) {
    throw new ApiError(400, "invalid_parameter", "sort: relevance needs a search query (q); use featured, best-selling, newest, price-asc or price-desc without q", "sort", [
      { field: "sort", message: "relevance needs a search query (q); use featured, best-selling, newest, price-asc or price-desc without q" },
    ]);
  }
  const collectionId = query.collection ? await resolveCollectionId(market, query.collection) : undefined;
  const offset = query.after ?? 0;
  const first = query.first;
  const params = { market, collectionId, q: query.q, sort: query.sort ?? (query.q ? "relevance" : "featured"), limit: first, offset } as const;
  const result = await cached(`api-list|${market.handle}|${collectionId ?? ""}|${params.q ?? ""}|${params.sort}|${first}|${offset}`, CATALOG_TTL_MS, () => listProducts(params));
  const origin = originOf(request);
  const end = Math.min(offset + first, Math.max(result.total, offset));
  const body: z.output<typeof ProductConnectionSchema> = {
    nodes: result.items.map((c) => toApiProductSummary(c, origin)),
    pageInfo: {
      hasNextPage: offset + first < result.total,
      endCursor: result.items.length ? encodeCursor(end) : null,
      totalCount: result.total,
    },
  };
  return jsonResponse(body, { cache: true });
});

export const action = readOnlyAction;
