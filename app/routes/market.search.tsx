import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Listing } from "~/components/storefront/Listing";
import { Button } from "~/components/ui/Button";
import { Input } from "~/components/ui/Input";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { pageTitle } from "~/lib/seo";
import { requireMarket } from "~/modules/markets/storefront.server";
import { loadListing } from "~/modules/catalog/listing.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { pageViewer } from "~/server/early-access.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const config = await getStoreConfig();
  const t = createTranslator(market.language, intlLocale(market));
  const viewer = await pageViewer(request);
  const listing = q
    ? await loadListing(market, url, { q }, ["relevance", "best-selling", "newest", "price-asc", "price-desc"], request.signal, viewer)
    : null;
  const result = {
    q,
    market: market.handle,
    listing: listing ? { ...listing, q } : null,
    title: pageTitle(q ? t("search.resultsFor", { q }) : t("search.title"), config.name),
  };
  // An early-access member's results (with products before their release) are never stored by a shared cache.
  return data(result, viewer.earlyAccess ? { headers: { "Cache-Control": "private, no-store" } } : {});
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const cacheControl = loaderHeaders.get("Cache-Control");
  return cacheControl ? { "Cache-Control": cacheControl } : new Headers();
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  { name: "robots", content: "noindex, follow" },
];

export default function SearchPage() {
  const { q, listing } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-8">
      <h1 id="search-title" className="text-3xl font-semibold">{q ? t("search.resultsFor", { q }) : t("search.title")}</h1>
      <Form method="get" role="search" aria-labelledby="search-title" className="mt-4 mb-8 flex max-w-xl">
        <label htmlFor="search-page-q" className="sr-only">
          {t("search.label")}
        </label>
        <Input id="search-page-q" name="q" type="search" defaultValue={q} placeholder={t("search.placeholder")} size="lg" attached="start" className="flex-1" />
        <Button attached="end">
          {t("search.submit")}
        </Button>
      </Form>
      {listing ? <Listing data={listing} /> : <p className="text-stone-700">{t("search.prompt")}</p>}
    </main>
  );
}
