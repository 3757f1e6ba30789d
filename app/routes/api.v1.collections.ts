import type { z } from "zod";
import { CollectionsQuerySchema, type CollectionListSchema } from "~/modules/catalog/api.schema";
import { apiRoute, jsonResponse, originOf, parseMarketQuery, readOnlyAction, toApiCollection } from "~/modules/catalog/api.server";
import { listCollections } from "~/modules/catalog/catalog.server";

/** GET /api/v1/collections?market= — every collection, localized for the market. */
export const loader = apiRoute(async ({ request }) => {
  const { market } = await parseMarketQuery(request, CollectionsQuerySchema);
  const origin = originOf(request);
  const body: z.output<typeof CollectionListSchema> = {
    collections: (await listCollections(market)).map((c) => toApiCollection(c, origin)),
  };
  return jsonResponse(body, { cache: true });
});

export const action = readOnlyAction;
