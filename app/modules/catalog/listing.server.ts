import { cached } from "~/lib/cache.server";
import { toDecimalString } from "~/lib/money";
import { withSearchLimits } from "~db/index";
import { wireCard } from "~/lib/serialize";
import type { Market } from "../markets/markets";
import { PUBLIC_VIEWER, type CatalogViewer, type SortKey } from "./catalog";
import { getFacets, listProducts, viewerKey } from "./catalog.server";
import { PAGE_SIZE, parseListingQuery } from "./listing-params";

/** listProducts for a request: search limits (timeout, half the pool) and cancelled with `signal`. */
export function listProductsForRequest(params: Parameters<typeof listProducts>[0], signal?: AbortSignal) {
  return withSearchLimits(signal, () => listProducts(params));
}

/**
 * Everything a collection or search page shows, from its URL. `signal` (the request's) cancels the
 * listing's statements when the visitor goes away.
 */
export async function loadListing(market: Market, url: URL, scope: { collectionId?: string; q?: string }, sortOptions: SortKey[], signal?: AbortSignal, viewer: CatalogViewer = PUBLIC_VIEWER) {
  const query = parseListingQuery(url.searchParams, market.currency, sortOptions[0]!);
  const sort = sortOptions.includes(query.sort) ? query.sort : sortOptions[0]!;
  const key = `${market.handle}|${scope.collectionId ?? ""}|${scope.q ?? ""}|${viewerKey(viewer)}`;
  const listKey = `list|${key}|${sort}|${query.page}|${query.available}|${query.priceMin ?? ""}|${query.priceMax ?? ""}|${JSON.stringify(query.options)}`;
  const [result, facets] = await Promise.all([
    cached(listKey, () => withSearchLimits(signal, () => listProducts({
      market,
      collectionId: scope.collectionId,
      q: scope.q,
      options: query.options,
      priceMin: query.priceMin,
      priceMax: query.priceMax,
      available: query.available,
      sort,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
      viewer,
    }))),
    cached(`facets|${key}`, () => withSearchLimits(signal, () => getFacets({ market, collectionId: scope.collectionId, q: scope.q, viewer }))),
  ]);
  return {
    market: market.handle,
    products: result.items.map(wireCard),
    total: result.total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    sort,
    sortOptions,
    available: query.available,
    priceMin: query.raw.priceMin,
    priceMax: query.raw.priceMax,
    currency: market.currency,
    selected: query.options,
    facets: facets.options,
    priceRange: facets.price
      ? { min: toDecimalString(facets.price.min.amount, market.currency), max: toDecimalString(facets.price.max.amount, market.currency) }
      : null,
  };
}
