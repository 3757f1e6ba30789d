/**
 * Catalog part of the Storefront API (JSON, /api/v1): query parameters and response shapes. The
 * endpoints (app/api/catalog.server.ts) parse with these schemas and type their responses with them;
 * the OpenAPI document is generated from those declarations, and the contract test validates live
 * responses against that document. Named schemas become `components/schemas/<id>`.
 */
import { z } from "zod";
import { MoneyV2Schema, named } from "~/lib/api/schema";
import { marketHandleSchema } from "../markets/market-handle";
import { SORT_KEYS } from "./catalog";

const ImageSchema = named(
  "Image",
  "An image with an absolute URL and its intrinsic size in pixels.",
  z.object({
    url: z.string().describe("Absolute URL of the image."),
    altText: z.string().describe("Alternative text in the market's language."),
    width: z.number().int().min(0),
    height: z.number().int().min(0),
  }),
);

const ProductImageSchema = named(
  "ProductImage",
  "A product image; variants refer to it by `id` (`ProductVariant.imageId`).",
  z.object({
    id: z.string(),
    url: z.string().describe("Absolute URL of the image."),
    altText: z.string().describe("Alternative text in the market's language."),
    width: z.number().int().min(0),
    height: z.number().int().min(0),
  }),
);

const AlternateSchema = named(
  "Alternate",
  "The handle of the same resource in another market (for hreflang links and market switching).",
  z.object({
    market: z.string().describe("Market handle, e.g. de-de."),
    handle: z.string().describe("Handle of the resource in that market's language."),
  }),
);

const PriceRangeSchema = named(
  "PriceRange",
  "Lowest and highest variant price in the market's currency.",
  z.object({
    minVariantPrice: MoneyV2Schema,
    maxVariantPrice: MoneyV2Schema,
  }),
);

// ---------------------------------------------------------------------------------------------
// Markets

const MarketSchema = named(
  "Market",
  "A market: a language and a country, which fix currency, tax display, units and where orders ship to.",
  z.object({
    handle: marketHandleSchema.describe("Identifier used in URLs and the `market` parameter, e.g. de-de."),
    name: z.string().describe("Display name in the market's own language."),
    language: z.string().describe("ISO 639-1 language code of the content, e.g. de."),
    country: z.string().regex(/^[A-Z]{2}$/).describe("ISO 3166-1 alpha-2 country code of the market's home country."),
    currency: z.string().regex(/^[A-Z]{3}$/).describe("ISO 4217 presentment currency."),
    taxDisplay: z.enum(["inclusive", "exclusive"]).describe("Whether prices in this market include tax."),
    units: z.enum(["metric", "imperial"]).describe("Measurement system for weights and dimensions."),
    shipTo: z.array(z.string().regex(/^[A-Z]{2}$/)).describe("Countries (ISO 3166-1 alpha-2) this market ships to."),
  }),
);

export const MarketListSchema = named(
  "MarketList",
  "Every enabled market, in display order.",
  z.object({ markets: z.array(MarketSchema) }),
);

// ---------------------------------------------------------------------------------------------
// Collections

const CollectionSchema = named(
  "Collection",
  "A curated group of products, localized for the market.",
  z.object({
    id: z.string(),
    handle: z.string().describe("Handle in the market's language; use it as `collection` in GET /products."),
    title: z.string(),
    description: z.string(),
    imageUrl: z.string().nullable().describe("Absolute URL of the collection image, if any."),
    alternates: z.array(AlternateSchema),
  }),
);

export const CollectionListSchema = named(
  "CollectionList",
  "Every collection, localized for the market, in merchandising order.",
  z.object({ collections: z.array(CollectionSchema) }),
);

// ---------------------------------------------------------------------------------------------
// Products

