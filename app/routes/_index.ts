import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";
import { resolveMarketForRequest } from "~/modules/markets/markets.server";

/** `/` sends each visitor to their market: remembered cookie → geo header → Accept-Language → default. */
export async function loader({ request }: LoaderFunctionArgs) {
  const market = await resolveMarketForRequest(request, getEnv().server.geoCountryHeader);
  return redirect(`/${market.handle}`, {
    status: 302,
    headers: { "Cache-Control": "private, no-store", Vary: "Cookie, Accept-Language" },
  });
}
