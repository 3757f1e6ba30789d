import type { MoneyV2 } from "~/lib/money";

/** A reward as a shopper in a market sees it: the fixed amount already in the market's currency. */
export interface RewardView {
  id: string;
  kind: "fixed" | "percentage" | "free_shipping";
  points: number;
  amount: MoneyV2 | null;
  /** "10 %", formatted for the market's locale. */
  percent: string | null;
}