const ProductSummarySchema = named(
  "ProductSummary",
  "What a product card needs: title, image, price range and availability in the market.",
  z.object({
    id: z.string(),
    handle: z.string().describe("Handle in the market's language; GET /products/{handle}."),
    title: z.string(),
    featuredImage: ImageSchema.nullable(),
    priceRange: PriceRangeSchema,
    compareAtPrice: MoneyV2Schema.nullable().describe("Former price of the cheapest variant when it is on sale."),
    availableForSale: z.boolean().describe("At least one variant is in stock at a location that ships to the market."),
  }),
);

const PageInfoSchema = named(
  "PageInfo",
  "Cursor pagination: pass `endCursor` as `after` to get the next page while `hasNextPage` is true.",
  z.object({
    hasNextPage: z.boolean(),
    endCursor: z.string().nullable().describe("Opaque cursor after the last node of this page; null when the page is empty."),
    totalCount: z.number().int().min(0).describe("Number of products matching the query across all pages."),
  }),
);

export const ProductConnectionSchema = named(
  "ProductConnection",
  "One page of products.",
  z.object({
    nodes: z.array(ProductSummarySchema),
    pageInfo: PageInfoSchema,
  }),
);

const ProductOptionValueSchema = named(
  "ProductOptionValue",
  "One value of a product option.",
  z.object({
    code: z.string().describe("Stable code, used in `ProductVariant.selectedOptions`."),
    label: z.string().describe("Label in the market's language."),
    swatch: z.string().nullable().describe("CSS colour for a swatch, if the option is a colour."),
  }),
);

const ProductOptionSchema = named(
  "ProductOption",
  "An option the shopper chooses (size, colour, …) with its values.",
  z.object({
    code: z.string().describe("Stable code, a key of `ProductVariant.selectedOptions`."),
    name: z.string().describe("Name in the market's language."),
    values: z.array(ProductOptionValueSchema),
  }),
);

const WeightSchema = named(
  "Weight",
  "Shipping weight in the market's units (grams for metric markets, ounces for imperial ones).",
  z.object({
    value: z.number().min(0),
    unit: z.enum(["GRAMS", "OUNCES"]),
  }),
);

const DimensionsSchema = named(
  "Dimensions",
  "Package dimensions in the market's units (centimetres or inches).",
  z.object({
    length: z.number().min(0),
    width: z.number().min(0),
    height: z.number().min(0),
    unit: z.enum(["CENTIMETERS", "INCHES"]),
  }),
);

const ProductVariantSchema = named(
  "ProductVariant",
  "A purchasable combination of option values, priced in the market's currency.",
  z.object({
    id: z.string().describe("Variant id; this is what a cart line refers to."),
    sku: z.string(),
    title: z.string().describe('Option labels joined with " / ", e.g. "Large / Celadon".'),
    selectedOptions: z.record(z.string(), z.string()).describe("Option code → value code."),
    price: MoneyV2Schema,
    compareAtPrice: MoneyV2Schema.nullable(),
    availableForSale: z.boolean(),
    quantityAvailable: z.number().int().min(0).describe("Units in stock at locations that ship to the market."),
    weight: WeightSchema,
    dimensions: DimensionsSchema.nullable(),
    imageId: z.string().nullable().describe("Id of the variant's image in `Product.images`."),
  }),
);

const SeoSchema = named(
  "Seo",
  "Title and description for search engines.",
  z.object({ title: z.string(), description: z.string() }),
);

