import { describe, expect, it } from "vitest";
import { fromStripeAmount, paymentGranularity, StripeAmountError, toStripeAmount } from "./stripe-amount";

describe("toStripeAmount / fromStripeAmount", () => {
  it("sends zero-decimal currencies as-is: ¥80 → 80 (not 8000)", () => {
    expect(toStripeAmount(80n, "JPY")).toBe(80);
    expect(fromStripeAmount(80, "JPY")).toBe(80n);
    expect(toStripeAmount(12_000n, "KRW")).toBe(12_000);
    expect(toStripeAmount(250_000n, "VND")).toBe(250_000);
    expect(toStripeAmount(9_990n, "CLP")).toBe(9_990);
  });

  it("sends two-decimal currencies as-is: €59.00 → 5900", () => {
    expect(toStripeAmount(5900n, "EUR")).toBe(5900);
    expect(fromStripeAmount(5900, "EUR")).toBe(5900n);
    expect(toStripeAmount(1n, "USD")).toBe(1);
  });

  it("sends three-decimal currencies in thousandths: KWD 12.340 → 12340", () => {
    expect(toStripeAmount(12_340n, "KWD")).toBe(12_340);
    expect(fromStripeAmount(12_340, "KWD")).toBe(12_340n);
    for (const c of ["BHD", "JOD", "OMR", "TND"]) expect(toStripeAmount(1_230n, c)).toBe(1_230);
  });

  it("throws a clear error for a three-decimal amount whose last digit is not 0: KWD 12.345", () => {
    expect(() => toStripeAmount(12_345n, "KWD")).toThrow(StripeAmountError);
    expect(() => toStripeAmount(12_345n, "KWD")).toThrow(/KWD.*12345.*multiple of 10/);
    expect(() => toStripeAmount(1n, "BHD")).toThrow(/three-decimal/);
  });

  it("ISK is zero-decimal in ISO 4217 but two-decimal at Stripe (decimal part always 00): 5 ISK → 500", () => {
    expect(toStripeAmount(5n, "ISK")).toBe(500);
    expect(fromStripeAmount(500, "ISK")).toBe(5n);
    expect(() => fromStripeAmount(550, "ISK")).toThrow(StripeAmountError);
  });

  it("accepts Stripe's lower-case codes", () => {
    expect(toStripeAmount(80n, "jpy")).toBe(80);
    expect(fromStripeAmount(12_340, "kwd")).toBe(12_340n);
  });

  it("round-trips exactly", () => {
    const cases: Array<[bigint, string]> = [
      [0n, "EUR"], [80n, "JPY"], [5900n, "EUR"], [12_340n, "KWD"], [990n, "BHD"], [7n, "ISK"],
      [123_456_789n, "IDR"], [99_999_999n, "USD"], [9_007_199_254_740_990n, "JOD"], [9_007_199_254_740_991n, "JPY"],
    ];
    for (const [minor, currency] of cases) {
      expect(fromStripeAmount(toStripeAmount(minor, currency), currency)).toBe(minor);
    }
  });

  it("rejects negative, unsafe, non-integer and unknown inputs", () => {
    expect(() => toStripeAmount(-1n, "EUR")).toThrow(/negative/);
    expect(() => toStripeAmount(9_007_199_254_740_992n, "EUR")).toThrow(/too large/);
    expect(() => toStripeAmount(1n, "XXX")).toThrow(/Unknown currency/);
    expect(() => fromStripeAmount(12.5, "EUR")).toThrow(/integer/);
    expect(() => fromStripeAmount(Number.NaN, "EUR")).toThrow(/integer/);
    expect(() => fromStripeAmount(2 ** 53, "EUR")).toThrow(/integer/);
  });
});

describe("paymentGranularity", () => {
  it("is 10 minor units for the three-decimal currencies and 1 otherwise", () => {
    for (const c of ["KWD", "BHD", "JOD", "OMR", "TND", "kwd"]) expect(paymentGranularity(c)).toBe(10n);
    for (const c of ["JPY", "EUR", "USD", "ISK", "KRW", "IDR"]) expect(paymentGranularity(c)).toBe(1n);
  });

  it("every multiple of the granularity converts", () => {
    for (const c of ["KWD", "JPY", "EUR"]) {
      const g = paymentGranularity(c);
      for (let k = 0n; k < 50n; k++) expect(() => toStripeAmount(k * g, c)).not.toThrow();
    }
  });
});
