import type { z } from "zod";
import { ProductQuerySchema, type ProductSchema } from "~/modules/catalog/api.schema";
import { apiRoute, jsonResponse, notFound, originOf, parseMarketQuery, readOnlyAction, toApiProduct } from "~/modules/catalog/api.server";
import { getProductByHandle } from "~/modules/catalog/catalog.server";
import { cached, CATALOG_TTL_MS } from "~/lib/cache.server";

/** Handles are words joined by hyphens (any script); anything else cannot name a product. */
const HANDLE_SHAPE = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

/** GET /api/v1/products/{handle}?market= — a product; a handle from another language is accepted. */
export const loader = apiRoute(async ({ request, params }) => {
  const { market } = await parseMarketQuery(request, ProductQuerySchema);
  const handle = (params.handle ?? "").trim();
  const missing = () => notFound(`No product with handle "${handle}" in market ${market.handle}.`, "handle");
  if (!handle || handle.length > 200 || !HANDLE_SHAPE.test(handle)) throw missing();
  let found = await cached(`api-pdp|${market.handle}|${handle}`, CATALOG_TTL_MS, () => getProductByHandle(market, handle));
  // The API answers with the canonical product instead of redirecting.
  if (found.kind === "redirect") found = await getProductByHandle(market, found.handle);
  if (found.kind !== "found") throw missing();
  const body: z.output<typeof ProductSchema> = toApiProduct(found.product, market, originOf(request));
  return jsonResponse(body, { cache: true });
});

export const action = readOnlyAction;
