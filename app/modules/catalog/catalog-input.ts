/**
 * Input of the catalog write API (catalog-write.server.ts): the shape of demo or imported catalog
 * data. Data only, client-safe: every merchant's catalog fits it.
 */
export const LANGS = ["en", "fr", "de", "es", "ja", "pt", "ar"] as const;
export type Lang = (typeof LANGS)[number];
export type Localized = Record<Lang, string>;
/** Text in some languages; readers fall back along the market's chain (always ending in en). */
type PartialLocalized = Partial<Localized>;

export interface ProductTranslationInput {
  title: string;
  /** URL handle in this language: lowercase ASCII letters, digits and dashes (romanised for ja/ar). */
  handle: string;
  description: string;
  seoTitle?: string;
  seoDescription?: string;
}

export interface OptionInput {
  code: string;
  names: PartialLocalized;
  values: { code: string; labels: PartialLocalized; swatch?: string | null }[];
}

/** Decimal strings in the currency's major unit, e.g. { USD: "59.00", JPY: "8900" }. */
export type PriceMap = Partial<Record<string, string>>;

export interface VariantInput {
  sku: string;
  /** option code → value code */
  options: Record<string, string>;
  weightGrams: number;
  /** length, width, height in millimetres */
  dimensionsMm?: [number, number, number];
  prices: PriceMap;
  compareAt?: PriceMap;
  /** location code → units on hand ("cn-sz", "us-lax", "de-fra"); locations left out keep their stock */
  stock?: Record<string, number>;
  /** index into the product's images */
  image?: number;
}

export const PRODUCT_STATUSES = ["draft", "active", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface ProductInput {
  /** The product's id is `prod_<key>` (imports, seed); or give `id` (admin edits, generated ids). */
  key?: string;
  id?: string;
  status?: ProductStatus;
  vendor: string;
  productType: string;
  tags: string[];
  hsCode?: string | null;
  countryOfOrigin?: string | null;
  /** Imports only: kept as stored when left out. */
  salesCount?: number;
  /** Imports only; otherwise the first switch to active sets the publication date. */
  publishedDaysAgo?: number;
  /**
   * The public release, ISO 8601 (e.g. "2027-03-01T09:00:00Z"): before it the product is shown and
   * sold only to customers whose membership tier includes early access. Null or left out: released.
   */
  releasedAt?: string | null;
  /** Collection ids (`col_<key>`) or keys. */
  collections: string[];
  /** At least English, the last language of every market's fallback chain. */
  translations: Partial<Record<Lang, ProductTranslationInput>>;
  options: OptionInput[];
  variants: VariantInput[];
  images: { url: string; alt: PartialLocalized; width: number; height: number }[];
}

export interface CollectionInput {
  key?: string;
  id?: string;
  imageUrl?: string | null;
  translations: Partial<Record<Lang, { title: string; handle: string; description: string }>>;
}
