import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccountPage } from "~/components/storefront/Account";
import { RewardLabel } from "~/components/storefront/RewardLabel";
import { useT, type MessageKey } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { crossConvert, formatMoney } from "~/lib/money";
import { customerLoyalty, tierSummaryFor, type TierSummary } from "~/modules/loyalty/account.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import type { Market } from "~/modules/markets/markets";
import { rewardViews } from "~/modules/loyalty/reward-view.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

const ENTRY_LABELS: Record<string, MessageKey> = {
  "earn:order": "points.history.order",
  "earn:signup": "points.history.signup",
  "earn:birthday": "points.history.birthday",
  "reverse:refund": "points.history.refund",
  "redeem:checkout": "points.history.redeemed",
  "reverse:checkout": "points.history.released",
  "expire:expiry": "points.history.expired",
  "earn:referral": "points.history.referral",
};

/** The tier section's figures, formatted once on the server: amounts in the market's currency at today's rate. */
function tierView(summary: TierSummary | null, market: Market, locale: string, date: Intl.DateTimeFormat, config: Awaited<ReturnType<typeof getStoreConfig>>) {
  if (!summary) return null;
  const money = (base: bigint | null) =>
    base === null || !config.fxRates.has(market.currency) ? null : formatMoney({ amount: crossConvert(base, config.baseCurrency, market.currency, config.fxRates), currency: market.currency }, locale);
  const tier = summary.tier;
  return {
    name: tier?.name ?? null,
    multiplier: tier && tier.multiplier !== "1" && tier.multiplier !== "1.00" ? tier.multiplier.replace(/\.?0+$/, "") : null,
    discount: tier && tier.discountBps > 0 ? new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(tier.discountBps / 10_000) : null,
    freeShipping: tier ? money(tier.freeShippingOver) : null,
    earlyAccess: tier?.earlyAccess ?? false,
    keptUntil: summary.retainedUntil ? date.format(summary.retainedUntil) : null,
    next: summary.nextTier ? { name: summary.nextTier.name, spend: summary.spendToNext && summary.spendToNext > 0n ? money(summary.spendToNext) : null, points: summary.pointsToNext || null } : null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  const locale = intlLocale(market);
  const loyalty = await customerLoyalty(customer.id);
  const config = await getStoreConfig();
  // Formatted here, once: the browser's ICU may write dates differently and break hydration.
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return data(
    {
      market: market.handle,
      title: createTranslator(market.language, locale)("points.title"),
      balance: loyalty.balance,
      tiers: loyalty.contactId ? tierView(await tierSummaryFor(loyalty.contactId), market, locale, date, config) : null,
      history: loyalty.history.map((e) => ({
        id: e.id,
        kind: ENTRY_LABELS[`${e.type}:${e.source}`] ?? (e.type === "adjust" ? "points.history.adjusted" : "points.history.other"),
        reason: e.type === "adjust" ? e.reason : null,
        points: e.points,
        date: date.format(e.createdAt),
        pending: e.status === "pending",
        availableOn: e.availableAt ? date.format(e.availableAt) : null,
      })),
      rewards: await rewardViews(loyalty.rewards, market, locale),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function Rewards() {
  const { market, title, balance, tiers, history, rewards } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <AccountPage market={market} title={title}>
      <section aria-labelledby="points-balance" className="rounded-lg bg-white p-5">
        <h2 id="points-balance" className="text-lg font-semibold">
          {t("points.balance.heading")}
        </h2>
        <dl className="mt-3 flex flex-wrap gap-8">
          <div>
            <dt className="text-sm text-stone-700">{t("points.balance.available")}</dt>
            <dd className="text-2xl font-semibold" data-testid="points-available">
              {balance.available}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-stone-700">{t("points.balance.pending")}</dt>
            <dd className="text-2xl font-semibold" data-testid="points-pending">
              {balance.pending}
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-sm text-stone-700">{t("points.balance.explain")}</p>
      </section>

      {tiers ? (
        <section aria-labelledby="points-tier" data-testid="tier-section" className="mt-6 rounded-lg bg-white p-5">
          <h2 id="points-tier" className="text-lg font-semibold">
            {t("points.tier.heading")}
          </h2>
          <p className="mt-2 text-xl font-semibold" data-testid="tier-name">
            {tiers.name ?? t("points.tier.none")}
          </p>
          {tiers.keptUntil ? <p className="text-sm text-stone-700">{t("points.tier.keptUntil", { date: tiers.keptUntil })}</p> : null}
          {tiers.name ? (
            <ul className="mt-3 list-disc ps-5 text-sm">
              <li>{tiers.multiplier ? t("rewards.benefitMultiplier", { multiplier: tiers.multiplier }) : t("rewards.benefitPoints")}</li>
              {tiers.discount ? <li>{t("rewards.benefitDiscount", { percent: tiers.discount })}</li> : null}
              {tiers.freeShipping ? <li>{t("rewards.benefitFreeShipping", { amount: tiers.freeShipping })}</li> : null}
              {tiers.earlyAccess ? <li>{t("rewards.benefitEarlyAccess")}</li> : null}
            </ul>
          ) : null}
          {tiers.next ? (
            <p className="mt-3 text-sm" data-testid="tier-next">
              {t("points.tier.next", { name: tiers.next.name })}{" "}
              {tiers.next.spend ? t("points.tier.toNextSpend", { amount: tiers.next.spend }) : null}
              {tiers.next.spend && tiers.next.points ? ` ${t("rewards.reachOr")} ` : null}
              {tiers.next.points ? t("points.tier.toNextPoints", { points: tiers.next.points }) : null}
            </p>
          ) : (
            <p className="mt-3 text-sm">{t("points.tier.top")}</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="points-rewards" className="mt-6 rounded-lg bg-white p-5">
        <h2 id="points-rewards" className="text-lg font-semibold">
          {t("points.rewards.heading")}
        </h2>
        <p className="mt-1 text-sm text-stone-700">{t("points.rewards.explain")}</p>
        <ul className="mt-3 divide-y divide-stone-200" data-testid="points-rewards">
          {rewards.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <span className="font-medium">
                <RewardLabel reward={r} />
              </span>
              <span className="text-sm">
                {t("points.rewards.cost", { points: r.points })}
                {r.points <= balance.available ? <span className="ms-2 rounded bg-emerald-50 px-2 py-0.5 text-emerald-900">{t("points.rewards.affordable")}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="points-history" className="mt-6 rounded-lg bg-white p-5">
        <h2 id="points-history" className="text-lg font-semibold">
          {t("points.history.heading")}
        </h2>
        {history.length === 0 ? (
          <p className="mt-2 text-stone-700">{t("points.history.empty")}</p>
        ) : (
          <table className="mt-3 w-full text-start text-sm" data-testid="points-history">
            <thead>
              <tr className="text-stone-700">
                <th scope="col" className="py-2 text-start font-medium">
                  {t("points.history.date")}
                </th>
                <th scope="col" className="py-2 text-start font-medium">
                  {t("points.history.what")}
                </th>
                <th scope="col" className="py-2 text-end font-medium">
                  {t("points.history.points")}
                </th>
                <th scope="col" className="py-2 text-start font-medium ps-4">
                  {t("points.history.status")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {history.map((e) => (
                <tr key={e.id}>
                  <td className="py-2">{e.date}</td>
                  <td className="py-2">
                    {t(e.kind)}
                    {e.reason ? <span className="block text-stone-700">{e.reason}</span> : null}
                  </td>
                  <td className="py-2 text-end font-medium tabular-nums" dir="ltr">
                    {e.points > 0 ? `+${e.points}` : e.points}
                  </td>
                  <td className="py-2 ps-4" data-testid="points-entry-status">
                    {!e.pending ? t("points.history.available") : e.availableOn ? t("points.history.pendingUntil", { date: e.availableOn }) : t("points.history.pendingDelivery")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AccountPage>
  );
}
