import { getEnv } from "./env.server";

export function publicOrigin(request: Request): string {
  const configured = getEnv().server.publicUrl;
  if (configured) return configured;
  return new URL(request.url).origin;
}

/** Anonymous catalog pages: the market is in the path, so the URL is the cache key for a CDN. */
export const CATALOG_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=86400";
