/**
 * Catalog API: the `market` query parameter resolved to an enabled market, and the mapping from
 * domain objects (catalog, markets) to the API shapes defined in api.schema.ts.
 */
import { z } from "zod";
import { documentedAs } from "~/lib/api/schema";
import { toMoneyV2, type Money } from "~/lib/money";
import type { Market } from "../markets/markets";
import { getMarket, getStoreConfig } from "../markets/markets.server";
import type { ProductCard, ProductDetail, CollectionView, VariantView } from "./catalog";
import { marketParam, type ApiCollection, type ApiMarket, type ApiProduct, type ApiProductSummary, type ApiVariant } from "./api.schema";

// ---------------------------------------------------------------------------------------------
// The market parameter

/**
 * `market` as the handlers receive it: parsed with `marketParam` (what the document shows), then
 * looked up. Any failure lists the valid handles so a client can correct itself.
 */
export const marketQueryParam = documentedAs(
  z.unknown().transform(async (raw, ctx): Promise<Market> => {
    const shape = marketParam.safeParse(raw);
    const market = shape.success ? await getMarket(shape.data) : undefined;
    if (market) return market;
    const valid = (await getStoreConfig()).markets.map((m) => m.handle).join(", ");
    const problem = shape.success ? `unknown market "${shape.data.slice(0, 40)}"` : shape.error.issues[0]!.message;
    ctx.issues.push({ code: "custom", input: raw, message: `${problem}; use one of: ${valid}` });
    return z.NEVER;
  }),
  marketParam,
);

// ---------------------------------------------------------------------------------------------
// Mapping: domain → API

function absoluteUrl(origin: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${origin}${url.startsWith("/") ? "" : "/"}${url}`;
}

export function toApiMarket(m: Market): ApiMarket {
  return {
    handle: m.handle,
    name: m.name,
    language: m.language,
    country: m.country,
    currency: m.currency,
    taxDisplay: m.taxDisplay,
    units: m.units,
    shipTo: [...m.shipTo],
  };
}

export function toApiCollection(c: CollectionView, origin: string): ApiCollection {
  return {
    id: c.id,
    handle: c.handle,
    title: c.title,
    description: c.description,
    imageUrl: c.imageUrl ? absoluteUrl(origin, c.imageUrl) : null,
    alternates: c.alternates.map((a) => ({ market: a.market, handle: a.handle })),
  };
}

export function toApiProductSummary(card: ProductCard, origin: string): ApiProductSummary {
  return {
    id: card.id,
    handle: card.handle,
    title: card.title,
    featuredImage: card.image
      ? { url: absoluteUrl(origin, card.image.url), altText: card.image.alt, width: card.image.width, height: card.image.height }
      : null,
    priceRange: { minVariantPrice: toMoneyV2(card.price), maxVariantPrice: toMoneyV2(card.priceMax) },
    compareAtPrice: card.compareAt ? toMoneyV2(card.compareAt) : null,
    availableForSale: card.available,
  };
}

const GRAMS_PER_OUNCE = 28.349523125;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function toApiVariant(v: VariantView, market: Market): ApiVariant {
  const imperial = market.units === "imperial";
  return {
    id: v.id,
    sku: v.sku,
    title: v.title,
    selectedOptions: { ...v.options },
    price: toMoneyV2(v.price),
    compareAtPrice: v.compareAt ? toMoneyV2(v.compareAt) : null,
    availableForSale: v.available > 0,
    quantityAvailable: Math.max(0, v.available),
    weight: imperial ? { value: round(v.weightGrams / GRAMS_PER_OUNCE, 2), unit: "OUNCES" } : { value: v.weightGrams, unit: "GRAMS" },
    dimensions: v.dimensionsMm
      ? imperial
        ? { length: round(v.dimensionsMm[0] / 25.4, 2), width: round(v.dimensionsMm[1] / 25.4, 2), height: round(v.dimensionsMm[2] / 25.4, 2), unit: "INCHES" }
        : { length: v.dimensionsMm[0] / 10, width: v.dimensionsMm[1] / 10, height: v.dimensionsMm[2] / 10, unit: "CENTIMETERS" }
      : null,
    imageId: v.imageId,
  };
}

function cheapest(variants: VariantView[]): VariantView {
  return variants.reduce((a, b) => (b.price.amount < a.price.amount ? b : a));
}

function dearest(variants: VariantView[]): Money {
  return variants.reduce((a, b) => (b.price.amount > a.price.amount ? b : a)).price;
}

export function toApiProduct(p: ProductDetail, market: Market, origin: string): ApiProduct {
  const low = cheapest(p.variants);
  const images = p.images.map((i) => ({ id: i.id, url: absoluteUrl(origin, i.url), altText: i.alt, width: i.width, height: i.height }));
  const first = images[0];
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    vendor: p.vendor,
    productType: p.productType,
    tags: [...p.tags],
    countryOfOrigin: p.countryOfOrigin,
    hsCode: p.hsCode,
    publishedAt: p.publishedAt,
    releasesAt: p.releasesAt,
    featuredImage: first ? { url: first.url, altText: first.altText, width: first.width, height: first.height } : null,
    images,
    options: p.options.map((o) => ({
      code: o.code,
      name: o.name,
      values: o.values.map((v) => ({ code: v.code, label: v.label, swatch: v.swatch })),
    })),
    variants: p.variants.map((v) => toApiVariant(v, market)),
    priceRange: { minVariantPrice: toMoneyV2(low.price), maxVariantPrice: toMoneyV2(dearest(p.variants)) },
    compareAtPrice: low.compareAt ? toMoneyV2(low.compareAt) : null,
    availableForSale: p.variants.some((v) => v.available > 0),
    collection: p.collection ? { handle: p.collection.handle, title: p.collection.title } : null,
    seo: { title: p.seoTitle, description: p.seoDescription },
    alternates: p.alternates.map((a) => ({ market: a.market, handle: a.handle })),
  };
}
