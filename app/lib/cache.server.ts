import { getEnv } from "./env.server";

/**
 * A small per-process read-through cache for anonymous catalog reads (same data for every visitor of
 * a URL). Entries live a few seconds: a node never serves catalog data older than the TTL, and the CDN
 * in front caches longer anyway. Carts, checkout and stock checks never go through it.
 */
const MAX_ENTRIES = 5000;
const store = new Map<string, { at: number; value: Promise<unknown> }>();

/** Reads through the cache; the TTL defaults to HARBOR_CATALOG_CACHE_MS, read at call time. */
export function cached<T>(key: string, load: () => Promise<T>, ttlMs: number = getEnv().server.catalogCacheMs): Promise<T> {
  // Tests mutate the catalog between calls and must see every change at once.
  if (ttlMs <= 0 || getEnv().testing.vitest) return load();
  const now = Date.now();
  const hit = store.get(key);
  if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = load();
  store.set(key, { at: now, value });
  value.catch(() => {
    if (store.get(key)?.value === value) store.delete(key);
  });
  if (store.size > MAX_ENTRIES) {
    // Drop the oldest tenth (Map keeps insertion order).
    let n = Math.ceil(MAX_ENTRIES / 10);
    for (const k of store.keys()) {
      store.delete(k);
      if (--n === 0) break;
    }
  }
  return value;
}

/** Forgets every entry (the catalog changed in this process). */
export function clearCache() {
  store.clear();
}
