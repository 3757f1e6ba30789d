import { applyRounding, convertMinor, parseRoundingRule } from "~/lib/money";

export interface PriceInput {
  /** Explicit price in the target currency, if the currency's price list has one. */
  explicit?: { amount: bigint; compareAt: bigint | null } | null;
  /** Price in the store's base currency. */
  base: { amount: bigint; compareAt: bigint | null } | null;
  baseCurrency: string;
  currency: string;
  /** Units of `currency` per one unit of base currency. */
  rate: string | undefined;
  roundingRule: string;
}

export interface ResolvedPrice {
  amount: bigint;
  compareAt: bigint | null;
  source: "list" | "converted";
}

/**
 * Explicit per-currency prices win. Otherwise the base price is converted with the stored FX rate
 * and the market's rounding rule; compare-at prices follow the same path. Returns null when the
 * variant has no price that can reach this currency.
 */
export function resolvePrice(input: PriceInput): ResolvedPrice | null {
  if (input.explicit) {
    return { amount: input.explicit.amount, compareAt: input.explicit.compareAt, source: "list" };
  }
  if (!input.base) return null;
  if (input.currency === input.baseCurrency) {
    return { amount: input.base.amount, compareAt: input.base.compareAt, source: "list" };
  }
  if (!input.rate) return null;
  const rule = parseRoundingRule(input.roundingRule);
  const convert = (v: bigint) =>
    applyRounding(convertMinor(v, input.baseCurrency, input.currency, input.rate!), rule, input.currency);
  const amount = convert(input.base.amount);
  let compareAt = input.base.compareAt === null ? null : convert(input.base.compareAt);
  if (compareAt !== null && compareAt <= amount) compareAt = null;
  return { amount, compareAt, source: "converted" };
}
