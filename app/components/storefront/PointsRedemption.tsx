import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/Button";
import { Field } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { useT } from "~/lib/i18n";
import type { MoneyV2 } from "~/lib/money";
import type { RewardView } from "~/modules/loyalty/rewards";
import { MoneyText } from "./CartSummary";
import { RewardLabel } from "./RewardLabel";

export interface CheckoutPoints {
  available: number;
  rewards: RewardView[];
  /** What the cart redeems now and what it takes off (null: nothing, or no longer applicable). */
  redemption: { points: number; rewardId: string | null; amount: MoneyV2 | null } | null;
}

/** The checkout's points block: pick a reward or enter points; plain forms, so it works without JavaScript. */
export function PointsRedemption({ points, busy }: { points: CheckoutPoints; busy: boolean }) {
  const t = useT();
  const { redemption } = points;
  return (
    <section aria-labelledby="checkout-points" className="rounded-lg bg-white p-5" data-testid="points-redemption">
      <h2 id="checkout-points" className="text-lg font-semibold">
        {t("points.checkout.heading")}
      </h2>
      <p className="mt-1 text-sm text-stone-700" data-testid="checkout-points-available">
        {t("points.checkout.available", { points: points.available })}
      </p>
      {redemption ? (
        <Form method="post" className="mt-3 flex flex-wrap items-center justify-between gap-3 rounded-md bg-emerald-50 p-3 text-emerald-900">
          <p data-testid="points-redeemed">
            {t("points.checkout.redeeming", { points: redemption.points })}
            {redemption.amount ? (
              <>
                {" "}
                (−<MoneyText value={redemption.amount} />)
              </>
            ) : null}
          </p>
          <Button variant="outline" size="sm" name="intent" value="unredeem" disabled={busy}>
            {t("points.checkout.remove")}
          </Button>
        </Form>
      ) : null}
      <Form method="post" className="mt-3 space-y-3">
        <fieldset>
          <legend className="font-medium">{t("points.checkout.chooseReward")}</legend>
          <div className="mt-2 space-y-2">
            {points.rewards.map((r) => (
              <label key={r.id} className="flex items-center gap-3 rounded-md border border-stone-300 p-3 has-[:checked]:border-ink">
                <input type="radio" name="rewardId" value={r.id} disabled={r.points > points.available} defaultChecked={redemption?.rewardId === r.id} />
                <span className="flex-1">
                  <RewardLabel reward={r} />
                </span>
                <span className="text-sm">{t("points.rewards.cost", { points: r.points })}</span>
              </label>
            ))}
            <label className="flex items-center gap-3 rounded-md border border-stone-300 p-3 has-[:checked]:border-ink">
              <input type="radio" name="rewardId" value="" defaultChecked={!!redemption && !redemption.rewardId} />
              <span>{t("points.checkout.enterPoints")}</span>
            </label>
          </div>
        </fieldset>
        <Field id="redeem-points" label={t("points.checkout.pointsLabel")} description={t("points.checkout.pointsHint")}>
          {(aria) => <Input {...aria} name="points" type="number" inputMode="numeric" min={1} max={points.available} step={1} dir="ltr" defaultValue={redemption && !redemption.rewardId ? String(redemption.points) : ""} />}
        </Field>
        <Button variant="dark" name="intent" value="redeem" disabled={busy} data-testid="redeem-button">
          {t("points.checkout.redeem")}
        </Button>
      </Form>
    </section>
  );
}
