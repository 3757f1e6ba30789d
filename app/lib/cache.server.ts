import { BoundedMap } from "./bounded-map";
import { getEnv } from "./env.server";

/**
 * A small per-process read-through cache for anonymous catalog reads (same data for every visitor of
 * a URL). Entries live a few seconds: a node never serves catalog data older than the TTL, and the CDN
 * in front caches longer anyway. Carts, checkout and stock checks never go through it.
 *
 * Search words and listing parameters are chosen by visitors, so the key space is unbounded: the
 * store is an LRU of a fixed size, and expired entries are swept at most once per second so a burst
 * of one-off keys does not sit in memory until it is pushed out (a listing is tens of kilobytes;
 * thousands of stale ones were most of the growth the soak benchmark measured).
 */
export class ReadThroughCache {
  private readonly map: BoundedMap<string, { at: number; ttl: number; value: Promise<unknown> }>;
  private lastSweep = 0;

  constructor(readonly maxEntries: number, private readonly sweepEveryMs = 1000) {
    this.map = new BoundedMap(maxEntries);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }

  read<T>(key: string, load: () => Promise<T>, ttlMs: number, now: number = Date.now()): Promise<T> {
    const hit = this.map.get(key);
    if (hit && now - hit.at < hit.ttl) return hit.value as Promise<T>;
    if (now - this.lastSweep >= this.sweepEveryMs) {
      this.lastSweep = now;
      this.map.prune((e) => now - e.at >= e.ttl);
    }
    const value = load();
    this.map.set(key, { at: now, ttl: ttlMs, value });
    value.catch(() => {
      // A failed read (database away) must not be served to the next visitor.
      if (this.map.peek(key)?.value === value) this.map.delete(key);
    });
    return value;
  }
}

const catalogCache = new ReadThroughCache(1000);

/** Reads through the cache; the TTL defaults to HARBOR_CATALOG_CACHE_MS, read at call time. */
export function cached<T>(key: string, load: () => Promise<T>, ttlMs: number = getEnv().server.catalogCacheMs): Promise<T> {
  // Tests mutate the catalog between calls and must see every change at once.
  if (ttlMs <= 0 || getEnv().testing.vitest) return load();
  return catalogCache.read(key, load, ttlMs);
}

/** Forgets every entry (the catalog changed in this process). */
export function clearCache() {
  catalogCache.clear();
}
