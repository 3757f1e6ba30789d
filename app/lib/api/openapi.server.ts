/**
 * Renders declared endpoints into an OpenAPI 3.1 document. Schemas come from zod 4's
 * z.toJSONSchema (JSON Schema draft 2020-12, OpenAPI 3.1's dialect); named schemas live under
 * components/schemas and are $ref-ed. Nothing about an endpoint is written here: paths,
 * parameters, bodies, responses and security all come from its `defineEndpoint` declaration.
 */
import { z } from "zod";
import type { ApiSecurity, Endpoint, ErrorResponseDoc } from "./endpoint.server";
import { API_BASE_PATH, API_CACHE_CONTROL, API_NO_STORE } from "./http.server";
import { apiComponents, apiInputComponentIds, ApiErrorSchema, documentedForm } from "./schema";

type JsonSchema = Record<string, unknown>;

interface ParameterObject {
  name: string;
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface HeaderObject {
  description: string;
  schema: JsonSchema;
}

interface ResponseObject {
  description: string;
  headers: Record<string, HeaderObject>;
  content: Partial<Record<"application/json" | "text/csv", { schema: JsonSchema }>>;
  /** Error responses: every `error.code` this status may carry (machine-readable; also in the description). */
  "x-error-codes"?: string[];
}

interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { required: boolean; content: Partial<Record<"application/json" | "multipart/form-data", { schema: JsonSchema }>> };
  responses: Record<string, ResponseObject>;
  /** The permission (`action:entity`) the caller's role needs (Admin API). */
  "x-permission"?: string;
}

type SecuritySchemeObject =
  | { type: "apiKey"; in: "header" | "query"; name: string; description: string }
  | { type: "http"; scheme: "bearer"; description: string };

export type OpenApiDocument = {
  openapi: "3.1.0";
  jsonSchemaDialect: string;
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, SecuritySchemeObject> };
};

export type OpenApiDocumentInfo = Pick<OpenApiDocument, "info" | "tags">;

const DIALECT = "https://json-schema.org/draft/2020-12/schema";
const TARGET = "draft-2020-12" as const;

const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  cartToken: {
    type: "apiKey",
    in: "header",
    name: "X-Cart-Token",
    description: "The secret `token` returned once by POST /carts. A missing or wrong token answers 404 `cart_not_found`, like an unknown cart.",
  },
  orderToken: {
    type: "apiKey",
    in: "header",
    name: "X-Order-Token",
    description: "The order's access token (`PaymentStart.orderToken`). A missing or wrong token answers 404 `order_not_found`.",
  },
  customerToken: {
    type: "http",
    scheme: "bearer",
    description: "A customer access token (`CustomerAccessToken.accessToken` from POST /customer-sessions) as `Authorization: Bearer <token>`. Missing, expired or signed out: 401 `unauthorized`.",
  },
  orderTokenQuery: {
    type: "apiKey",
    in: "query",
    name: "token",
    description: "The order's access token in a link (the confirmation email); use `X-Order-Token` otherwise.",
  },
  adminToken: {
    type: "http",
    scheme: "bearer",
    description:
      "An Admin API token (`npm run harbor -- staff token --email E`), sent as `Authorization: Bearer <token>`. Missing or unknown: 401 `unauthorized`; the owner's role lacks the operation's `x-permission`: 403 `forbidden`, before the input is validated.",
  },
};

const SECURITY: Record<ApiSecurity, Record<string, string[]>[]> = {
  public: [],
  customerToken: [{ customerToken: [] }],
  cartToken: [{ cartToken: [] }],
  orderToken: [{ orderToken: [] }, { orderTokenQuery: [] }],
  adminToken: [{ adminToken: [] }],
};

function withoutMeta(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/**
 * components/schemas from the registry. Responses are rendered as what the server sends (io
 * "output": no unknown fields); request bodies (registered with io "input") as what a client may send.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const render = (io: "input" | "output") =>
    z.toJSONSchema(apiComponents, { target: TARGET, io, uri: (id) => `#/components/schemas/${id}` }).schemas;
  const output = render("output");
  const input = render("input");
  if ("__shared" in input || "__shared" in output) throw new Error("openapi: a schema is shared without an id; register it with named()");
  const out: Record<string, JsonSchema> = {};
  for (const id of Object.keys(output)) out[id] = withoutMeta((apiInputComponentIds.has(id) ? input[id] : output[id]) as JsonSchema);
  return out;
}

function componentRef(schema: z.ZodType): JsonSchema {
  const meta = apiComponents.get(schema);
  if (meta) return { $ref: `#/components/schemas/${meta.id}` };
  return withoutMeta(z.toJSONSchema(schema, { target: TARGET, io: "output" }) as JsonSchema);
}

/** One parameter per field of an object schema, as a client sends it (io "input"). */
function parameters(schema: z.ZodObject | undefined, where: "path" | "query"): ParameterObject[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const doc = documentedForm(field as z.ZodType);
    const { $schema: _s, description, ...json } = z.toJSONSchema(doc, { target: TARGET, io: "input" }) as JsonSchema;
    return {
      name,
      in: where,
      required: where === "path" || !doc.safeParse(undefined).success,
      ...(typeof description === "string" ? { description } : {}),
      schema: json,
    };
  });
}

