import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CATALOG_CACHE_CONTROL, publicOrigin } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { pageTitle, seoMeta } from "~/lib/seo";
import { tiersForMarket } from "~/modules/loyalty/tiers.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { createTranslator } from "~/lib/i18n.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const [config, tiers] = await Promise.all([getStoreConfig(), tiersForMarket(market)]);
  const t = createTranslator(market.language, intlLocale(market));
  return {
    market: { handle: market.handle, currency: market.currency },
    tiers: tiers.map((tier) => ({
      ...tier,
      spendThreshold: tier.spendThreshold?.toString() ?? null,
      freeShippingOver: tier.freeShippingOver?.toString() ?? null,
    })),
    seo: {
      origin: publicOrigin(request),
      title: pageTitle(t("rewards.title"), config.name),
      description: t("rewards.intro"),
      path: `/${market.handle}/rewards`,
      alternates: config.markets.map((m) => ({ market: m.handle, path: `/${m.handle}/rewards` })),
      defaultMarket: config.defaultMarket,
      locale: intlLocale(market),
    },
  };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": CATALOG_CACHE_CONTROL });
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function Rewards() {
  const { market, tiers } = useLoaderData<typeof loader>();
  const t = useT();
  const { intlLocale: locale } = useLocale();
  const money = (minor: string) => formatMoney({ amount: BigInt(minor), currency: market.currency }, locale);
  const percent = (bps: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <nav aria-label={t("nav.breadcrumb")} className="text-sm text-stone-700">
        <Link to={`/${market.handle}`} className="underline">
          {t("nav.home")}
        </Link>{" "}
        / <span aria-current="page">{t("rewards.title")}</span>
      </nav>
      <article className="mt-3 space-y-6 leading-relaxed text-stone-800" data-testid="rewards">
        <h1 className="text-3xl font-semibold text-ink">{t("rewards.title")}</h1>
        <p>{t("rewards.intro")}</p>

        <section aria-labelledby="rewards-earn" className="space-y-2">
          <h2 id="rewards-earn" className="text-xl font-semibold text-ink">
            {t("rewards.earnTitle")}
          </h2>
          <p>{t("rewards.earnPoints")}</p>
          <p>{t("rewards.earnTiers")}</p>
        </section>

        <section aria-labelledby="rewards-tiers" className="space-y-2">
          <h2 id="rewards-tiers" className="text-xl font-semibold text-ink">
            {t("rewards.tiersTitle")}
          </h2>
          {tiers.length ? (
            <div className="overflow-x-auto">
              <table className="w-full text-start text-sm" data-testid="rewards-tiers">
                <caption className="sr-only">{t("rewards.tiersCaption")}</caption>
                <thead>
                  <tr className="border-b border-stone-300">
                    <th scope="col" className="py-2 pe-4 text-start">{t("rewards.colTier")}</th>
                    <th scope="col" className="py-2 pe-4 text-start">{t("rewards.colReach")}</th>
                    <th scope="col" className="py-2 text-start">{t("rewards.colBenefits")}</th>
                  </tr>
                </thead>
                <tbody>
                  {tiers.map((tier) => {
                    const reach = [
                      tier.spendThreshold !== null ? t("rewards.reachSpend", { amount: money(tier.spendThreshold) }) : null,
                      tier.pointsThreshold !== null ? t("rewards.reachPoints", { points: tier.pointsThreshold }) : null,
                    ].filter((r): r is string => r !== null);
                    const benefits = [
                      Number(tier.multiplier) > 1 ? t("rewards.benefitMultiplier", { multiplier: tier.multiplier }) : t("rewards.benefitPoints"),
                      tier.discountBps > 0 ? t("rewards.benefitDiscount", { percent: percent(tier.discountBps) }) : null,
                      tier.freeShippingOver !== null ? t("rewards.benefitFreeShipping", { amount: money(tier.freeShippingOver) }) : null,
                      tier.earlyAccess ? t("rewards.benefitEarlyAccess") : null,
                      t("rewards.benefitRetention", { months: tier.retentionMonths }),
                    ].filter((b): b is string => b !== null);
                    return (
                      <tr key={tier.id} className="border-b border-stone-200 align-top">
                        <th scope="row" className="py-2 pe-4 text-start font-semibold">
                          {tier.name}
                        </th>
                        <td className="py-2 pe-4">{reach.length ? reach.join(` ${t("rewards.reachOr")} `) : t("rewards.reachAnyone")}</td>
                        <td className="py-2">
                          <ul className="list-disc space-y-1 ps-5">
                            {benefits.map((b) => (
                              <li key={b}>{b}</li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t("rewards.noTiers")}</p>
          )}
        </section>

        <section aria-labelledby="rewards-keep" className="space-y-2">
          <h2 id="rewards-keep" className="text-xl font-semibold text-ink">
            {t("rewards.keepTitle")}
          </h2>
          <p>{t("rewards.keepBody")}</p>
        </section>

        <section aria-labelledby="rewards-redeem" className="space-y-2">
          <h2 id="rewards-redeem" className="text-xl font-semibold text-ink">
            {t("rewards.redeemTitle")}
          </h2>
          <p>{t("rewards.redeemBody")}</p>
        </section>

        <p>
          <Link to={`/${market.handle}/account`} className="underline">
            {t("rewards.accountLink")}
          </Link>
        </p>
      </article>
    </main>
  );
}
