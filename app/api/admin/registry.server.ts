/**
 * The Admin API (/api/admin/v1): every admin operation, its OpenAPI document and the one catch-all
 * route that serves them. Bearer tokens only (a cookie is never read), and no CORS headers ever, so
 * no browser page of another origin can call it. Later issues add their operations to ADMIN_ENDPOINTS.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiNotFoundHandlers, apiRouteHandlers, defineEndpoint, type ApiRouteOptions, type Endpoint } from "~/lib/api/endpoint.server";
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiDocumentInfo } from "~/lib/api/openapi.server";
import { publicOrigin } from "~/lib/http.server";
import { apiTokenEndpoints } from "./api-tokens.server";
import { catalogEndpoints } from "./catalog.server";
import { contactEndpoints } from "./contacts.server";
import { exportEndpoints } from "./exports.server";
import { jobEndpoints } from "./jobs.server";
import { loyaltyEndpoints } from "./loyalty.server";
import { orderEndpoints } from "./orders.server";
import { referralEndpoints } from "./referrals.server";
import { segmentEndpoints } from "./segments.server";
import { campaignEndpoints } from "./campaigns.server";
import { settingsEndpoints } from "./settings.server";
import { staffEndpoints } from "./staff.server";
import { suppressionEndpoints } from "./suppressions.server";
import { tierEndpoints } from "./tiers.server";

const ADMIN_API_BASE_PATH = "/api/admin/v1";
const ROUTES: ApiRouteOptions = { cors: false, documentPath: `${ADMIN_API_BASE_PATH}/openapi.json` };

const DOCUMENT_INFO: OpenApiDocumentInfo = {
  info: {
    title: "Harbor Admin API",
    version: "1.0.0",
    description: [
      "Runs the store from scripts and integrations: every admin page action has an operation here. JSON, except image uploads (multipart/form-data).",
      "",
      "- Authenticate with an Admin API token: an owner issues one on the admin's API tokens page, with POST /api-tokens, or with `npm run harbor -- staff token --email you@example.com` (shown once; only its hash is stored). Send it as `Authorization: Bearer <token>`. Cookies are ignored.",
      "- Each operation names the permission it needs in `x-permission` (`action:entity`); the token acts with its owner's role. Without it: 403 `forbidden`, before the input is validated.",
      "- Not for browsers: responses never carry CORS headers.",
      "- Every change is written to the audit log (GET /audit-log) with the state before and after.",
      "- Errors have the body `{ error: { code, message, field?, details? } }` (`Error`): 400 naming the field, 401, 403, 404, 405 with `Allow`, 409, 429 with `Retry-After`.",
    ].join("\n"),
    license: { name: "Proprietary (all rights reserved)", identifier: "LicenseRef-Proprietary" },
  },
  tags: [
    { name: "Catalog", description: "Products with variants, options, images and translations; prices per currency and the preview per market; stock per location; collections. Publishing runs the listing compliance check." },
    { name: "Staff", description: "People who run the store, their roles, invitations and Admin API tokens (owners only)." },
    { name: "Audit log", description: "Who changed what, when (owners only)." },
    { name: "Orders", description: "Orders after checkout: list, detail with timeline, fulfilment, refunds, cancellation, notes." },
    { name: "Customers", description: "Customer accounts with their addresses and orders." },
    { name: "Contacts", description: "Everyone the brand may know (account holders, buyers, newsletter sign-ups): consent history, lifetime figures, tags and notes." },
    { name: "Mail", description: "Every message the store sent or would send." },
    { name: "Referrals", description: "Referral campaigns (the friend's offer, the referrer's reward, limits), their results, and the review queue of rewards held by the fraud checks." },
    { name: "Markets", description: "Markets (currency, tax display, duty mode, ship-to countries, free-shipping threshold), FX rates by effective day, shipping rates." },
    { name: "Settings", description: "The store's name, base currency, default market, email sender identity and tax registrations (owners only)." },
    { name: "Loyalty", description: "Points (the program's settings, a contact's ledger, staff adjustments) and membership tiers (thresholds on trailing-12-month spend or points earned, and their benefits)." },
    { name: "Marketing", description: "Segments: saved rule sets over contacts (country, language, market, tier, spend, orders, products bought, tags, sources, points, referrals), counted and listed when asked, only ever among contacts who may be mailed." },
    { name: "Meta", description: "About the API itself." },
  ],
};

const OpenApiDocumentSchema = z
  .looseObject({ openapi: z.literal("3.1.0"), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .describe("An OpenAPI 3.1 document.");

const openApiEndpoint = defineEndpoint({
  operationId: "getAdminOpenApiDocument",
  method: "GET",
  path: "/openapi.json",
  summary: "This document",
  description: "The OpenAPI 3.1 description of the Admin API. Public: it describes the operations, not the store's data.",
  tag: "Meta",
  security: "public",
  response: { status: 200, description: "The OpenAPI document.", schema: OpenApiDocumentSchema },
  errors: {},
  handler: async ({ request }) => adminOpenApiDocument(publicOrigin(request)),
});

/** Every Admin API operation; the role-matrix test walks the ones with a `permission`. */
export const ADMIN_ENDPOINTS: readonly Endpoint[] = [openApiEndpoint, ...staffEndpoints, ...apiTokenEndpoints, ...orderEndpoints, ...catalogEndpoints, ...settingsEndpoints, ...jobEndpoints, ...contactEndpoints, ...exportEndpoints, ...loyaltyEndpoints, ...tierEndpoints, ...referralEndpoints, ...suppressionEndpoints, ...segmentEndpoints, ...campaignEndpoints];

let document: OpenApiDocument | null = null;

export function adminOpenApiDocument(origin: string): OpenApiDocument {
  document ??= buildOpenApiDocument(ADMIN_ENDPOINTS, DOCUMENT_INFO, "", { basePath: ADMIN_API_BASE_PATH, cors: false });
  return { ...document, servers: document.servers.map((s) => ({ ...s, url: `${origin}${s.url}` })) };
}

interface CompiledPath {
  pattern: RegExp;
  names: string[];
  handlers: ReturnType<typeof apiRouteHandlers>;
}

const compiled: CompiledPath[] = [...new Set(ADMIN_ENDPOINTS.map((e) => e.path))].map((path) => {
  const names: string[] = [];
  const source = path.replace(/[.]/g, "\\.").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { pattern: new RegExp(`^${source}$`), names, handlers: apiRouteHandlers(ADMIN_ENDPOINTS.filter((e) => e.path === path), ROUTES) };
});

const notFound = apiNotFoundHandlers(ROUTES);

/** The catch-all route's handler: finds the declared path for the request's splat and runs it. */
export async function handleAdminApi(args: LoaderFunctionArgs): Promise<Response> {
  const rest = `/${args.params["*"] ?? ""}`;
  for (const c of compiled) {
    const match = c.pattern.exec(rest);
    if (!match) continue;
    const params: Record<string, string> = {};
    try {
      c.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
    } catch {
      break;
    }
    return c.handlers.loader({ ...args, params });
  }
  return notFound.loader(args);
}
