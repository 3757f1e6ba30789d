import { apiRoute, jsonResponse, originOf, readOnlyAction } from "~/modules/catalog/api.server";
import { openApiDocument } from "~/server/openapi.server";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document, generated from the zod schemas. */
export const loader = apiRoute(async ({ request }) => jsonResponse(openApiDocument(originOf(request)), { cache: true }));

export const action = readOnlyAction;