const corsHeaders: Record<string, HeaderObject> = {
  Vary: { description: "Always includes `Origin`.", schema: { type: "string" } },
  "Access-Control-Allow-Origin": {
    description: "The request's Origin, echoed only when it is listed in STOREFRONT_API_ORIGINS.",
    schema: { type: "string" },
  },
};

function cacheHeader(cache: boolean): Record<string, HeaderObject> {
  const description = cache ? `\`${API_CACHE_CONTROL}\`: safe for a CDN to cache by URL.` : `\`${API_NO_STORE}\`.`;
  return { "Cache-Control": { description, schema: { type: "string" } } };
}

const downloadHeader: Record<string, HeaderObject> = {
  "Content-Disposition": { description: '`attachment; filename="<name>.csv"` (RFC 6266): a browser saves the file.', schema: { type: "string" } },
};

const retryAfter: Record<string, HeaderObject> = {
  "Retry-After": { description: "Seconds to wait before retrying (RFC 9110 §10.2.3).", schema: { type: "integer", minimum: 0 } },
};

/**
 * Every operation may meet the database away, a full pool or a statement timeout: the request layer
 * (health module's answerWithAvailability) then answers 503 with Retry-After, whatever the endpoint.
 */
const SERVICE_UNAVAILABLE: ErrorResponseDoc = {
  codes: ["service_unavailable"],
  description: "The store's database is unavailable, busy or too slow right now; retry after `Retry-After` seconds.",
};

/** How a document differs between APIs: its base path, and whether responses carry CORS headers. */
export interface OpenApiOptions {
  basePath: string;
  cors: boolean;
}

function operation(endpoint: Endpoint, opts: OpenApiOptions): OperationObject {
  const cors = opts.cors ? corsHeaders : {};
  const params = [...parameters(endpoint.params, "path"), ...parameters(endpoint.query, "query")];
  const responses: Record<string, ResponseObject> = {
    [endpoint.response.status]: {
      description: endpoint.response.description,
      headers: { ...cacheHeader(endpoint.cache === "public"), ...cors, ...(endpoint.response.mediaType === "text/csv" ? downloadHeader : {}) },
      content: { [endpoint.response.mediaType ?? "application/json"]: { schema: componentRef(endpoint.response.schema) } },
    },
  };
  const errors: Record<string, ErrorResponseDoc> = { ...endpoint.errors, 503: SERVICE_UNAVAILABLE };
  for (const [status, doc] of Object.entries(errors)) {
    const codes = doc.codes.map((c) => `\`${c}\``).join(", ");
    responses[status] = {
      description: `${doc.description} \`error.code\`: ${codes}.`,
      headers: { ...cacheHeader(false), ...cors, ...(status === "429" || status === "503" ? retryAfter : {}) },
      content: { "application/json": { schema: componentRef(ApiErrorSchema) } },
      "x-error-codes": [...doc.codes],
    };
  }
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: endpoint.description,
    tags: [endpoint.tag],
    security: SECURITY[endpoint.security],
    ...(params.length ? { parameters: params } : {}),
    ...(endpoint.body ? { requestBody: { required: !endpoint.bodyOptional, content: { [endpoint.bodyEncoding ? "multipart/form-data" : "application/json"]: { schema: componentRef(endpoint.body) } } } } : {}),
    responses,
    ...(endpoint.permission ? { "x-permission": endpoint.permission } : {}),
  };
}

/** Names of the components/schemas `root` refers to, followed through the components themselves. */
function referencedSchemas(root: unknown, schemas: Record<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const id = key === "$ref" && typeof value === "string" ? /^#\/components\/schemas\/(.+)$/.exec(value)?.[1] : undefined;
      if (id && !seen.has(id)) {
        seen.add(id);
        walk(schemas[id]);
      } else walk(value);
    }
  };
  walk(root);
  return seen;
}

/** The document for `endpoints`; `origin` (e.g. https://shop.example.com) fills in `servers`. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], meta: OpenApiDocumentInfo, origin: string, opts: OpenApiOptions = { basePath: API_BASE_PATH, cors: true }): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const endpoint of endpoints) {
    const item = (paths[endpoint.path] ??= {});
    const method = endpoint.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: ${endpoint.method} ${endpoint.path} is declared twice`);
    item[method] = operation(endpoint, opts);
  }
  // One registry of named schemas serves every API: each document keeps the ones it uses.
  const all = componentSchemas();
  const used = referencedSchemas(paths, all);
  const schemas = Object.fromEntries(Object.entries(all).filter(([id]) => used.has(id)));
  const usedSchemes = new Set(endpoints.flatMap((e) => SECURITY[e.security].flatMap((r) => Object.keys(r))));
  const securitySchemes = Object.fromEntries(Object.entries(SECURITY_SCHEMES).filter(([name]) => usedSchemes.has(name)));
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: DIALECT,
    info: meta.info,
    servers: [{ url: `${origin}${opts.basePath}`, description: "This store" }],
    tags: meta.tags,
    paths,
    components: { schemas, securitySchemes },
  };
}
