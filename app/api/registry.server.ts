/**
 * The Storefront API (/api/v1): every endpoint declared in this folder, the OpenAPI document
 * generated from them, and the loader/action of each API route. Route files only name their path.
 */
import { z } from "zod";
import { apiNotFoundHandlers, apiRouteHandlers, defineEndpoint, type Endpoint } from "~/lib/api/endpoint.server";
import { API_CACHE_CONTROL, API_NO_STORE } from "~/lib/api/http.server";
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiDocumentInfo } from "~/lib/api/openapi.server";
import { publicOrigin } from "~/lib/http.server";
import { cartEndpoints } from "./carts.server";
import { catalogEndpoints } from "./catalog.server";
import { checkoutEndpoints } from "./checkout.server";
import { customerEndpoints } from "./customers.server";
import { subscriptionEndpoints } from "./subscriptions.server";
import { loyaltyEndpoints } from "./loyalty.server";

const DOCUMENT_INFO: OpenApiDocumentInfo = {
  info: {
    title: "Harbor Storefront API",
    version: "1.0.0",
    description: [
      "Headless API of the Harbor storefront: the catalog plus carts, checkout and orders. JSON only.",
      "",
      "- Every catalog endpoint takes a `market` (see GET /markets): it selects language, currency and stock locations.",
      '- Money is `MoneyV2`: `{ "amount": "59.95", "currencyCode": "EUR" }`, a decimal string with the currency\'s ISO 4217 decimals (JPY none, KWD three).',
      "- Every error has the body `{ error: { code, message, field?, details? } }` (`Error`): 400 malformed input naming the field, 401/403, 404, 405 with `Allow`, 409 conflicts with the current state, 422 business refusals, 429 with `Retry-After`. Bad input is never a 500.",
      "- Carts: POST /carts returns a secret `token` once; send it as `X-Cart-Token` on every request for that cart (a wrong token is a 404, like an unknown cart). Prices always come from the catalog.",
      "- Customers: POST /customer-sessions returns an `accessToken`; send it as `Authorization: Bearer <token>` to GET /customer and the other account endpoints, and with POST /carts to make the cart (and its order) the customer's.",
      "- Browsers: CORS is allowed for the origins configured in STOREFRONT_API_ORIGINS (allowed request headers include `Content-Type`, `X-Cart-Token`, `X-Order-Token` and `Authorization`).",
      `- Successful catalog reads send \`Cache-Control: ${API_CACHE_CONTROL}\`; everything else sends \`Cache-Control: ${API_NO_STORE}\`.`,
    ].join("\n"),
    license: { name: "Proprietary (all rights reserved)", identifier: "LicenseRef-Proprietary" },
  },
  tags: [
    { name: "Markets", description: "Where and how the store sells." },
    { name: "Catalog", description: "Collections and products, localized per market." },
    { name: "Cart", description: "Carts: lines, discount codes, market, email, shipping address and method. Authenticated with `X-Cart-Token`." },
    { name: "Checkout", description: "Paying for a cart." },
    { name: "Orders", description: "Orders, for the holder of the order token." },
    { name: "Customers", description: "Customer accounts: sign up, sign in (an access token sent as `Authorization: Bearer`), password reset, the account with its orders, data export and erasure." },
    { name: "Newsletter", description: "Newsletter sign-ups with recorded consent (double opt-in where the market asks for it)." },
    { name: "Meta", description: "About the API itself." },
  ],
};

const OpenApiDocumentSchema = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
    components: z.record(z.string(), z.unknown()),
  })
  .describe("An OpenAPI 3.1 document.");

const openApiEndpoint = defineEndpoint({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/openapi.json",
  summary: "This document",
  description: "The OpenAPI 3.1 description of the Storefront API (JSON Schema draft 2020-12).",
  tag: "Meta",
  security: "public",
  response: { status: 200, description: "The OpenAPI document.", schema: OpenApiDocumentSchema },
  cache: "public",
  errors: {},
  handler: async ({ request }) => openApiDocument(publicOrigin(request)),
});

const API_ENDPOINTS: readonly Endpoint[] = [...catalogEndpoints, openApiEndpoint, ...cartEndpoints, ...checkoutEndpoints, ...customerEndpoints, ...subscriptionEndpoints, ...loyaltyEndpoints];

let document: OpenApiDocument | null = null;

/** The document; `origin` (e.g. https://shop.example.com) fills in `servers`. */
export function openApiDocument(origin: string): OpenApiDocument {
  document ??= buildOpenApiDocument(API_ENDPOINTS, DOCUMENT_INFO, "");
  return { ...document, servers: document.servers.map((s) => ({ ...s, url: `${origin}${s.url}` })) };
}

/** `loader`/`action` for the route serving `path` (as declared, e.g. "/carts/{id}/lines"). */
export function apiRoute(path: string) {
  const endpoints = API_ENDPOINTS.filter((e) => e.path === path);
  if (!endpoints.length) throw new Error(`No API endpoint is declared for ${path}`);
  return apiRouteHandlers(endpoints);
}

/** `loader`/`action` for /api/* paths that name no endpoint. */
export const apiFallbackRoute = apiNotFoundHandlers;

/** Declared paths, for the test that every one is routed. */
export const API_PATHS: readonly string[] = [...new Set(API_ENDPOINTS.map((e) => e.path))];
