import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProductGrid } from "~/components/storefront/ProductGrid";
import { ButtonLink } from "~/components/ui/Button";
import { cached } from "~/lib/cache.server";
import { CATALOG_CACHE_CONTROL, publicOrigin } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { seoMeta } from "~/lib/seo";
import { wireCard } from "~/lib/serialize";
import { requireMarket } from "~/modules/markets/storefront.server";
import { listCollections, listProducts, viewerKey } from "~/modules/catalog/catalog.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { pageViewer, viewerCacheControl } from "~/server/early-access.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const viewer = await pageViewer(request);
  const [collections, bestSellers, newest, config] = await Promise.all([
    cached(`collections|${market.handle}`, () => listCollections(market), 30_000),
    cached(`home-best|${market.handle}|${viewerKey(viewer)}`, () => listProducts({ market, sort: "best-selling", limit: 8, offset: 0, viewer })),
    cached(`home-new|${market.handle}|${viewerKey(viewer)}`, () => listProducts({ market, sort: "newest", limit: 4, offset: 0, viewer })),
    getStoreConfig(),
  ]);
  const t = createTranslator(market.language, intlLocale(market));
  return data({
    seo: {
      origin: publicOrigin(request),
      title: t("home.metaTitle", { store: config.name }),
      description: t("home.metaDescription", { store: config.name }),
      path: `/${market.handle}`,
      alternates: config.markets.map((m) => ({ market: m.handle, path: `/${m.handle}` })),
      defaultMarket: config.defaultMarket,
      locale: intlLocale(market),
    },
    market: market.handle,
    collections: collections.map((c) => ({ handle: c.handle, title: c.title, description: c.description, imageUrl: c.imageUrl })),
    bestSellers: bestSellers.items.map(wireCard),
    newest: newest.items.map(wireCard),
  }, { headers: { "Cache-Control": viewerCacheControl(viewer, CATALOG_CACHE_CONTROL) } });
}

// An early-access member's listing (with products before their release) is never stored by a shared cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? CATALOG_CACHE_CONTROL });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function Home() {
  const { market, collections, bestSellers, newest } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main">
      <section className="bg-gradient-to-br from-stone-100 via-orange-50 to-emerald-50">
        <div className="mx-auto grid max-w-7xl items-center gap-8 px-4 py-10 md:grid-cols-2 md:py-20">
          <div>
          <p className="text-sm font-semibold tracking-widest text-clay uppercase">{t("home.eyebrow")}</p>
          <h1 className="mt-3 max-w-2xl text-4xl font-semibold tracking-tight md:text-5xl">{t("home.heroTitle")}</h1>
          <p className="mt-4 max-w-xl text-lg text-stone-700">{t("home.heroBody")}</p>
          {collections[0] ? (
            <ButtonLink to={`/${market}/collections/${collections[0].handle}`} size="lg" className="mt-8 inline-block">
              {t("home.shopNow")}
            </ButtonLink>
          ) : null}
          </div>
          {/* Vector artwork: one small file, sharp at every width; it is the page's largest paint, so it is not lazy. */}
          <img src="/images/hero.svg" alt={t("home.heroImageAlt")} width={1200} height={900} {...{ fetchpriority: "high" }} className="h-auto w-full rounded-xl" data-testid="hero-image" />
        </div>
      </section>
      <section className="mx-auto max-w-7xl px-4 py-12" aria-labelledby="collections-heading">
        <h2 id="collections-heading" className="text-2xl font-semibold">{t("home.collections")}</h2>
        <ul className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-5">
          {collections.map((c) => (
            <li key={c.handle}>
              <Link to={`/${market}/collections/${c.handle}`} className="group block">
                <div className="aspect-[2/1] overflow-hidden rounded-lg bg-stone-200">
                  {c.imageUrl ? <img src={c.imageUrl} alt="" width={1200} height={600} className="h-full w-full object-cover" loading="lazy" /> : null}
                </div>
                <span className="mt-2 block font-medium group-hover:underline">{c.title}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section className="mx-auto max-w-7xl px-4 py-6" aria-labelledby="bestsellers-heading">
        <h2 id="bestsellers-heading" className="mb-6 text-2xl font-semibold">{t("home.bestSellers")}</h2>
        <ProductGrid market={market} products={bestSellers} />
      </section>
      <section className="mx-auto max-w-7xl px-4 py-12" aria-labelledby="new-heading">
        <h2 id="new-heading" className="mb-6 text-2xl font-semibold">{t("home.newArrivals")}</h2>
        <ProductGrid market={market} products={newest} />
      </section>
    </main>
  );
}
