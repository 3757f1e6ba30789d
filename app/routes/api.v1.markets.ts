import { apiRoute, jsonResponse, readOnlyAction, toApiMarket } from "~/modules/catalog/api.server";
import type { z } from "zod";
import type { MarketListSchema } from "~/modules/catalog/api.schema";
import { getStoreConfig } from "~/modules/markets/markets.server";

/** GET /api/v1/markets — every enabled market. */
export const loader = apiRoute(async () => {
  const config = await getStoreConfig();
  const body: z.output<typeof MarketListSchema> = { markets: config.markets.map(toApiMarket) };
  return jsonResponse(body, { cache: true });
});

export const action = readOnlyAction;
