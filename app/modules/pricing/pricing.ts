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

/** A shelf price and the moment it started to apply. */
export interface PricePoint {
  amount: bigint;
  changedAt: Date;
}

/** The look-back period of the EU price-reduction rule (Article 6a(2) of Directive 98/6/EC). */
const PRIOR_PRICE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The "prior price" of a reduced price (Article 6a of Directive 98/6/EC, as amended by Directive (EU)
 * 2019/2161): the lowest price applied during the 30 days before the current price took effect. The
 * window ends where the reduction began, not today (Commission guidance 2021/C 526/02, point 1.3): a price
 * raised shortly before a "sale" is not the reference, and during a long reduction the reference stays.
 * A price counts when it applied for any part of the window; one that ended exactly 30 days before the
 * reduction did not. Without an earlier price the variant has only ever had its current price, which is
 * then also the lowest. `history` may be unsorted; points after `now` are ignored. Null for no history.
 */
export function lowestPriorPrice(history: readonly PricePoint[], now: Date): bigint | null {
  const points = history.filter((p) => p.changedAt.getTime() <= now.getTime()).sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
  if (!points.length) return null;
  // The current price started where the last run of equal amounts started.
  let start = points.length - 1;
  while (start > 0 && points[start - 1]!.amount === points[start]!.amount) start--;
  const current = points[start]!;
  const windowStart = current.changedAt.getTime() - PRIOR_PRICE_DAYS * DAY_MS;
  let lowest: bigint | null = null;
  for (let i = 0; i < start; i++) {
    // points[i] applied from its changedAt until the next point's.
    if (points[i + 1]!.changedAt.getTime() <= windowStart) continue;
    if (lowest === null || points[i]!.amount < lowest) lowest = points[i]!.amount;
  }
  return lowest ?? current.amount;
}
