import { currencyExponent, parseRate } from "~/lib/money";

/** parseRate's scale: rates are decimal strings with 10 places. */
const RATE_SCALE = 10n ** 10n;

/**
 * Whole units of the base currency an amount is worth, rounded down. `fxRate` is units of `currency`
 * per one unit of the base currency (the order's rate). 12 000 JPY at 150 → 80; 30.000 KWD at 0.307 → 97.
 */
export function wholeBaseUnits(amountMinor: bigint, currency: string, baseCurrency: string, fxRate: string): bigint {
  if (amountMinor <= 0n) return 0n;
  const exp = 10n ** BigInt(currencyExponent(currency));
  if (currency === baseCurrency) return amountMinor / exp;
  return (amountMinor * RATE_SCALE) / (parseRate(fxRate) * exp);
}

/**
 * Points for spending `baseUnits` whole base-currency units: per unit, times the tier multiplier
 * (a decimal string with at most two places, e.g. "1.15"), rounded down. Exact: 80 × 1.15 = 92, where
 * binary floating point would give 91.99999… and floor to 91.
 */
export function pointsForSpend(baseUnits: bigint, pointsPerUnit: number, multiplier: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(multiplier.trim());
  if (!m) throw new Error(`invalid points multiplier "${multiplier}"`);
  const hundredths = BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  return Number((baseUnits * BigInt(pointsPerUnit) * hundredths) / 100n);
}

/**
 * How many of an order's awarded points a refund takes back. The points follow the money: after
 * refunds totalling `refundedTotal` of `total`, floor(awarded × refundedTotal / total) points are
 * reversed in all, so each refund reverses that minus what earlier refunds already did. Rounding down
 * keeps partial refunds from taking more than their share; a full refund reverses everything.
 */
export function pointsToReverse(awarded: number, refundedTotal: bigint, total: bigint, alreadyReversed: number): number {
  if (awarded <= 0 || total <= 0n) return 0;
  const refunded = refundedTotal > total ? total : refundedTotal;
  const due = Number((BigInt(awarded) * refunded) / total);
  return Math.max(0, due - alreadyReversed);
}
