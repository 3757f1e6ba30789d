/**
 * The OpenAPI 3.1 document of the Storefront API, generated from the zod schemas in api.schema.ts
 * (zod 4's z.toJSONSchema, JSON Schema draft 2020-12, which is OpenAPI 3.1's dialect). Named
 * schemas live under components/schemas and are $ref-ed; nothing here is written by hand twice.
 */
import { z } from "zod";
import { API_CACHE_CONTROL, API_NO_STORE } from "~/modules/catalog/api.server";
import {
  CartCreateBodySchema,
  CartEmailInputSchema,
  CartErrorSchema,
  CartLineInputSchema,
  CartLineUpdateSchema,
  CartMarketInputSchema,
  CartSchema,
  DiscountCodeInputSchema,
  OrderSchema,
  PaymentStartSchema,
  ShippingAddressInputSchema,
  ShippingMethodInputSchema,
} from "~/modules/cart/cart-api.schema";
import {
  apiComponents,
  apiInputComponentIds,
  CollectionListSchema,
  CollectionsQuerySchema,
  ErrorSchema,
  MarketListSchema,
  MarketsQuerySchema,
  ProductConnectionSchema,
  ProductQuerySchema,
  ProductSchema,
  ProductsQuerySchema,
} from "~/modules/catalog/api.schema";

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema> };
}

interface ParameterObject {
  name: string;
  in: "query" | "path" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content: { "application/json": { schema: JsonSchema } };
}

interface RequestBodyObject {
  description?: string;
  required: boolean;
  content: { "application/json": { schema: JsonSchema } };
}

interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject>;
}

const DIALECT = "https://json-schema.org/draft/2020-12/schema";
const TARGET = "draft-2020-12" as const;

export function componentRef(schema: z.ZodType): { $ref: string } {
  const meta = apiComponents.get(schema);
  if (!meta) throw new Error("Schema is not registered in apiComponents");
  return { $ref: `#/components/schemas/${meta.id}` };
}

/**
 * components/schemas from the registry; each without its own $schema/$id (the document sets the
 * dialect). Responses are rendered as what the server sends (io "output": no unknown fields);
 * request bodies (registered with io "input") as what a client may send.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const render = (io: "input" | "output") =>
    z.toJSONSchema(apiComponents, { target: TARGET, io, uri: (id) => `#/components/schemas/${id}` }).schemas;
  const output = render("output");
  const input = render("input");
  const out: Record<string, JsonSchema> = {};
  if ("__shared" in input) throw new Error("openapi: a schema is shared without an id; register it in apiComponents");
  for (const id of Object.keys(output)) {
    const schema = apiInputComponentIds.has(id) ? input[id] : output[id];
    if (id === "__shared") throw new Error("openapi: a schema is shared without an id; register it in apiComponents");
    const { $schema: _s, $id: _i, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/** One OpenAPI parameter per field of a query schema (input side: what a client sends). */
function queryParameters(schema: z.ZodObject): ParameterObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const zodField = field as z.ZodType;
    const { $schema: _s, description, ...json } = z.toJSONSchema(zodField, { target: TARGET, io: "input" }) as JsonSchema;
    return {
      name,
      in: "query" as const,
      required: !zodField.safeParse(undefined).success,
      ...(typeof description === "string" ? { description } : {}),
      schema: json,
    };
  });
}

const jsonContent = (schema: z.ZodType) => ({ "application/json": { schema: componentRef(schema) } });

const successHeaders = {
  "Cache-Control": { description: `\`${API_CACHE_CONTROL}\` — safe for a CDN to cache by URL.`, schema: { type: "string" } },
  Vary: { description: "Always includes `Origin`.", schema: { type: "string" } },
  "Access-Control-Allow-Origin": {
    description: "The request's Origin, echoed only when it is listed in STOREFRONT_API_ORIGINS.",
    schema: { type: "string" },
  },
};

function ok(description: string, schema: z.ZodType): ResponseObject {
  return { description, headers: successHeaders, content: jsonContent(schema) };
}

