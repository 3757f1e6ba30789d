import type { RequestHandler } from "express";

/**
 * An optional in-process cache of whole anonymous catalog pages (home, collections, products): a hit
 * skips the loaders and React rendering. Off unless HARBOR_PAGE_CACHE_ENTRIES > 0.
 *
 * - Only GET/HEAD documents under a market prefix, answered 200 without Set-Cookie.
 * - Never for a request that carries a cookie other than the ones listed as neutral (a cart, a customer
 *   or staff session makes the page personal, so it bypasses the cache in both directions).
 * - Keyed by protocol, host and the full URL: the market and language are in the path, so no request
 *   header changes what these pages show.
 * - Bounded: at most `maxEntries` pages, least recently used dropped first; each lives `ttlMs` (the
 *   catalog cache's lifetime, so other processes are never staler than that) and the catalog write
 *   path clears this process's pages at once (`invalidatePageCaches`).
 * - The CSP nonce differs per response: the stored page keeps a placeholder where the nonce was and
 *   each hit gets the nonce the security headers chose for it.
 */
export interface CachedPage {
  at: number;
  status: number;
  headers: [string, string][];
  /** The body with NONCE_SLOT where the response's nonce was. */
  body: string;
}

const NONCE_SLOT = "\u0000nonce\u0000";
const CATALOG_PAGE = /^\/[a-z]{2}-[a-z]{2}(\/(products|collections)(\/[a-z0-9-]+)?)?\/?(\?|$)/;
// Headers that belong to one response only.
const NOT_STORED = new Set(["content-length", "content-security-policy", "set-cookie", "date", "connection", "transfer-encoding", "content-encoding", "etag"]);

export class PageCache {
  private readonly pages = new Map<string, CachedPage>();

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
  ) {}

  get size() {
    return this.pages.size;
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (now - page.at >= this.ttlMs) {
      this.pages.delete(key);
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  set(key: string, page: CachedPage) {
    this.pages.delete(key);
    this.pages.set(key, page);
    while (this.pages.size > this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
  }

  clear() {
    this.pages.clear();
  }
}

const caches = new Set<PageCache>();

/** Drops every cached page of this process; the catalog write path calls it. */
export function invalidatePageCaches() {
  for (const c of caches) c.clear();
}

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((p) => p.split("=")[0]!.trim())
    .filter(Boolean);
}

/** The cache key of a request, or null when its answer must not come from (or go to) the cache. */
export function pageCacheKey(
  req: { method: string; originalUrl: string; protocol: string; headers: Record<string, string | string[] | undefined> },
  neutralCookies: readonly string[],
): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  if (!CATALOG_PAGE.test(req.originalUrl)) return null;
  const cookie = req.headers.cookie;
  if (cookieNames(Array.isArray(cookie) ? cookie.join(";") : cookie).some((n) => !neutralCookies.includes(n))) return null;
  if (req.headers.authorization) return null;
  return `${req.protocol}://${String(req.headers.host ?? "")}${req.originalUrl}`;
}

/** Express middleware; mount it after compression (it stores the uncompressed page). */
export function pageCacheMiddleware(opts: { maxEntries: number; ttlMs: number; neutralCookies: readonly string[] }): RequestHandler {
  const cache = new PageCache(opts.maxEntries, opts.ttlMs);
  caches.add(cache);
  return (req, res, next) => {
    const key = pageCacheKey(req, opts.neutralCookies);
    if (!key) return next();
    const nonce = String(res.locals.cspNonce ?? "");
    const hit = cache.get(key);
    if (hit) {
      res.status(hit.status);
      for (const [k, v] of hit.headers) res.setHeader(k, v);
      res.setHeader("X-Page-Cache", "hit");
      res.end(req.method === "HEAD" ? undefined : hit.body.replaceAll(NONCE_SLOT, nonce));
      return;
    }
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk == null || typeof chunk === "function") return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    };
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      return write(chunk, encoding, cb);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      const type = String(res.getHeader("content-type") ?? "");
      // A page marked private (an early-access member's view) is never kept, whatever the cookies said.
      const personal = /private|no-store/.test(String(res.getHeader("cache-control") ?? ""));
      if (req.method === "GET" && res.statusCode === 200 && !res.getHeader("set-cookie") && !personal && type.startsWith("text/html") && nonce) {
        const headers = Object.entries(res.getHeaders())
          .filter(([k]) => !NOT_STORED.has(k.toLowerCase()))
          .map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)] as [string, string]);
        cache.set(key, { at: Date.now(), status: 200, headers, body: Buffer.concat(chunks).toString("utf8").replaceAll(nonce, NONCE_SLOT) });
      }
      return end(chunk, encoding, cb);
    }) as typeof res.end;
    next();
  };
}
