/**
 * The OpenAPI 3.1 document of the Storefront API, generated from the zod schemas in api.schema.ts
 * (zod 4's z.toJSONSchema, JSON Schema draft 2020-12, which is OpenAPI 3.1's dialect). Named
 * schemas live under components/schemas and are $ref-ed; nothing here is written by hand twice.
 */
import { z } from "zod";
import { API_CACHE_CONTROL } from "./api.server";
import {
  apiComponents,
  CollectionListSchema,
  CollectionsQuerySchema,
  ErrorSchema,
  MarketListSchema,
  MarketsQuerySchema,
  ProductConnectionSchema,
  ProductQuerySchema,
  ProductSchema,
  ProductsQuerySchema,
} from "./api.schema";

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
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content: { "application/json": { schema: JsonSchema } };
}

interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: ParameterObject[];
  responses: Record<string, ResponseObject>;
}

const DIALECT = "https://json-schema.org/draft/2020-12/schema";
const TARGET = "draft-2020-12" as const;

export function componentRef(schema: z.ZodType): { $ref: string } {
  const meta = apiComponents.get(schema);
  if (!meta) throw new Error("Schema is not registered in apiComponents");
  return { $ref: `#/components/schemas/${meta.id}` };
}

/** components/schemas from the registry; each without its own $schema/$id (the document sets the dialect). */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiComponents, {
    target: TARGET,
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
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
        "Headless, read-only catalog API of the Harbor storefront. JSON only.",
        "",
        "- Every catalog endpoint takes a `market` (see GET /markets): it selects language, currency and stock locations.",
        '- Money is `MoneyV2`: `{ "amount": "59.95", "currencyCode": "EUR" }`, a decimal string with the currency\'s ISO 4217 decimals (JPY none, KWD three).',
        "- Errors always have the body `{ error: { code, message, field? }, issues? }`; bad input is a 400 that names the parameter, never a 500.",
        "- Browsers: CORS is allowed for the origins configured in STOREFRONT_API_ORIGINS (allowed request headers include `Content-Type` and `X-Cart-Token`).",
        `- Successful reads send \`Cache-Control: ${API_CACHE_CONTROL}\`.`,
      ].join("\n"),
    },
    tags: [
      { name: "Markets", description: "Where and how the store sells." },
      { name: "Catalog", description: "Collections and products, localized per market." },
      { name: "Meta", description: "About the API itself." },
    ],
    paths: {
      "/markets": { get: marketsOp },
      "/collections": { get: collectionsOp },
      "/products": { get: productsOp },
      "/products/{handle}": { get: productOp },
      "/openapi.json": { get: openapiOp },
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
