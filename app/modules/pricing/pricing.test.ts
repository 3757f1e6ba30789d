import { describe, expect, it } from "vitest";
import { resolvePrice } from "./pricing";

const base = { amount: 5900n, compareAt: 7900n };

describe("resolvePrice", () => {
  it("prefers the explicit price list of the currency", () => {
    const r = resolvePrice({ explicit: { amount: 5495n, compareAt: null }, base, baseCurrency: "USD", currency: "EUR", rate: "0.92", roundingRule: "ending:95" });
    expect(r).toEqual({ amount: 5495n, compareAt: null, source: "list" });
  });

  it("converts from the base currency with the FX rate and the market's rounding", () => {
    const r = resolvePrice({ explicit: null, base, baseCurrency: "USD", currency: "JPY", rate: "151.50", roundingRule: "ceil:10" });
    expect(r).toEqual({ amount: 8940n, compareAt: 11970n, source: "converted" }); // 7900 → 11968.5 → 11969 → 11970
  });

  it("converts compare-at with the same rule and drops it when not above the price", () => {
    const r = resolvePrice({ explicit: null, base: { amount: 1000n, compareAt: 1001n }, baseCurrency: "USD", currency: "JPY", rate: "151.5", roundingRule: "ceil:1000" });
    expect(r?.compareAt).toBeNull();
  });

  it("keeps KWD's three decimals", () => {
    const r = resolvePrice({ explicit: null, base, baseCurrency: "USD", currency: "KWD", rate: "0.3075", roundingRule: "none" });
    expect(r?.amount).toBe(18143n);
  });

  it("returns null when no price can reach the currency", () => {
    expect(resolvePrice({ explicit: null, base: null, baseCurrency: "USD", currency: "EUR", rate: "0.92", roundingRule: "none" })).toBeNull();
    expect(resolvePrice({ explicit: null, base, baseCurrency: "USD", currency: "CHF", rate: undefined, roundingRule: "none" })).toBeNull();
  });

  it("uses the base price as-is in the base currency", () => {
    expect(resolvePrice({ explicit: null, base, baseCurrency: "USD", currency: "USD", rate: "1", roundingRule: "ending:99" })).toEqual({ ...base, source: "list" });
  });
});
