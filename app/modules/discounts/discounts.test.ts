import { describe, expect, it } from "vitest";
import { allocate, checkDiscount, discountAmount, type DiscountRow } from "./discounts";

const base: DiscountRow = {
  id: "disc_1",
  code: "SAVE",
  kind: "percentage",
  percentBp: 1500,
  amounts: {},
  minSubtotal: {},
  markets: [],
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: null,
  usedCount: 0,
  active: 1,
};
const ctx = { market: "de-de", currency: "EUR", subtotal: 10000n, now: new Date("2026-06-01T00:00:00Z"), customerUses: 0 };

describe("discount rules", () => {
  it("applies percentage and per-currency fixed amounts, never more than the subtotal", () => {
    expect(discountAmount(base, "EUR", 10000n)).toBe(1500n);
    expect(discountAmount({ ...base, percentBp: 3333 }, "EUR", 999n)).toBe(333n);
    expect(discountAmount({ ...base, kind: "fixed", amounts: { EUR: "1000", JPY: "1500" } }, "JPY", 8000n)).toBe(1500n);
    expect(discountAmount({ ...base, kind: "fixed", amounts: { EUR: "1000" } }, "EUR", 500n)).toBe(500n);
    expect(discountAmount({ ...base, kind: "free_shipping" }, "EUR", 500n)).toBe(0n);
  });
  it("checks dates, markets, currency, minimum subtotal and usage limits", () => {
    expect(checkDiscount(base, ctx)).toBeNull();
    expect(checkDiscount({ ...base, active: 0 }, ctx)).toBe("inactive");
    expect(checkDiscount({ ...base, startsAt: new Date("2026-07-01") }, ctx)).toBe("not_started");
    expect(checkDiscount({ ...base, endsAt: new Date("2026-06-01T00:00:00Z") }, ctx)).toBe("expired");
    expect(checkDiscount({ ...base, markets: ["fr-fr"] }, ctx)).toBe("market");
    expect(checkDiscount({ ...base, kind: "fixed", amounts: { USD: "500" } }, ctx)).toBe("currency");
    expect(checkDiscount({ ...base, minSubtotal: { EUR: "10001" } }, ctx)).toBe("min_subtotal");
    expect(checkDiscount({ ...base, minSubtotal: { EUR: "10000" } }, ctx)).toBeNull();
    expect(checkDiscount({ ...base, usageLimit: 3, usedCount: 3 }, ctx)).toBe("usage_limit");
    expect(checkDiscount({ ...base, perCustomerLimit: 1 }, { ...ctx, customerUses: 1 })).toBe("customer_limit");
  });
  it("allocates a discount across lines exactly (largest remainder)", () => {
    expect(allocate(1000n, [3333n, 3333n, 3334n])).toEqual([333n, 333n, 334n]);
    expect(allocate(1n, [1n, 1n, 1n]).reduce((a, b) => a + b, 0n)).toBe(1n);
    expect(allocate(0n, [5n, 5n])).toEqual([0n, 0n]);
    expect(allocate(10n, [5n, 5n])).toEqual([5n, 5n]);
    expect(() => allocate(11n, [5n, 5n])).toThrow();
  });
});
