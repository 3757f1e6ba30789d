import { describe, expect, it } from "vitest";
import { lowestPriorPrice, resolvePrice } from "./pricing";

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

describe("lowestPriorPrice: EU price-reduction rule (Article 6a of Directive 98/6/EC, as amended by Directive (EU) 2019/2161)", () => {
  const DAY = 86_400_000;
  const R = new Date("2025-03-31T10:00:00Z"); // the reduction takes effect
  const at = (daysBeforeR: number, ms = 0) => new Date(R.getTime() - daysBeforeR * DAY + ms);
  const now = new Date(R.getTime() + 2 * DAY);

  it("the price before the reduction is the prior price", () => {
    expect(lowestPriorPrice([{ amount: 10000n, changedAt: at(90) }, { amount: 8000n, changedAt: at(0) }], now)).toBe(10000n);
  });

  it("raised shortly before the sale, then lowered: the reference is the lower price before the raise, not the raised one", () => {
    const history = [
      { amount: 10000n, changedAt: at(90) },
      { amount: 12000n, changedAt: at(10) },
      { amount: 9000n, changedAt: at(0) },
    ];
    expect(lowestPriorPrice(history, now)).toBe(10000n);
  });

  it("exactly 30 days: a price that ended exactly 30 days before the reduction is outside the period", () => {
    const history = [
      { amount: 5000n, changedAt: at(60) },
      { amount: 10000n, changedAt: at(30) },
      { amount: 8000n, changedAt: at(0) },
    ];
    expect(lowestPriorPrice(history, now)).toBe(10000n);
  });

  it("exactly 30 days: a price that still applied 1 ms into the 30-day period counts", () => {
    const history = [
      { amount: 5000n, changedAt: at(60) },
      { amount: 10000n, changedAt: at(30, 1) },
      { amount: 8000n, changedAt: at(0) },
    ];
    expect(lowestPriorPrice(history, now)).toBe(5000n);
  });

  it("the window ends where the reduction began: 40 days into a sale the reference is still the pre-sale price", () => {
    const history = [
      { amount: 10000n, changedAt: at(100) },
      { amount: 8000n, changedAt: at(0) },
    ];
    expect(lowestPriorPrice(history, new Date(R.getTime() + 40 * DAY))).toBe(10000n);
  });

  it("a repeated equal price does not restart the reduction; points after now are ignored; unsorted input is fine", () => {
    const history = [
      { amount: 8000n, changedAt: at(-5) },
      { amount: 9500n, changedAt: at(20) },
      { amount: 8000n, changedAt: at(0) },
      { amount: 7000n, changedAt: at(-10) }, // in the future of `now`
    ];
    expect(lowestPriorPrice(history, now)).toBe(9500n);
  });

  it("only ever one price: that price is the lowest; no history at all: unknown", () => {
    expect(lowestPriorPrice([{ amount: 8000n, changedAt: at(3) }], now)).toBe(8000n);
    expect(lowestPriorPrice([], now)).toBeNull();
  });
});
