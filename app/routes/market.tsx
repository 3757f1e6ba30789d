import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage, errorMeta } from "~/components/ErrorPage";
import { Footer, Header } from "~/components/storefront/Header";
import { SignUpOffer } from "~/components/storefront/Newsletter";
import { cached } from "~/lib/cache.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { listCollections } from "~/modules/catalog/catalog.server";
import { listPages } from "~/modules/content/content.server";
import type { RootData } from "~/root";

export async function loader({ params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const [collections, pages] = await Promise.all([
    cached(`collections|${market.handle}`, () => listCollections(market), 30_000),
    cached(`pages|${market.handle}`, () => listPages(market), 30_000),
  ]);
  return {
    market: market.handle,
    collections: collections.map((c) => ({ handle: c.handle, title: c.title })),
    pages,
  };
}

// Only used when this layout's error screen shows; every page below sets its own title.
export const meta: MetaFunction = ({ error, matches }) => (error ? errorMeta(error, matches) : []);

export function shouldRevalidate({ currentParams, nextParams }: { currentParams: Record<string, string | undefined>; nextParams: Record<string, string | undefined> }) {
  return currentParams.market !== nextParams.market;
}

export default function MarketLayout() {
  const { market, collections, pages } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>("root");
  return (
    <>
      <Header market={market} collections={collections} />
      <Outlet />
      <Footer market={market} storeName={root?.storeName ?? ""} collections={collections} pages={pages} />
      <SignUpOffer market={market} />
    </>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/market");
  return (
    <>
      {data ? <Header market={data.market} collections={data.collections} /> : null}
      <ErrorPage />
    </>
  );
}
