import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicOrigin } from "~/lib/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = publicOrigin(request);
  const body = ["User-agent: *", "Allow: /", "Disallow: /api/", "Disallow: /*/search", "", `Sitemap: ${origin}/sitemap.xml`, ""].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
