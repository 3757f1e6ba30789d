import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, notFound, withCors, apiError } from "~/modules/catalog/api.server";

function message(request: Request): string {
  const { pathname } = new URL(request.url);
  return `No API endpoint at ${pathname}; the endpoints are listed in /api/v1/openapi.json.`;
}

/** Any unknown /api/* path: a JSON 404 (never the storefront's HTML page). */
export const loader = apiRoute(async ({ request }) => {
  throw notFound(message(request));
});

export async function action({ request }: ActionFunctionArgs): Promise<Response> {
  return withCors(request, apiError(404, "not_found", message(request)));
}
