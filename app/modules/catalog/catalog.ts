import type { Money } from "~/lib/money";

export const SORT_KEYS = ["featured", "best-selling", "newest", "price-asc", "price-desc", "relevance"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Sort keys of the admin's product table. */
export const ADMIN_PRODUCT_SORTS = ["title", "status", "updated", "created"] as const;
export type AdminProductSort = (typeof ADMIN_PRODUCT_SORTS)[number];

interface ImageRef {
  url: string;
  alt: string;
  width: number;
  height: number;
}

export interface ProductCard {
  id: string;
  handle: string;
  title: string;
  image: ImageRef | null;
  price: Money;
  priceMax: Money;
  compareAt: Money | null;
  /** With a compare-at price in an EU market: the lowest price of the 30 days before the reduction (Directive 98/6/EC art. 6a). */
  priorLowest: Money | null;
  available: boolean;
}

interface OptionValueView {
  code: string;
  label: string;
  swatch: string | null;
}

export interface OptionView {
  code: string;
  name: string;
  values: OptionValueView[];
}

export interface VariantView {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  compareAt: Money | null;
  /** With a compare-at price in an EU market: the lowest price of the 30 days before the reduction (Directive 98/6/EC art. 6a). */
  priorLowest: Money | null;
  available: number;
  weightGrams: number;
  dimensionsMm: [number, number, number] | null;
  imageId: string | null;
  /** Stock by location id (available units), used for delivery estimates. */
  stockByLocation: Record<string, number>;
}

export interface ProductDetail {
  id: string;
  handle: string;
  title: string;
  description: string;
  seoTitle: string;
  seoDescription: string;
  vendor: string;
  productType: string;
  tags: string[];
  hsCode: string | null;
  countryOfOrigin: string | null;
  publishedAt: string | null;
  /** The public release when it is still ahead (ISO 8601): only an early-access viewer gets such a product. */
  releasesAt: string | null;
  options: OptionView[];
  variants: VariantView[];
  images: (ImageRef & { id: string })[];
  collection: { handle: string; title: string } | null;
  /** Handle of this product in every market where it is sold (for hreflang and market switching). */
  alternates: { market: string; handle: string }[];
}

interface FacetValue {
  code: string;
  label: string;
  swatch: string | null;
  count: number;
}

export interface Facets {
  options: { code: string; name: string; values: FacetValue[] }[];
  price: { min: Money; max: Money } | null;
}

export interface CollectionView {
  id: string;
  handle: string;
  title: string;
  description: string;
  imageUrl: string | null;
  alternates: { market: string; handle: string }[];
}

/**
 * Filter values in a sensible order: by their number when every value is a measure ("100ml",
 * "1.5l" — codes starting with a number), otherwise in the order the products define.
 * Values come from several products, so insertion order alone would list 300 ml before 100 ml.
 */
export function orderFacetValues<V extends { code: string }>(values: V[]): V[] {
  const numbers = values.map((v) => Number.parseFloat(v.code));
  if (!numbers.every(Number.isFinite)) return values;
  return values.map((v, i) => ({ v, n: numbers[i]! })).sort((a, b) => a.n - b.n).map((x) => x.v);
}

/**
 * Who is looking at the catalog, as the caller (a route or API handler) decided it: a signed-in
 * customer whose tier grants early access also sees products before their public release. The
 * catalog does not know tiers; it only honours the flag.
 */
export interface CatalogViewer {
  earlyAccess: boolean;
}

export const PUBLIC_VIEWER: CatalogViewer = { earlyAccess: false };

/** Whether a product is public at `at`: no release time, or one that has passed. */
export function isReleased(releasedAt: Date | null, at: Date): boolean {
  return releasedAt === null || releasedAt.getTime() <= at.getTime();
}
