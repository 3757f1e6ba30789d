import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/lib/http.server";
import { marketSitemap } from "~/modules/catalog/sitemap.server";
import { getMarket } from "~/modules/markets/markets.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  const market = file.endsWith(".xml") ? await getMarket(file.slice(0, -".xml".length)) : undefined;
  if (!market) throw new Response("Not found", { status: 404 });
  return new Response(await marketSitemap(publicOrigin(request), market), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
