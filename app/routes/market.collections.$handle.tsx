import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Listing } from "~/components/storefront/Listing";
import { CATALOG_CACHE_CONTROL, publicOrigin } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle, seoMeta } from "~/lib/seo";
import { requireMarket } from "~/modules/markets/storefront.server";
import { getCollectionByHandle } from "~/modules/catalog/catalog.server";
import { loadListing } from "~/modules/catalog/listing.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { pageViewer, viewerCacheControl } from "~/server/early-access.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const found = await getCollectionByHandle(market, params.handle ?? "");
  if (found.kind === "missing") throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  if (found.kind === "redirect") throw redirect(`/${market.handle}/collections/${found.handle}${url.search}`, 301);
  const { collection } = found;
  const viewer = await pageViewer(request);
  const [listing, config] = await Promise.all([
    loadListing(market, url, { collectionId: collection.id }, ["featured", "best-selling", "newest", "price-asc", "price-desc"], request.signal, viewer),
    getStoreConfig(),
  ]);
  const origin = publicOrigin(request);
  const path = `/${market.handle}/collections/${collection.handle}`;
  return data({
    collection: { title: collection.title, description: collection.description },
    listing,
    seo: {
      origin,
      title: pageTitle(collection.title, config.name),
      description: collection.description,
      path,
      alternates: collection.alternates.map((a) => ({ market: a.market, path: `/${a.market}/collections/${a.handle}` })),
      defaultMarket: config.defaultMarket,
      locale: intlLocale(market),
      image: collection.imageUrl ?? undefined,
      jsonLd: [
        {
          "@context": "https://schema.org",
          "@type": "BreadcrumbList",
          itemListElement: [
            { "@type": "ListItem", position: 1, name: config.name, item: `${origin}/${market.handle}` },
            { "@type": "ListItem", position: 2, name: collection.title, item: `${origin}${path}` },
          ],
        },
      ],
    },
  }, { headers: { "Cache-Control": viewerCacheControl(viewer, CATALOG_CACHE_CONTROL) } });
}

// An early-access member's listing (with products before their release) is never stored by a shared cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? CATALOG_CACHE_CONTROL });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function CollectionPage() {
  const { collection, listing } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-8">
      <nav aria-label={t("nav.breadcrumb")} className="text-sm text-stone-700">
        <Link to={`/${listing.market}`} className="underline">
          {t("nav.home")}
        </Link>{" "}
        / <span aria-current="page">{collection.title}</span>
      </nav>
      <h1 className="mt-3 text-3xl font-semibold">{collection.title}</h1>
      <p className="mt-2 mb-8 max-w-3xl text-stone-700">{collection.description}</p>
      <Listing data={listing} />
    </main>
  );
}
