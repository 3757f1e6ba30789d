import { toMoneyV2 } from "~/lib/money";
import type { Market } from "../markets/markets";
import { baseAmountIn, type RewardRow } from "./redemption.server";
import type { RewardView } from "./rewards";

export async function rewardViews(rewards: RewardRow[], market: Market, locale: string): Promise<RewardView[]> {
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  return Promise.all(
    rewards.map(async (r) => ({
      id: r.id,
      kind: r.kind,
      points: r.points,
      amount: r.kind === "fixed" && r.amount !== null ? toMoneyV2({ amount: await baseAmountIn(r.amount, market), currency: market.currency }) : null,
      percent: r.kind === "percentage" && r.percentBp !== null ? pct.format(r.percentBp / 10_000) : null,
    })),
  );
}
