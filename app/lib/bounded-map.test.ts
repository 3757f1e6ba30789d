import { describe, expect, it } from "vitest";
import { addressSchema } from "~/modules/checkout/address";
import { BoundedMap, getOrMake } from "./bounded-map";
import { INTL_CACHE_MAX, numberFormat } from "./intl";
import { formatMoney } from "./money";

describe("BoundedMap (least recently used eviction)", () => {
  it("never holds more than its size, evicting the least recently used key", () => {
    const m = new BoundedMap<string, number>(3);
    m.set("a", 1).set("b", 2).set("c", 3);
    expect(m.get("a")).toBe(1); // a is now the most recent; b the oldest
    m.set("d", 4);
    expect(m.size).toBe(3);
    expect(m.get("b")).toBeUndefined();
    expect([m.get("a"), m.get("c"), m.get("d")]).toEqual([1, 3, 4]);
  });

  it("peek does not refresh recency; prune drops what the predicate names", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    expect(m.peek("a")).toBe(1);
    m.set("c", 3); // a was only peeked: it is evicted
    expect(m.peek("a")).toBeUndefined();
    expect(m.prune((v) => v > 2)).toBe(1);
    expect(m.size).toBe(1);
  });

  it("getOrMake builds once per key", () => {
    const m = new BoundedMap<string, object>(10);
    let made = 0;
    const a = getOrMake(m, "k", () => ({ n: ++made }));
    expect(getOrMake(m, "k", () => ({ n: ++made }))).toBe(a);
    expect(made).toBe(1);
  });

  it("refuses a size that is not a positive integer", () => {
    expect(() => new BoundedMap(0)).toThrow(/positive integer/);
  });
});

describe("the process-wide caches keyed by outside input stay bounded", () => {
  it("a stream of distinct countries evicts old address schemas instead of keeping every one", () => {
    const first = addressSchema("ZZ");
    expect(addressSchema("zz")).toBe(first); // cached: the same country answers with one schema
    // A client posting random country codes: every key is new and gets built and cached.
    for (let i = 0; i < 2000; i++) addressSchema(`Z${i}`);
    // ZZ was pushed out (the cache is bounded), so it is built afresh.
    expect(addressSchema("ZZ")).not.toBe(first);
  });

  it("Intl formatters: many option sets reuse the bounded cache, and the cached object is reused", () => {
    for (let i = 0; i < INTL_CACHE_MAX * 2; i++) numberFormat("en", { maximumFractionDigits: i % 21, minimumIntegerDigits: 1 + (i % 21) });
    expect(numberFormat("de", { maximumFractionDigits: 2 })).toBe(numberFormat("de", { maximumFractionDigits: 2 }));
    // ISO 4217: JPY has no minor unit, so 1234 minor units are ¥1,234.
    expect(formatMoney({ amount: 1234n, currency: "JPY" }, "en-US")).toBe("¥1,234");
  });
});
