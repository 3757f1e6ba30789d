/**
 * One contract per endpoint: `defineEndpoint` declares method, path, parameters, body, the success
 * response and the error responses once. The same declaration parses the request (the handler only
 * ever sees input that passed exactly these schemas) and is rendered into the OpenAPI document
 * (openapi.server.ts). `apiRouteHandlers` turns the endpoints of one path into a Remix route's
 * `loader`/`action`, answering undeclared methods with 405 + `Allow`. See docs/decisions/0005.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { isUserError, UserError, type UserErrorStatus } from "../errors";
import { bearerToken } from "../http.server";
import { corsPreflight, errorResponse, jsonResponse, withCors } from "./http.server";
import type { ApiErrorCode, ApiIssue } from "./schema";

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type ApiErrorStatus = Exclude<UserErrorStatus, 405>;

/**
 * Who may call: `public` (anyone), `cartToken` (the `X-Cart-Token` returned by POST /carts),
 * `orderToken` (the order's token as `X-Order-Token`, or `?token=` in links), `customerToken` (a
 * customer access token from POST /customer-sessions as `Authorization: Bearer`) or `adminToken` (an
 * Admin API token as `Authorization: Bearer`, checked by the endpoint's `authorize`).
 */
export type ApiSecurity = "public" | "cartToken" | "orderToken" | "customerToken" | "adminToken";

export interface ErrorResponseDoc {
  codes: readonly ApiErrorCode[];
  description: string;
}

export type NoInput = z.ZodObject<Record<string, never>>;

interface EndpointInput<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, A> {
  request: Request;
  /** What `authorize` returned (null without one). */
  auth: A;
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The credential named by `security` (null when absent or public). */
  token: string | null;
}

export interface EndpointSpec<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, R extends z.ZodType, A = null> {
  operationId: string;
  method: HttpMethod;
  /** Relative to /api/v1, OpenAPI style: "/carts/{id}/lines". */
  path: `/${string}`;
  summary: string;
  description: string;
  tag: string;
  security: ApiSecurity;
  /**
   * Runs before anything is parsed or looked up (a caller without the right is refused before its
   * input is validated); throws a UserError (401/403) to refuse. Its result is the handler's `auth`.
   */
  authorize?: (request: Request) => Promise<A>;
  /** The permission `authorize` checks, for the document (`x-permission`) and the role-matrix test. */
  permission?: string;
  /** Path parameters. A value that fails its schema names nothing: 404 `not_found`. */
  params?: P;
  /** Query parameters (unknown ones are ignored). Failures: 400 `invalid_parameter`, every one listed. */
  query?: Q;
  /** JSON body (a named component). Not JSON: 400 `invalid_body`; invalid: 400 `invalid_parameter`. */
  body?: B;
  /**
   * `multipart`: the body is multipart/form-data (file uploads) and `body` describes its fields (files
   * as `z.file()`), read from at most `maxBytes` bytes. Another content type: 415 `unsupported_media_type`;
   * a longer body: 413 `payload_too_large`. Default `json`.
   */
  bodyEncoding?: { type: "multipart"; maxBytes: number };
  /** The JSON body may be left out entirely: an empty body is read as `{}` (the schema's defaults). */
  bodyOptional?: true;
  /**
   * `mediaType` "text/csv": a download; the handler answers with its own streaming Response (which
   * sets Content-Disposition) and `schema` only describes the body for the document.
   */
  response: { status: 200 | 201 | 202; description: string; schema: R; mediaType?: "text/csv" };
  /** "public": successful responses may be cached by URL (CDN); otherwise `no-store`. */
  cache?: "public";
  errors: Partial<Record<ApiErrorStatus, ErrorResponseDoc>>;
  handler: (input: EndpointInput<P, Q, B, A>) => Promise<z.output<R> | Response>;
}

/** A declared endpoint: its contract (for the document) and how to run it. */
export interface Endpoint extends Omit<EndpointSpec<z.ZodObject, z.ZodObject, z.ZodType, z.ZodType, unknown>, "handler" | "authorize"> {
  run(request: Request, params: Record<string, string | undefined>): Promise<Response>;
}

