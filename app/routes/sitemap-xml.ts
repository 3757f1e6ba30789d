import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/lib/http.server";
import { sitemapIndex } from "~/modules/catalog/sitemap.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return new Response(await sitemapIndex(publicOrigin(request)), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
