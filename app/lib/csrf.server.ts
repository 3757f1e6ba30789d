import { publicOrigin } from "./http.server";

/**
 * CSRF defence for cookie-authenticated state changes (OWASP CSRF Prevention Cheat Sheet, "Verifying
 * origin with standard headers"): a POST (or any unsafe method) whose Origin — or, without one, its
 * Referer — is another site is refused with 403. Browsers send Origin on every cross-site POST.
 */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const expected = new Set([publicOrigin(request), new URL(request.url).origin]);
  const origin = request.headers.get("origin");
  let source: string | null = origin;
  if (!origin) {
    const referer = request.headers.get("referer");
    try {
      source = referer ? new URL(referer).origin : null;
    } catch {
      source = "null";
    }
  }
  if (source !== null && !expected.has(source)) {
    throw new Response("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
