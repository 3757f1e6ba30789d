import { getEnv } from "./env.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF check for cookie-authenticated state changes (OWASP CSRF Prevention Cheat Sheet, "Verifying
 * origin with standard headers"): a POST/PUT/PATCH/DELETE must come from this store's own origin,
 * per `Origin` (RFC 6454; browsers send it with every form POST) or, failing that, `Referer`. A
 * request with neither, or from another origin, is refused 403. The session cookie is also
 * SameSite=Lax, so a cross-site POST carries no session in the first place; this check covers browsers
 * and same-site subdomains where that does not hold.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const allowed = allowedOrigins(request);
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    if (allowed.has(origin)) return;
    throw forbidden();
  }
  const referer = request.headers.get("referer");
  if (referer) {
    try {
      if (allowed.has(new URL(referer).origin)) return;
    } catch {
      // An unparsable Referer proves nothing.
    }
  }
  throw forbidden();
}

function allowedOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin]);
  const configured = getEnv().server.publicUrl;
  if (configured) origins.add(new URL(configured).origin);
  return origins;
}

function forbidden(): Response {
  return new Response("This form was sent from another site, so it was refused. Open the page again and retry.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