export function defineEndpoint<
  R extends z.ZodType,
  P extends z.ZodObject = NoInput,
  Q extends z.ZodObject = NoInput,
  B extends z.ZodType = z.ZodUndefined,
  A = null,
>(spec: EndpointSpec<P, Q, B, R, A>): Endpoint {
  const { handler, authorize, ...contract } = spec;
  return {
    ...contract,
    async run(request, rawParams) {
      const auth = authorize ? await authorize(request) : (null as A);
      const params = spec.params ? await parsePath(spec.params, rawParams) : ({} as z.output<P>);
      const query = spec.query ? await parseQuery(spec.query, request) : ({} as z.output<Q>);
      const body = spec.body ? (spec.bodyEncoding ? await parseMultipart(spec.body, request, spec.bodyEncoding.maxBytes) : await parseBody(spec.body, request, spec.bodyOptional)) : (undefined as z.output<B>);
      const data = await handler({ request, auth, params, query, body, token: credential(spec.security, request) });
      if (data instanceof Response) return data;
      // A request with credentials may get a different answer (early access): never stored by a shared cache.
      return jsonResponse(data, { status: spec.response.status, cache: spec.cache === "public" && !request.headers.has("authorization") });
    },
  };
}

function credential(security: ApiSecurity, request: Request): string | null {
  if (security === "cartToken") return request.headers.get("x-cart-token");
  if (security === "orderToken") return request.headers.get("x-order-token") ?? new URL(request.url).searchParams.get("token");
  if (security === "customerToken") return bearerToken(request);
  return null;
}

function issuesOf(error: z.ZodError, root: string, order: readonly string[] = []): ApiIssue[] {
  const issues = error.issues.map((i) => ({ field: i.path.map(String).join(".") || root, message: i.message }));
  const rank = (field: string) => {
    const at = order.indexOf(field.split(".")[0]!);
    return at === -1 ? order.length : at;
  };
  return issues.sort((a, b) => rank(a.field) - rank(b.field));
}

async function parsePath<P extends z.ZodObject>(schema: P, raw: Record<string, string | undefined>): Promise<z.output<P>> {
  const result = await schema.safeParseAsync(raw);
  if (result.success) return result.data;
  const [first] = issuesOf(result.error, "path");
  throw new UserError("not_found", `${first!.field}: ${first!.message}`, 404, first!.field);
}

async function parseQuery<Q extends z.ZodObject>(schema: Q, request: Request): Promise<z.output<Q>> {
  const result = await schema.safeParseAsync(Object.fromEntries(new URL(request.url).searchParams));
  if (result.success) return result.data;
  const issues = issuesOf(result.error, "query", Object.keys(schema.shape));
  const message = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  throw new UserError("invalid_parameter", message, 400, issues[0]!.field, { issues });
}

async function parseBody<B extends z.ZodType>(schema: B, request: Request, optional?: true): Promise<z.output<B>> {
  let json: unknown;
  try {
    const text = await request.text();
    json = optional && text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new UserError("invalid_body", "The request body must be JSON.", 400);
  }
  const result = await schema.safeParseAsync(json);
  if (result.success) return result.data;
  const issues = issuesOf(result.error, "body");
  const first = issues[0]!;
  throw new UserError("invalid_parameter", `${first.field}: ${first.message}`, 400, first.field, { issues });
}

/** The body's bytes, refusing (413) once more than `maxBytes` arrive, so an oversized upload is never held whole. */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new UserError("payload_too_large", `The request body may be up to ${maxBytes} bytes.`, 413);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

async function parseMultipart<B extends z.ZodType>(schema: B, request: Request, maxBytes: number): Promise<z.output<B>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new UserError("unsupported_media_type", "Send the body as multipart/form-data (a form with a file field).", 415);
  }
  const bytes = await readCapped(request, maxBytes);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes) as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": type } }).formData();
  } catch {
    throw new UserError("invalid_body", "The request body is not valid multipart/form-data.", 400);
  }
  const fields: Record<string, FormDataEntryValue> = {};
  for (const [name, value] of form.entries()) fields[name] ??= value;
  const result = await schema.safeParseAsync(fields);
  if (result.success) return result.data;
  const issues = issuesOf(result.error, "body");
  const first = issues[0]!;
  throw new UserError("invalid_parameter", `${first.field}: ${first.message}`, 400, first.field, { issues });
}