export const ProductSchema = named(
  "Product",
  "A product with its options, variants and images, localized and priced for the market.",
  z.object({
    id: z.string(),
    handle: z.string().describe("Canonical handle in the market's language (may differ from the handle requested)."),
    title: z.string(),
    description: z.string(),
    vendor: z.string(),
    productType: z.string(),
    tags: z.array(z.string()),
    countryOfOrigin: z.string().nullable().describe("ISO 3166-1 alpha-2 country of origin, for customs."),
    hsCode: z.string().nullable().describe("Harmonized System code, for customs."),
    publishedAt: z.string().nullable().describe("ISO 8601 timestamp."),
    releasesAt: z
      .string()
      .nullable()
      .describe("ISO 8601 time of the public release while it is still ahead (only a customer whose tier includes early access gets such a product); null once released."),
    featuredImage: ImageSchema.nullable(),
    images: z.array(ProductImageSchema),
    options: z.array(ProductOptionSchema),
    variants: z.array(ProductVariantSchema).describe("Variants sold in the market (at least one)."),
    priceRange: PriceRangeSchema,
    compareAtPrice: MoneyV2Schema.nullable().describe("Former price of the cheapest variant when it is on sale."),
    availableForSale: z.boolean(),
    collection: z
      .object({ handle: z.string(), title: z.string() })
      .nullable()
      .describe("The product's main collection (for breadcrumbs)."),
    seo: SeoSchema,
    alternates: z.array(AlternateSchema),
  }),
);

// ---------------------------------------------------------------------------------------------
// Query parameters (parsed from the URL; unknown parameters are ignored)

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;
/** A cursor never points further than this (keeps offsets cheap and bounded). */
const MAX_OFFSET = 100_000;

/** The `market` query parameter as a client sends it; api.server.ts resolves it to an enabled market. */
export const marketParam = marketHandleSchema.describe("Market handle (GET /markets), e.g. de-de. Sets language, currency and availability.");

/** Cursor: base64url of JSON `{ "offset": n }`. Opaque to clients. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    const offset = (value as { offset?: unknown }).offset;
    if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0 || offset > MAX_OFFSET) return null;
    return offset;
  } catch {
    return null;
  }
}

const HANDLE_PARAM_RE = /^[\p{Ll}\p{Lo}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Nd}]+)*$/u;

export const CollectionsQuerySchema = z.object({
  market: marketParam,
});

export const ProductsQuerySchema = z.object({
  market: marketParam,
  q: z
    .string()
    .trim()
    .max(200, { error: "must be at most 200 characters" })
    .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "must not contain control characters" })
    .optional()
    .transform((s) => s || undefined)
    .describe("Full-text search in the market's language (typos tolerated). Empty means no search."),
  collection: z
    .string()
    .trim()
    .max(120, { error: "must be at most 120 characters" })
    .regex(HANDLE_PARAM_RE, { error: "must be a collection handle like tea-ware (GET /collections)" })
    .optional()
    .describe("Only products in this collection (a collection handle in any of the store's languages)."),
  sort: z
    .enum(SORT_KEYS, { error: `must be one of ${SORT_KEYS.join(", ")}` })
    .optional()
    .describe("Order of results. Default: relevance when `q` is given, otherwise featured. `relevance` requires `q`."),
  first: z.coerce
    .number({ error: `must be a whole number between 1 and ${MAX_PAGE_SIZE}` })
    .int({ error: `must be a whole number between 1 and ${MAX_PAGE_SIZE}` })
    .min(1, { error: `must be between 1 and ${MAX_PAGE_SIZE}` })
    .max(MAX_PAGE_SIZE, { error: `must be between 1 and ${MAX_PAGE_SIZE}` })
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Page size, 1–${MAX_PAGE_SIZE}.`),
  after: z
    .string()
    .transform((s, ctx) => {
      const offset = decodeCursor(s);
      if (offset === null) {
        ctx.issues.push({
          code: "custom",
          input: s,
          message: "is not a valid cursor; pass pageInfo.endCursor from the previous page unchanged, or omit it for the first page",
        });
        return z.NEVER;
      }
      return offset;
    })
    .optional()
    .describe("Cursor from `pageInfo.endCursor` of the previous page."),
});

export const ProductQuerySchema = z.object({
  market: marketParam,
});

export type ApiMarket = z.output<typeof MarketSchema>;
export type ApiCollection = z.output<typeof CollectionSchema>;
export type ApiProductSummary = z.output<typeof ProductSummarySchema>;
export type ApiProduct = z.output<typeof ProductSchema>;
export type ApiVariant = z.output<typeof ProductVariantSchema>;
