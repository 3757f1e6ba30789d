/**
 * A Map with a maximum size that forgets the least recently used entry when full. Every in-process
 * cache uses one: a key space that a visitor controls (search words, countries in a form, listing
 * parameters) must never grow a process's memory without bound.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new Error(`BoundedMap needs a positive integer size, got ${maxSize}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now counted as the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    // Map iterates in insertion order: re-inserting moves the key to the young end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value without touching its recency (for eviction checks). */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops every entry for which `stale` says so (e.g. expired ones); returns how many. */
  prune(stale: (value: V, key: K) => boolean): number {
    let n = 0;
    for (const [k, v] of this.entries) {
      if (stale(v, k)) {
        this.entries.delete(k);
        n++;
      }
    }
    return n;
  }
}

/** The value cached under `key`, made (and kept) on a miss. */
export function getOrMake<K, V>(map: BoundedMap<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