// ---------------------------------------------------------------------------------------------
// Errors → the one error body

const CODE_FOR_STATUS: Partial<Record<number, ApiErrorCode>> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "rate_limited" };

function errorToResponse(error: unknown): Response {
  if (isUserError(error)) {
    const headers: Record<string, string> | undefined =
      error.status === 429 && error.retryAfterSeconds !== undefined
        ? { "Retry-After": String(Math.max(0, Math.ceil(error.retryAfterSeconds))) }
        : error.status === 401
          ? { "WWW-Authenticate": 'Bearer realm="storefront"' } // RFC 6750 §3
          : undefined;
    // Domain codes are plain strings; the contract tests check each one is in API_ERROR_CODES.
    return errorResponse(error.status, error.code as ApiErrorCode, error.message, { field: error.field, details: error.details, headers });
  }
  if (error instanceof Response && error.status < 400) return error;
  if (error instanceof Response && error.status < 500) {
    // A guard from elsewhere threw a Response: keep its status, give it the API's body.
    const code = CODE_FOR_STATUS[error.status] ?? "invalid_parameter";
    return errorResponse(error.status, code, error.status === 404 ? "Not found" : error.statusText || "Bad request");
  }
  console.error("[api] unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side; please retry later.");
}

// ---------------------------------------------------------------------------------------------
// Remix route modules

type RouteArgs = LoaderFunctionArgs | ActionFunctionArgs;
type RouteHandler = (args: RouteArgs) => Promise<Response>;

const allowHeader = (methods: readonly string[]) => [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");

/** Per API: whether browsers of other origins may call it (the Storefront API) or never (the Admin API). */
export interface ApiRouteOptions {
  cors: boolean;
  /** Named in the 404 body of unknown paths. */
  documentPath: string;
}

const STOREFRONT_ROUTES: ApiRouteOptions = { cors: true, documentPath: "/api/v1/openapi.json" };

/**
 * `loader` and `action` for a route serving `endpoints` (all of one path). OPTIONS is the CORS
 * preflight (without CORS: just `Allow`), HEAD runs GET, a method not declared is 405 with `Allow`
 * (RFC 9110 §15.5.6).
 */
export function apiRouteHandlers(endpoints: readonly Endpoint[], opts: ApiRouteOptions = STOREFRONT_ROUTES): { loader: RouteHandler; action: RouteHandler } {
  const byMethod = new Map<string, Endpoint>(endpoints.map((e) => [e.method, e]));
  const methods = endpoints.map((e) => e.method);
  const allow = allowHeader(methods);
  const handle: RouteHandler = async ({ request, params }) => {
    if (request.method === "OPTIONS") return opts.cors ? corsPreflight(request, allow) : noCorsPreflight(allow);
    const endpoint = byMethod.get(request.method === "HEAD" ? "GET" : request.method);
    let response: Response;
    if (!endpoint) {
      response = errorResponse(405, "method_not_allowed", `${request.method} is not supported here; use ${methods.join(" or ")}.`, { headers: { Allow: allow } });
    } else {
      try {
        response = await endpoint.run(request, params);
      } catch (error) {
        response = errorToResponse(error);
      }
    }
    return opts.cors ? withCors(request, response) : response;
  };
  return { loader: handle, action: handle };
}

function noCorsPreflight(allow: string): Response {
  return new Response(null, { status: 204, headers: { Allow: allow, "Cache-Control": "no-store" } });
}

/** `loader` and `action` for /api/* paths that name no endpoint: a JSON 404 for every method. */
export function apiNotFoundHandlers(opts: ApiRouteOptions = STOREFRONT_ROUTES): { loader: RouteHandler; action: RouteHandler } {
  const handle: RouteHandler = async ({ request }) => {
    const allow = allowHeader(["GET"]);
    if (request.method === "OPTIONS") return opts.cors ? corsPreflight(request, allow) : noCorsPreflight(allow);
    const { pathname } = new URL(request.url);
    const message = `No API endpoint at ${pathname}; the endpoints are listed in ${opts.documentPath}.`;
    const response = errorResponse(404, "not_found", message);
    return opts.cors ? withCors(request, response) : response;
  };
  return { loader: handle, action: handle };
}
