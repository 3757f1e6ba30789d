import type { Params } from "@remix-run/react";
import { getMarket } from "~/modules/markets/markets.server";
import type { Market } from "~/modules/markets/markets";

/** The market named by the URL prefix, or a 404 (an unknown prefix is not a page). */
export async function requireMarket(params: Params): Promise<Market> {
  const market = await getMarket(params.market);
  if (!market) throw new Response("Not found", { status: 404 });
  return market;
}
