import { getEnv } from "./env.server";

/** Throws a Response (Remix guard) when the condition fails. */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = { status: 404 }): asserts condition {
  if (!condition) throw new Response(message, { ...init, headers: { "Content-Type": "text/plain; charset=utf-8", ...init.headers } });
}

export function publicOrigin(request: Request): string {
  const configured = getEnv().server.publicUrl;
  if (configured) return configured;
  return new URL(request.url).origin;
}

/** Anonymous catalog pages: the market is in the path, so the URL is the cache key for a CDN. */
export const CATALOG_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=86400";

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
