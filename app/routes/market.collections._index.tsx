import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CATALOG_CACHE_CONTROL, publicOrigin } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { pageTitle, seoMeta } from "~/lib/seo";
import { requireMarket } from "~/modules/markets/storefront.server";
import { listCollections } from "~/modules/catalog/catalog.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const [collections, config] = await Promise.all([listCollections(market), getStoreConfig()]);
  const t = createTranslator(market.language, intlLocale(market));
  return {
    market: market.handle,
    collections: collections.map((c) => ({ handle: c.handle, title: c.title, description: c.description, imageUrl: c.imageUrl })),
    seo: {
      origin: publicOrigin(request),
      title: pageTitle(t("collections.title"), config.name),
      description: t("home.metaDescription", { store: config.name }),
      path: `/${market.handle}/collections`,
      alternates: config.markets.map((m) => ({ market: m.handle, path: `/${m.handle}/collections` })),
      defaultMarket: config.defaultMarket,
      locale: intlLocale(market),
    },
  };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": CATALOG_CACHE_CONTROL });
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function Collections() {
  const { market, collections } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-8">
      <h1 className="text-3xl font-semibold">{t("collections.title")}</h1>
      <ul className="mt-8 grid gap-6 md:grid-cols-2">
        {collections.map((c) => (
          <li key={c.handle}>
            <Link to={`/${market}/collections/${c.handle}`} className="group block overflow-hidden rounded-lg bg-white shadow-sm">
              {c.imageUrl ? <img src={c.imageUrl} alt="" width={1200} height={600} className="aspect-[2/1] w-full object-cover" loading="lazy" /> : null}
              <div className="p-4">
                <h2 className="text-lg font-semibold group-hover:underline">{c.title}</h2>
                <p className="mt-1 text-sm text-stone-700">{c.description}</p>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
