/**
 * Input of the catalog write API (catalog-write.server.ts): the shape of demo or imported catalog
 * data. Data only, client-safe: every merchant's catalog fits it.
 */
export type Lang = "en" | "fr" | "de" | "es" | "ja" | "pt" | "ar";
export type Localized = Record<Lang, string>;

interface ProductTranslationInput {
  title: string;
  /** URL handle in this language: lowercase ASCII letters, digits and dashes (romanised for ja/ar). */
  handle: string;
  description: string;
  seoTitle?: string;
  seoDescription?: string;
}

export interface OptionInput {
  code: string;
  names: Localized;
  values: { code: string; labels: Localized; swatch?: string }[];
}

/** Decimal strings in the currency's major unit, e.g. { USD: "59.00", JPY: "8900" }. */
export type PriceMap = Partial<Record<"USD" | "EUR" | "GBP" | "JPY", string>>;

export interface VariantInput {
  sku: string;
  /** option code → value code */
  options: Record<string, string>;
  weightGrams: number;
  /** length, width, height in millimetres */
  dimensionsMm?: [number, number, number];
  prices: PriceMap;
  compareAt?: PriceMap;
  /** location code → units on hand ("cn-sz", "us-lax", "de-fra") */
  stock: Record<string, number>;
  /** index into the product's images */
  image?: number;
}

export interface ProductInput {
  key: string;
  status?: "active" | "draft";
  vendor: string;
  productType: string;
  tags: string[];
  hsCode: string;
  countryOfOrigin: string;
  salesCount: number;
  publishedDaysAgo: number;
  collections: string[];
  translations: Record<Lang, ProductTranslationInput>;
  options: OptionInput[];
  variants: VariantInput[];
  images: { url: string; alt: Localized; width: number; height: number }[];
}

export interface CollectionInput {
  key: string;
  imageUrl?: string;
  translations: Record<Lang, { title: string; handle: string; description: string }>;
}