const badRequest: ResponseObject = {
  description:
    'Invalid parameter(s). `error.code` is "invalid_parameter", `error.field` names the first bad parameter and `issues` lists every one, e.g. `{ "error": { "code": "invalid_parameter", "message": "first: must be between 1 and 100", "field": "first" }, "issues": [{ "field": "first", "message": "must be between 1 and 100" }] }`.',
  content: jsonContent(ErrorSchema),
};

function notFound(description: string): ResponseObject {
  return { description: `${description} \`error.code\` is "not_found".`, content: jsonContent(ErrorSchema) };
}

// ---------------------------------------------------------------------------------------------
// Cart, checkout and orders

const cartHeaders = {
  "Cache-Control": { description: `\`${API_NO_STORE}\` — carts and orders are private.`, schema: { type: "string" } },
  Vary: successHeaders.Vary,
  "Access-Control-Allow-Origin": successHeaders["Access-Control-Allow-Origin"],
};

function cartOk(description: string, schema: z.ZodType): ResponseObject {
  return { description, headers: cartHeaders, content: jsonContent(schema) };
}

function cartError(description: string): ResponseObject {
  return { description, headers: cartHeaders, content: jsonContent(CartErrorSchema) };
}

function body(schema: z.ZodType, description?: string): RequestBodyObject {
  return { required: true, ...(description ? { description } : {}), content: jsonContent(schema) };
}

const cartIdParam: ParameterObject = {
  name: "id",
  in: "path",
  required: true,
  description: "Cart id (`Cart.id`).",
  schema: { type: "string", minLength: 1 },
};

const cartTokenHeader: ParameterObject = {
  name: "X-Cart-Token",
  in: "header",
  required: true,
  description: "The secret `token` returned once by POST /carts. A missing or wrong token answers 404, like an unknown cart.",
  schema: { type: "string", minLength: 1 },
};

const cartParams = [cartIdParam, cartTokenHeader];

const cartBadRequest = cartError(
  'The body is not JSON (`invalid_body`) or a field is invalid (`invalid_parameter`, `error.field` names it, e.g. `{ "error": { "code": "invalid_parameter", "message": "quantity: Too big: expected number to be <=99", "field": "quantity" } }`), or the method is not allowed here (`method_not_allowed`).',
);
const cartNotFound = cartError("No cart with this id for this `X-Cart-Token` (`cart_not_found`); the same answer for an unknown id and a wrong token.");
const cartCompleted = cartError("The cart has already been ordered (`cart_completed`) and cannot change; start a new cart.");

const cartTag = "Cart";

function cartOp(
  operationId: string,
  summary: string,
  description: string,
  responses: Record<string, ResponseObject>,
  extra: { parameters?: ParameterObject[]; requestBody?: RequestBodyObject; tags?: string[] } = {},
): OperationObject {
  return {
    operationId,
    summary,
    description,
    tags: extra.tags ?? [cartTag],
    parameters: extra.parameters ?? cartParams,
    ...(extra.requestBody ? { requestBody: extra.requestBody } : {}),
    responses,
  };
}

