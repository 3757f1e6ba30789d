import { useLocale, useT } from "~/lib/i18n";
import { formatMoney, parseDecimal } from "~/lib/money";
import type { RewardView } from "~/modules/loyalty/rewards";

/** "$5.00 off", "10 % off", "Free shipping". */
export function RewardLabel({ reward }: { reward: Pick<RewardView, "kind" | "amount" | "percent"> }) {
  const t = useT();
  const { intlLocale } = useLocale();
  if (reward.kind === "fixed" && reward.amount) {
    const amount = formatMoney({ amount: parseDecimal(reward.amount.amount, reward.amount.currencyCode), currency: reward.amount.currencyCode }, intlLocale);
    return <>{t("points.reward.amountOff", { amount })}</>;
  }
  if (reward.kind === "percentage") return <>{t("points.reward.percentOff", { percent: reward.percent ?? "" })}</>;
  return <>{t("points.reward.freeShipping")}</>;
}
