/** Storefront API plumbing shared by every endpoint: JSON responses, the error body and CORS. */
import { getEnv } from "../env.server";
import type { ApiErrorBody, ApiErrorCode, ApiIssue } from "./schema";

/** The prefix of every endpoint's path (the OpenAPI `servers` URL ends with it). */
export const API_BASE_PATH = "/api/v1";

/** Successful catalog reads: cacheable by URL (the market is a query parameter, so part of the key). */
export const API_CACHE_CONTROL = "public, max-age=60, s-maxage=300";
export const API_NO_STORE = "no-store";

export function jsonResponse(body: unknown, init: { status?: number; cache?: boolean; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json");
  headers.set("Cache-Control", init.cache ? API_CACHE_CONTROL : API_NO_STORE);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

interface ApiErrorInit {
  field?: string;
  details?: Record<string, unknown> & { issues?: ApiIssue[] };
  headers?: HeadersInit;
}

export function errorResponse(status: number, code: ApiErrorCode, message: string, init: ApiErrorInit = {}): Response {
  const body: ApiErrorBody = {
    error: { code, message, ...(init.field ? { field: init.field } : {}), ...(init.details ? { details: init.details } : {}) },
  };
  return jsonResponse(body, { status, headers: init.headers });
}

// ---------------------------------------------------------------------------------------------
// CORS

const CORS_ALLOW_HEADERS = "Content-Type, X-Cart-Token, X-Order-Token, Authorization, Accept, Accept-Language";

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, "").toLowerCase();
}

/** The request's Origin when STOREFRONT_API_ORIGINS lists it (or lists "*"), else null. */
function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("Origin");
  if (!origin || origin === "null") return null;
  const allowed = getEnv().server.storefrontApiOrigins;
  if (allowed.includes("*")) return origin;
  const wanted = normalizeOrigin(origin);
  return allowed.some((o) => normalizeOrigin(o) === wanted) ? origin : null;
}

/** Adds CORS headers to a response (in place when its headers are mutable, else on a copy). */
export function withCors(request: Request, response: Response): Response {
  let res = response;
  try {
    res.headers.append("Vary", "Origin");
  } catch {
    res = new Response(response.body, response);
    res.headers.append("Vary", "Origin");
  }
  const origin = allowedOrigin(request);
  if (origin) res.headers.set("Access-Control-Allow-Origin", origin);
  return res;
}

/** OPTIONS preflight: 204; the allow-headers only when the origin is allowed. */
export function corsPreflight(request: Request, allow: string): Response {
  const headers = new Headers({ Allow: allow, Vary: "Origin", "Cache-Control": API_NO_STORE });
  const origin = allowedOrigin(request);
  if (origin) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Methods", allow);
    headers.set("Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
    headers.set("Access-Control-Max-Age", "600");
  }
  return new Response(null, { status: 204, headers });
}