function cartPaths(): Record<string, Record<string, OperationObject>> {
  const updated = (what: string) => cartOk(`${what} The cart, re-priced.`, CartSchema);
  return {
    "/carts": {
      post: cartOp(
        "createCart",
        "Create a cart",
        "A new, empty cart in a market. The response carries the cart's secret `token` (only here): send it as `X-Cart-Token` with every other cart request.",
        {
          "201": cartOk("The new cart, with `token`.", CartSchema),
          "400": cartError("Invalid body, unknown market (`invalid_parameter`, field `market`) or a currency the market does not sell in (`currency_not_enabled`, field `currency`)."),
        },
        { parameters: [], requestBody: body(CartCreateBodySchema) },
      ),
    },
    "/carts/{id}": {
      get: cartOp("getCart", "Get a cart", "The cart, re-priced now (prices, stock, discounts, shipping and tax may have changed since it was last read).", {
        "200": cartOk("The cart.", CartSchema),
        "404": cartNotFound,
      }),
    },
    "/carts/{id}/lines": {
      post: cartOp(
        "addCartLine",
        "Add a line",
        "Adds `quantity` of a variant (to the existing line of that variant, if any). The price always comes from the catalog; a `price` sent by the client is ignored.",
        {
          "201": cartOk("Added. The cart, re-priced.", CartSchema),
          "400": cartBadRequest,
          "404": cartError("Unknown cart / wrong token (`cart_not_found`), or no active variant with this id (`variant_not_found`, field `variantId`)."),
          "409": cartError("Not enough stock that ships to the market (`insufficient_stock`, `details.available`), or the cart is completed (`cart_completed`)."),
          "422": cartError("The variant is not sold in the cart's market (`variant_not_sold_in_market`), the line would exceed 99 units (`invalid_quantity`) or the cart has 100 lines (`too_many_lines`)."),
        },
        { requestBody: body(CartLineInputSchema) },
      ),
    },
    "/carts/{id}/lines/{lineId}": {
      patch: cartOp(
        "updateCartLine",
        "Change a line's quantity",
        "Sets the line's quantity; 0 removes it.",
        {
          "200": updated("Changed."),
          "400": cartBadRequest,
          "404": cartError("Unknown cart / wrong token (`cart_not_found`) or no such line in this cart (`line_not_found`, field `lineId`)."),
          "409": cartError("Not enough stock for a larger quantity (`insufficient_stock`, `details.available`), or the cart is completed (`cart_completed`)."),
        },
        {
          parameters: [cartIdParam, { name: "lineId", in: "path", required: true, description: "`CartLine.id`.", schema: { type: "string", minLength: 1 } }, cartTokenHeader],
          requestBody: body(CartLineUpdateSchema),
        },
      ),
      delete: cartOp(
        "removeCartLine",
        "Remove a line",
        "Removes the line from the cart.",
        {
          "200": updated("Removed."),
          "404": cartError("Unknown cart / wrong token (`cart_not_found`) or no such line in this cart (`line_not_found`, field `lineId`)."),
          "409": cartCompleted,
        },
        { parameters: [cartIdParam, { name: "lineId", in: "path", required: true, description: "`CartLine.id`.", schema: { type: "string", minLength: 1 } }, cartTokenHeader] },
      ),
    },
    "/carts/{id}/discount-codes": {
      post: cartOp(
        "applyDiscountCode",
        "Apply a discount code",
        "Applies a code, replacing any code already on the cart. A code that cannot be used is refused and not kept.",
        {
          "200": updated("Applied."),
          "400": cartBadRequest,
          "404": cartNotFound,
          "409": cartCompleted,
          "422": cartError("The code does not exist or does not apply to this cart (`discount_rejected`, field `code`, `details.reason`: not_found, inactive, not_started, expired, market, currency, min_subtotal, usage_limit or customer_limit)."),
        },
        { requestBody: body(DiscountCodeInputSchema) },
      ),
      delete: cartOp("removeDiscountCodes", "Remove discount codes", "Removes every code from the cart.", {
        "200": updated("Removed."),
        "404": cartNotFound,
        "409": cartCompleted,
      }),
    },
    "/carts/{id}/market": {
      put: cartOp(
        "setCartMarket",
        "Move the cart to another market",
        "Re-prices the whole cart in the new market's currency and language. A shipping address the new market does not ship to is cleared, and so is the shipping method.",
        {
          "200": updated("Moved."),
          "400": cartError("Invalid body or unknown market (`invalid_parameter`, field `market`)."),
          "404": cartNotFound,
          "409": cartCompleted,
          "422": cartError("An item in the cart is not sold in that market (`variant_not_sold_in_market`, field `market`, `details.lineIds`); nothing changed."),
        },
        { requestBody: body(CartMarketInputSchema) },
      ),
    },
    "/carts/{id}/email": {
      put: cartOp(
        "setCartEmail",
        "Set the email",
        "Sets the email address for the order confirmation.",
        { "200": updated("Set."), "400": cartBadRequest, "404": cartNotFound, "409": cartCompleted },
        { requestBody: body(CartEmailInputSchema) },
      ),
    },
    "/carts/{id}/shipping-address": {
      put: cartOp(
        "setCartShippingAddress",
        "Set the shipping address",
        "Validates and normalizes the address with its country's rules and stores it (clearing the chosen shipping method). The response lists the available `shippingMethods` and totals with tax for the destination.",
        {
          "200": updated("Set; `shippingMethods` lists what can ship there."),
          "400": cartBadRequest,
          "404": cartNotFound,
          "409": cartCompleted,
          "422": cartError(
            'The address is not valid for its country or the market does not ship there (`invalid_address`; `error.field` is the first bad field and `details.errors` maps every bad field to a message key, e.g. `{ "postalCode": "address.errors.postalCodeInvalid" }`).',
          ),
        },
        { requestBody: body(ShippingAddressInputSchema) },
      ),
    },
    "/carts/{id}/shipping-method": {
      put: cartOp(
        "setCartShippingMethod",
        "Choose a shipping method",
        "Chooses one of the cart's `shippingMethods`. Setting or changing the shipping address clears the choice.",
        {
          "200": updated("Chosen."),
          "400": cartBadRequest,
          "404": cartNotFound,
          "409": cartCompleted,
          "422": cartError("The method is not available for this cart and address (`shipping_method_unavailable`, field `method`)."),
        },
        { requestBody: body(ShippingMethodInputSchema) },
      ),
    },
    "/carts/{id}/payment": {
      post: cartOp(
        "startPayment",
        "Start payment",
        "Starts paying for the cart as priced now and reserves the stock. Idempotent: calling it again for an unchanged cart returns the same payment; after a change, the earlier payment is cancelled and a new one started. The order is created when the payment succeeds; read it with GET /orders/{id}.",
        {
          "201": { description: "The payment: `clientSecret` (Stripe) or `redirectUrl` (demo payment page).", headers: cartHeaders, content: jsonContent(PaymentStartSchema) },
          "400": cartError("Method not allowed (`method_not_allowed`)."),
          "404": cartNotFound,
          "409": cartError("The cart is already ordered (`cart_completed`), an item is short of stock (`insufficient_stock`, `details`), a code has been used up (`discount_rejected`) or the provider is unavailable (`payment_unavailable`); retry after fixing the cart."),
          "422": cartError(
            "The cart is not ready for checkout; `error.code` and `error.field` name the first problem: `cart_empty` (lines), `email_required` (email), `address_required` / `address_invalid` (shippingAddress), `country_not_served`, `shipping_method_required` (shippingMethod), `variant_not_sold_in_market` (lines), or a rejected discount code (discountCodes).",
          ),
        },
        { tags: ["Checkout"] },
      ),
    },
    "/orders/{id}": {
      get: cartOp(
        "getOrder",
        "Get an order",
        "The order for the holder of its token (`PaymentStart.orderToken`, or the link in the confirmation email): send it as `X-Order-Token` or, for links, as `?token=`.",
        {
          "200": cartOk("The order.", OrderSchema),
          "404": cartError("No order with this id for this token (`order_not_found`); the same answer for an unknown id and a wrong or missing token."),
        },
        {
          tags: ["Orders"],
          parameters: [
            { name: "id", in: "path", required: true, description: "Order id.", schema: { type: "string", minLength: 1 } },
            { name: "X-Order-Token", in: "header", required: false, description: "The order's access token. Required unless `token` is given.", schema: { type: "string" } },
            { name: "token", in: "query", required: false, description: "The order's access token, for links; use `X-Order-Token` otherwise.", schema: { type: "string" } },
          ],
        },
      ),
    },
  };
}

