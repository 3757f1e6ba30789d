import { describe, expect, it } from "vitest";
import {
  applyRounding,
  convertMinor,
  formatMoney,
  parseDecimal,
  parseRoundingRule,
  toDecimalString,
  toMoneyV2,
} from "./money";

describe("money", () => {
  it("uses ISO 4217 exponents for decimal strings", () => {
    expect(toDecimalString(5900n, "EUR")).toBe("59.00");
    expect(toDecimalString(80n, "JPY")).toBe("80");
    expect(toDecimalString(12345n, "KWD")).toBe("12.345");
    expect(toDecimalString(5n, "KWD")).toBe("0.005");
    expect(toDecimalString(-150n, "USD")).toBe("-1.50");
    expect(toMoneyV2({ amount: 1999n, currency: "GBP" })).toEqual({ amount: "19.99", currencyCode: "GBP" });
  });

  it("parses decimals exactly and refuses extra precision", () => {
    expect(parseDecimal("59.00", "EUR")).toBe(5900n);
    expect(parseDecimal("59.9", "EUR")).toBe(5990n);
    expect(parseDecimal("8900", "JPY")).toBe(8900n);
    expect(parseDecimal("12.345", "KWD")).toBe(12345n);
    expect(() => parseDecimal("1.5", "JPY")).toThrow(/0 decimal places/);
    expect(() => parseDecimal("1.2345", "KWD")).toThrow();
    expect(() => parseDecimal("abc", "USD")).toThrow(/not a decimal/);
  });

  it("formats with Intl for the market's locale", () => {
    expect(formatMoney({ amount: 123450n, currency: "EUR" }, "de-DE")).toBe("1.234,50\u00a0€");
    expect(formatMoney({ amount: 123450n, currency: "EUR" }, "fr-FR")).toBe("1\u202f234,50\u00a0€");
    expect(formatMoney({ amount: 8900n, currency: "JPY" }, "ja-JP")).toBe("￥8,900");
    expect(formatMoney({ amount: 12345n, currency: "KWD" }, "en-KW")).toMatch(/12\.345/);
    expect(formatMoney({ amount: 5999n, currency: "USD" }, "en-US")).toBe("$59.99");
  });

  it("never loses precision on large amounts", () => {
    const big = 123456789012345678n;
    expect(toDecimalString(big, "USD")).toBe("1234567890123456.78");
    expect(formatMoney({ amount: big, currency: "USD" }, "en-US")).toBe("$1,234,567,890,123,456.78");
  });

  it("converts between currencies of different exponents with half-up rounding", () => {
    expect(convertMinor(5900n, "USD", "JPY", "151.50")).toBe(8939n); // $59.00 → ¥8938.5 → ¥8939
    expect(convertMinor(5900n, "USD", "KWD", "0.3075")).toBe(18143n); // 18.1425 KWD → 18.143
    expect(convertMinor(100n, "USD", "EUR", "0.92")).toBe(92n);
    expect(convertMinor(100n, "USD", "USD", "1")).toBe(100n);
  });

  it("applies market rounding rules", () => {
    expect(applyRounding(8939n, parseRoundingRule("ceil:10"), "JPY")).toBe(8940n);
    expect(applyRounding(8940n, parseRoundingRule("ceil:10"), "JPY")).toBe(8940n);
    expect(applyRounding(2310n, parseRoundingRule("ending:95"), "EUR")).toBe(2395n);
    expect(applyRounding(2396n, parseRoundingRule("ending:95"), "EUR")).toBe(2495n);
    expect(applyRounding(2395n, parseRoundingRule("ending:95"), "EUR")).toBe(2395n);
    expect(applyRounding(4801n, parseRoundingRule("ending:99"), "GBP")).toBe(4899n);
    expect(applyRounding(18143n, parseRoundingRule("ceil:50"), "KWD")).toBe(18150n);
    expect(applyRounding(123n, parseRoundingRule("none"), "USD")).toBe(123n);
    expect(() => parseRoundingRule("ceil:0")).toThrow();
    expect(() => parseRoundingRule("bogus")).toThrow(/Invalid rounding rule/);
  });
});
