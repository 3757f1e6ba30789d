import type { Db } from "~db/index";
import type { Market } from "../markets/markets";
import { processWide } from "~/lib/process-wide";

/**
 * The pricing pipeline applies adjustments in this fixed order (docs/decisions/0003):
 *   1. shelf prices from the market's price list (never from the client)
 *   2. line adjustments, source by source in ADJUSTMENT_ORDER, each seeing the subtotal left by the previous
 *   3. shipping quote on the discounted subtotal, then shipping adjustments (free-shipping codes, …)
 *   4. tax on discounted lines and shipping (TaxProvider), then duties
 *   5. payment rounding (three-decimal currencies are charged in multiples of 10 minor units)
 * Later issues add sources (tier discounts, loyalty points, referral rewards) by registering them;
 * the cart pricing (cart/pricing.server.ts) does not change.
 */
const ADJUSTMENT_ORDER = ["tier_discount", "discount_code", "loyalty_points", "referral_reward"] as const;
type AdjustmentSourceName = (typeof ADJUSTMENT_ORDER)[number];

export interface Adjustment {
  source: AdjustmentSourceName | "payment_rounding";
  code?: string;
  target: "lines" | "shipping";
  /** Positive amount taken off. */
  amount: bigint;
}

export interface AdjustmentContext {
  market: Market;
  currency: string;
  /** Subtotal of lines left after the sources that ran before this one. */
  subtotal: bigint;
  cart: { id: string; email: string | null; discountCodes: string[]; customerId: string | null };
  now: Date;
}

export interface AdjustmentProblem {
  code: string;
  /** e.g. the discount code that was refused */
  subject?: string;
  reason: string;
}

export interface AdjustmentSource {
  readonly name: AdjustmentSourceName;
  lineAdjustments(ctx: AdjustmentContext): Promise<{ adjustments: Adjustment[]; problems: AdjustmentProblem[] }>;
  /** Called after shipping is quoted, with the chosen method's amount. */
  shippingAdjustments?(ctx: AdjustmentContext, shipping: bigint): Promise<Adjustment[]>;
  /**
   * Payment start (inside checkout's transaction): take what the source's adjustments spend (points,
   * a reward). Throw a UserError to refuse the payment; the transaction rolls back.
   * `late`: the shopper already paid after the payment was given up, so the claim is honoured if it can be.
   */
  claim?(tx: Db, claim: AdjustmentClaim): Promise<void>;
  /** The payment failed or was abandoned: give back what `claim` took. Idempotent. */
  release?(tx: Db, paymentId: string): Promise<void>;
}

interface AdjustmentClaim {
  cartId: string;
  paymentId: string;
  customerId: string | null;
  /** The checkout snapshot's adjustments, as charged. */
  adjustments: readonly { source: string; code?: string; target: string; amount: string }[];
  currency: string;
  late?: boolean;
}

const registry = () => processWide("pricing.adjustment-sources", () => new Map<AdjustmentSourceName, AdjustmentSource>());

export function registerAdjustmentSource(source: AdjustmentSource): void {
  registry().set(source.name, source);
}

export function adjustmentSources(): AdjustmentSource[] {
  return ADJUSTMENT_ORDER.map((n) => registry().get(n)).filter((s): s is AdjustmentSource => !!s);
}
