import type { Params } from "@remix-run/react";
import type { Market } from "./markets";
import { getMarket } from "./markets.server";

/** The market named by the URL prefix, or a 404 (an unknown prefix is not a page). */
export async function requireMarket(params: Params): Promise<Market> {
  const market = await getMarket(params.market);
  if (!market) throw new Response("Not found", { status: 404 });
  return market;
}