function build(): Omit<OpenApiDocument, "servers"> {
  const marketsOp: OperationObject = {
    operationId: "listMarkets",
    summary: "List markets",
    description: "Every enabled market. Pass a market's `handle` as the `market` parameter of the other endpoints.",
    tags: ["Markets"],
    parameters: queryParameters(MarketsQuerySchema),
    responses: { "200": ok("The markets, in display order.", MarketListSchema) },
  };
  const collectionsOp: OperationObject = {
    operationId: "listCollections",
    summary: "List collections",
    description: "Every collection, with title, description and handle in the market's language.",
    tags: ["Catalog"],
    parameters: queryParameters(CollectionsQuerySchema),
    responses: {
      "200": ok("The collections, in merchandising order.", CollectionListSchema),
      "400": badRequest,
    },
  };
  const productsOp: OperationObject = {
    operationId: "listProducts",
    summary: "List or search products",
    description:
      "A page of active products priced in the market's currency, optionally within a collection and/or matching a search. Page with `first` and `after` (= `pageInfo.endCursor`) until `pageInfo.hasNextPage` is false.",
    tags: ["Catalog"],
    parameters: queryParameters(ProductsQuerySchema),
    responses: {
      "200": ok("One page of products.", ProductConnectionSchema),
      "400": badRequest,
      "404": notFound("The `collection` handle names no collection."),
    },
  };
  const productOp: OperationObject = {
    operationId: "getProduct",
    summary: "Get a product",
    description:
      "A product with options, variants (price, stock, weight), images and SEO fields. The handle may be the product's handle in any of the store's languages; the response always carries the market's canonical `handle` (no redirect).",
    tags: ["Catalog"],
    parameters: [
      {
        name: "handle",
        in: "path",
        required: true,
        description: "Product handle in any of the store's languages, e.g. celadon-teapot.",
        schema: { type: "string", minLength: 1, maxLength: 200 },
      },
      ...queryParameters(ProductQuerySchema),
    ],
    responses: {
      "200": ok("The product, localized and priced for the market.", ProductSchema),
      "400": badRequest,
      "404": notFound("No active product has this handle, or it is not sold in the market."),
    },
  };
  const openapiOp: OperationObject = {
    operationId: "getOpenApiDocument",
    summary: "This document",
    description: "The OpenAPI 3.1 description of the Storefront API (JSON Schema draft 2020-12).",
    tags: ["Meta"],
    parameters: [],
    responses: {
      "200": {
        description: "The OpenAPI document.",
        headers: successHeaders,
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: {
                openapi: { type: "string", const: "3.1.0" },
                info: { type: "object" },
                paths: { type: "object" },
                components: { type: "object" },
              },
              required: ["openapi", "info", "paths", "components"],
            },
          },
        },
      },
    },
  };
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: DIALECT,
    info: {
      title: "Harbor Storefront API",
      version: "1.0.0",
      description: [
        "Headless API of the Harbor storefront: a read-only catalog plus carts, checkout and orders. JSON only.",
        "",
        "- Every catalog endpoint takes a `market` (see GET /markets): it selects language, currency and stock locations.",
        '- Money is `MoneyV2`: `{ "amount": "59.95", "currencyCode": "EUR" }`, a decimal string with the currency\'s ISO 4217 decimals (JPY none, KWD three).',
        "- Errors always have the body `{ error: { code, message, field? }, issues? }`; bad input is a 400 that names the parameter, never a 500.",
        "- Browsers: CORS is allowed for the origins configured in STOREFRONT_API_ORIGINS (allowed request headers include `Content-Type` and `X-Cart-Token`).",
        `- Successful catalog reads send \`Cache-Control: ${API_CACHE_CONTROL}\`; cart, checkout and order responses send \`Cache-Control: ${API_NO_STORE}\`.`,
        "- Carts: POST /carts returns a secret `token` once; send it as `X-Cart-Token` on every request for that cart (a wrong token is a 404, like an unknown cart). Cart errors have the body `{ error: { code, message, field?, details? } }` (`CartError`); prices always come from the catalog.",
      ].join("\n"),
    },
    tags: [
      { name: "Markets", description: "Where and how the store sells." },
      { name: "Catalog", description: "Collections and products, localized per market." },
      { name: "Cart", description: "Carts: lines, discount codes, market, email, shipping address and method. Authenticated with `X-Cart-Token`." },
      { name: "Checkout", description: "Paying for a cart." },
      { name: "Orders", description: "Orders, for the holder of the order token." },
      { name: "Meta", description: "About the API itself." },
    ],
    paths: {
      "/markets": { get: marketsOp },
      "/collections": { get: collectionsOp },
      "/products": { get: productsOp },
      "/products/{handle}": { get: productOp },
      "/openapi.json": { get: openapiOp },
      ...cartPaths(),
    },
    components: { schemas: componentSchemas() },
  };
}

let cached: Omit<OpenApiDocument, "servers"> | null = null;

/** The document; `origin` (e.g. https://shop.example.com) fills in `servers`. */
export function openApiDocument(origin: string): OpenApiDocument {
  cached ??= build();
  const { openapi, jsonSchemaDialect, info, ...rest } = cached;
  return { openapi, jsonSchemaDialect, info, servers: [{ url: `${origin}/api/v1`, description: "This store" }], ...rest };
}
