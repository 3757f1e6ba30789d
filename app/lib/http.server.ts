import { data } from "@remix-run/node";
import type { UserError } from "./errors";
import { getEnv } from "./env.server";

export function publicOrigin(request: Request): string {
  const configured = getEnv().server.publicUrl;
  if (configured) return configured;
  return new URL(request.url).origin;
}

/** The origin links in emails are built from: PUBLIC_URL, or this machine's port in development. */
export function emailLinkOrigin(): string {
  const { publicUrl, port } = getEnv().server;
  return publicUrl ?? `http://localhost:${port}`;
}

/** Anonymous catalog pages: the market is in the path, so the URL is the cache key for a CDN. */
export const CATALOG_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=86400";

/**
 * server.ts writes the client's address here on every request: the connection's peer, or the
 * X-Forwarded-For entry chosen by Express when TRUST_PROXY names the proxy. A value sent by the
 * client is always overwritten, so it cannot be spoofed.
 */
export const CLIENT_IP_HEADER = "x-harbor-client-ip";

/** The client's IP for rate limits ("unknown" when the request did not come through server.ts). */
export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) || "unknown";
}

/**
 * The submitted form; a body that is not a form (a malformed multipart body, a wrong content type)
 * is the client's mistake, answered 400 instead of the 500 an uncaught parse error would become.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The request body is not a form.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** The token of `Authorization: Bearer <token>` (RFC 6750 §2.1), or null. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  return match ? match[1]! : null;
}

/** A page action's answer to a refusal: `{ error: { code, message } }` with its status (and Retry-After for 429). */
export function userErrorReply(e: UserError) {
  const headers: Record<string, string> = e.retryAfterSeconds !== undefined ? { "Retry-After": String(Math.ceil(e.retryAfterSeconds)) } : {};
  return data({ error: { code: e.code, message: e.message } }, { status: e.status, headers });
}
