/** Discount-code rules (pure). Amounts are bigint minor units of the cart currency. */
export interface DiscountRow {
  id: string;
  code: string;
  kind: "percentage" | "fixed" | "free_shipping";
  percentBp: number | null;
  amounts: Record<string, string>;
  minSubtotal: Record<string, string>;
  markets: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  usedCount: number;
  active: number;
}

export type DiscountRejection =
  | "not_found"
  | "inactive"
  | "not_started"
  | "expired"
  | "market"
  | "currency"
  | "min_subtotal"
  | "usage_limit"
  | "customer_limit";

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The per-customer key of an email address: "Anna@Example.de " and "anna@example.de" are one customer. */
export function customerKey(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/**
 * Checks a code against the cart. `customerUses` is how often this customer (by email) already used it.
 * Returns the rejection reason, or null when the code applies.
 */
export function checkDiscount(
  d: DiscountRow,
  ctx: { market: string; currency: string; subtotal: bigint; now: Date; customerUses: number },
): DiscountRejection | null {
  if (!d.active) return "inactive";
  if (d.startsAt && ctx.now < d.startsAt) return "not_started";
  if (d.endsAt && ctx.now >= d.endsAt) return "expired";
  if (d.markets.length && !d.markets.includes(ctx.market)) return "market";
  if (d.kind === "fixed" && !d.amounts[ctx.currency]) return "currency";
  const min = d.minSubtotal[ctx.currency];
  if (min && ctx.subtotal < BigInt(min)) return "min_subtotal";
  if (d.usageLimit !== null && d.usedCount >= d.usageLimit) return "usage_limit";
  if (d.perCustomerLimit !== null && ctx.customerUses >= d.perCustomerLimit) return "customer_limit";
  return null;
}

/** The amount a line-level discount takes off `subtotal` (never more than the subtotal). */
export function discountAmount(d: DiscountRow, currency: string, subtotal: bigint): bigint {
  if (d.kind === "percentage") {
    const bp = BigInt(d.percentBp ?? 0);
    const off = (subtotal * bp + 5000n) / 10000n;
    return off > subtotal ? subtotal : off;
  }
  if (d.kind === "fixed") {
    const off = BigInt(d.amounts[currency] ?? "0");
    return off > subtotal ? subtotal : off;
  }
  return 0n;
}

/**
 * Splits an amount across lines in proportion to their amounts (largest remainder), so the parts add
 * up exactly and no line goes below zero.
 */
export function allocate(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n || sum === 0n) return weights.map(() => 0n);
  if (total > sum) throw new Error("allocation exceeds the amounts");
  const raw = weights.map((w) => (total * w) / sum);
  let left = total - raw.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (total * w) % sum }))
    .sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left === 0n) break;
    if (raw[i]! < weights[i]!) {
      raw[i]! += 1n;
      left -= 1n;
    }
  }
  return raw;
}
