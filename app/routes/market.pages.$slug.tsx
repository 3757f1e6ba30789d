import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CATALOG_CACHE_CONTROL, publicOrigin } from "~/lib/http.server";
import { codeKey, useLocale, useT } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { pageTitle, seoMeta } from "~/lib/seo";
import { formatWeight } from "~/lib/units";
import { isPageSlug, parseBlocks, type Block } from "~/modules/content/content";
import { getPage } from "~/modules/content/content.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { summarizeRates } from "~/modules/shipping/shipping";
import { getLocations } from "~/modules/inventory/inventory.server";
import { getShippingRates } from "~/modules/shipping/shipping.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const slug = params.slug ?? "";
  const page = isPageSlug(slug) ? await getPage(market, slug) : null;
  if (!page) throw new Response("Not found", { status: 404 });
  const config = await getStoreConfig();
  // The shipping page lists the market's own rates, so it never disagrees with checkout.
  const rates = slug === "shipping" ? summarizeRates(await getShippingRates(market.handle), await getLocations(), market.country) : null;
  const blocks = parseBlocks(page.body);
  const firstText = blocks.find((b): b is Extract<Block, { kind: "paragraph" }> => b.kind === "paragraph")?.lines.join(" ") ?? page.title;
  return {
    market: { handle: market.handle, currency: market.currency, units: market.units },
    page: { slug: page.slug, title: page.title, language: page.language, blocks },
    rates: rates?.map((r) => ({ ...r, bands: r.bands.map((b) => ({ upToGrams: b.upToGrams, amount: b.amount.toString() })), freeOver: r.freeOver === null ? null : r.freeOver.toString() })) ?? null,
    seo: {
      origin: publicOrigin(request),
      title: pageTitle(page.title, config.name),
      description: firstText.length > 160 ? `${firstText.slice(0, 157)}…` : firstText,
      path: `/${market.handle}/pages/${page.slug}`,
      alternates: config.markets.filter((m) => !page.markets || page.markets.includes(m.handle)).map((m) => ({ market: m.handle, path: `/${m.handle}/pages/${page.slug}` })),
      defaultMarket: config.defaultMarket,
      locale: intlLocale(market),
    },
  };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": CATALOG_CACHE_CONTROL });
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function StorePage() {
  const { market, page, rates } = useLoaderData<typeof loader>();
  const t = useT();
  const { language } = useLocale();
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <nav aria-label={t("nav.breadcrumb")} className="text-sm text-stone-700">
        <Link to={`/${market.handle}`} className="underline">
          {t("nav.home")}
        </Link>{" "}
        / <span aria-current="page">{page.title}</span>
      </nav>
      <article lang={page.language !== language ? page.language : undefined} className="mt-3 space-y-4 leading-relaxed text-stone-800" data-testid="store-page">
        <h1 className="text-3xl font-semibold text-ink">{page.title}</h1>
        {page.blocks.map((b, i) => (
          <PageBlock key={i} block={b} />
        ))}
      </article>
      {rates ? <ShippingRates market={market} rates={rates} /> : null}
    </main>
  );
}

function PageBlock({ block: b }: { block: Block }) {
  if (b.kind === "heading") return <h2 className="pt-4 text-xl font-semibold text-ink">{b.text}</h2>;
  if (b.kind === "list")
    return (
      <ul className="list-disc space-y-1 ps-6">
        {b.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    );
  return (
    <p>
      {b.lines.map((line, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </span>
      ))}
    </p>
  );
}

type Rates = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["rates"]>;

function ShippingRates({ market, rates }: { market: { currency: string; units: "metric" | "imperial" }; rates: Rates }) {
  const t = useT();
  const { intlLocale } = useLocale();
  const money = (amount: string) => formatMoney({ amount: BigInt(amount), currency: market.currency }, intlLocale);
  const previous = (bands: Rates[number]["bands"], i: number) => bands[i - 1]?.upToGrams ?? 0;
  return (
    <section aria-labelledby="rates-heading" className="mt-8">
      <h2 id="rates-heading" className="text-xl font-semibold">
        {t("pages.ratesTitle")}
      </h2>
      <div className="mt-3 overflow-x-auto rounded-lg bg-white">
        <table className="w-full text-start text-sm" data-testid="shipping-rates">
          <thead>
            <tr className="border-b border-stone-200 text-start">
              <th scope="col" className="p-3 text-start">{t("pages.method")}</th>
              <th scope="col" className="p-3 text-start">{t("pages.deliveryTime")}</th>
              <th scope="col" className="p-3 text-start">{t("pages.price")}</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.method} className="border-b border-stone-100 align-top last:border-0">
                <th scope="row" className="p-3 text-start font-medium">{t(codeKey("shipping", r.method))}</th>
                <td className="p-3">{t("pages.businessDays", { min: r.minDays, max: r.maxDays })}</td>
                <td className="p-3">
                  <ul>
                    {r.bands.map((b, i) => (
                      <li key={i}>
                        {b.upToGrams === null
                          ? t("pages.bandOver", { weight: formatWeight(previous(r.bands, i), market.units, intlLocale), price: money(b.amount) })
                          : t("pages.bandUpTo", { weight: formatWeight(b.upToGrams, market.units, intlLocale), price: money(b.amount) })}
                      </li>
                    ))}
                  </ul>
                  {r.freeOver !== null ? <p className="mt-1 text-emerald-800">{t("pages.freeOver", { amount: money(r.freeOver) })}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
