/**
 * The catalog part of the Admin API (/api/admin/v1): request bodies and response shapes, registered
 * as named components of the Admin API's OpenAPI document. Field paths in 400/409/422 errors are
 * the paths of these bodies (e.g. `variants.0.prices.JPY`, `translations.de.handle`).
 */
import { z } from "zod";
import { MoneyV2Schema, named } from "~/lib/api/schema";
import { LANGS, PRODUCT_STATUSES } from "./catalog-input";
import { ADMIN_PRODUCT_SORTS } from "./catalog";

const lang = z.enum(LANGS);
const text = (max: number) => z.string().max(max);
const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");
const currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as JPY");
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "24.00" or "3600"');
const localized = z.partialRecord(lang, text(500)).describe("Text by language (en, fr, de, es, ja, pt, ar); missing languages fall back along the market's chain.");

const TranslationSchema = named(
  "ProductTranslation",
  "A product's text in one language.",
  z.object({
    title: z.string().trim().min(1).max(200).describe("Product title."),
    handle: z.string().max(200).describe("URL handle in this language: lowercase a-z, digits and single dashes."),
    description: text(20_000).default("").describe("Description (plain text)."),
    seoTitle: text(200).optional().describe("Title for search engines; defaults to the title."),
    seoDescription: text(500).optional().describe("Description for search engines."),
  }),
);

const OptionSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes").describe('Option code, e.g. "size".'),
  names: localized,
  values: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes").describe('Value code, e.g. "m".'),
        labels: localized,
        swatch: z.string().regex(/^#[0-9a-fA-F]{6}$/).nullable().optional().describe('Swatch colour, e.g. "#1f2937".'),
      }),
    )
    .max(100),
});

const priceMap = z.record(currency, decimal).describe('Decimal strings by currency, e.g. { "USD": "24.00", "JPY": "3600" }. Other currencies are converted from the base currency.');

const VariantSchema = z.object({
  sku: z.string().trim().min(1).max(100).describe("Stock keeping unit, unique in the store."),
  options: z.record(z.string(), z.string()).default({}).describe("Option code → value code."),
  weightGrams: z.number().int().min(0).max(1_000_000).default(0).describe("Shipping weight in grams (customs needs it)."),
  dimensionsMm: z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]).optional().describe("Length, width, height in millimetres."),
  prices: priceMap.default({}),
  compareAt: priceMap.optional().describe("Compare-at prices by currency; each must be above the price."),
  stock: z.record(z.string(), z.number().int().min(0).max(10_000_000)).optional().describe("Units on hand by location code; locations left out keep their stock."),
  image: z.number().int().min(0).optional().describe("Index into the product's images."),
});

const ImageSchema = z.object({
  url: z.string().min(1).max(2000).describe("Image URL, e.g. from the admin's upload (`/uploads/…`)."),
  alt: localized.default({}),
  width: z.number().int().min(1).max(20_000),
  height: z.number().int().min(1).max(20_000),
});

const confirm = z.boolean().default(false).describe("Publish although the listing check found warnings. Without it such a publish is a 422 `listing_warnings` carrying them.");

const productFields = {
  status: z.enum(PRODUCT_STATUSES).describe("draft (hidden), active (on sale) or archived (hidden, kept for orders)."),
  vendor: text(200),
  productType: text(200),
  tags: z.array(text(100)).max(100),
  hsCode: text(20).nullable().describe("Harmonized System code, 6 to 10 digits (customs)."),
  countryOfOrigin: z.string().max(2).nullable().describe("ISO 3166-1 alpha-2 country of origin (customs)."),
  releasedAt: isoTimestamp
    .nullable()
    .describe("The public release (UTC). Before it the product is hidden from the storefront and cannot be bought, except by customers whose membership tier includes early access. Null: released."),
  collections: z.array(z.string().max(100)).max(100).describe("Collection ids."),
  options: z.array(OptionSchema).max(3),
  variants: z.array(VariantSchema).min(1).max(100),
  images: z.array(ImageSchema).max(50),
};

export const ProductCreateSchema = named(
  "ProductCreate",
  "Body of POST /products. At least the English translation and one variant.",
  z.object({
    ...productFields,
    status: productFields.status.default("draft"),
    vendor: productFields.vendor.default(""),
    productType: productFields.productType.default(""),
    tags: productFields.tags.default([]),
    hsCode: productFields.hsCode.optional(),
    countryOfOrigin: productFields.countryOfOrigin.optional(),
    releasedAt: productFields.releasedAt.optional(),
    collections: productFields.collections.default([]),
    options: productFields.options.default([]),
    images: productFields.images.default([]),
    translations: z.partialRecord(lang, TranslationSchema).describe("Text by language; `en` is required."),
    confirm,
  }),
  { io: "input" },
);

export const ProductPatchSchema = named(
  "ProductPatch",
  "Body of PATCH /products/{id}: fields left out keep their value; `variants` replaces the list (kept by SKU); a translation set to null is removed.",
  z.object({
    status: productFields.status.optional(),
    vendor: productFields.vendor.optional(),
    productType: productFields.productType.optional(),
    tags: productFields.tags.optional(),
    hsCode: productFields.hsCode.optional(),
    countryOfOrigin: productFields.countryOfOrigin.optional(),
    releasedAt: productFields.releasedAt.optional(),
    collections: productFields.collections.optional(),
    options: productFields.options.optional(),
    variants: productFields.variants.optional(),
    images: productFields.images.optional(),
    translations: z.partialRecord(lang, TranslationSchema.nullable()).optional().describe("Translations to set; null removes one."),
    confirm,
  }),
  { io: "input" },
);

const ListingWarningSchema = named(
  "ListingWarning",
  "A finding of the listing compliance check: a claim consumer-protection rules or marketplaces forbid, or a field customs needs.",
  z.object({
    field: z.string().describe('The input path, e.g. "translations.de.description", "hsCode", "variants.0.weightGrams".'),
    code: z.string().describe("superlative_claim, absolute_claim, medical_claim, missing_hs_code, invalid_hs_code, missing_country_of_origin, invalid_country_of_origin, missing_weight."),
    message: z.string().describe("What was found and the rule behind it."),
  }),
);

const StoredVariantSchema = VariantSchema.extend({
  id: z.string().describe("Variant id (`var_…`)."),
  prices: priceMap,
  options: z.record(z.string(), z.string()),
  weightGrams: z.number().int(),
  stock: z.record(z.string(), z.number().int()).describe("Units on hand by location code."),
  reserved: z.record(z.string(), z.number().int()).describe("Units reserved by payments in progress, by location code."),
});

const ProductSchema = named(
  "AdminProduct",
  "A product as the admin edits it, in every language.",
  z.object({
    id: z.string().describe("Product id (`prod_…`)."),
    status: productFields.status,
    vendor: z.string(),
    productType: z.string(),
    tags: z.array(z.string()),
    hsCode: z.string().nullable(),
    countryOfOrigin: z.string().nullable(),
    salesCount: z.number().int(),
    publishedAt: isoTimestamp.nullable(),
    releasedAt: productFields.releasedAt,
    updatedAt: isoTimestamp,
    collections: z.array(z.string()),
    translations: z.partialRecord(lang, TranslationSchema),
    options: z.array(OptionSchema),
    variants: z.array(StoredVariantSchema),
    images: z.array(ImageSchema),
  }),
);

export const ProductWrittenSchema = named(
  "ProductWritten",
  "The product after the write and the listing check's warnings (publishing with warnings needed `confirm`).",
  z.object({ product: ProductSchema, warnings: z.array(ListingWarningSchema) }),
);

export const ProductDetailSchema = named(
  "AdminProductDetail",
  "A product, its listing check and the languages missing a title, handle or description.",
  z.object({
    product: ProductSchema,
    warnings: z.array(ListingWarningSchema),
    missingTranslations: z.partialRecord(z.enum(["title", "handle", "description"]), z.array(lang)).describe("Field → languages without it."),
  }),
);

export const productListQuery = {
  status: z.enum(PRODUCT_STATUSES).optional().describe("Only products with this status."),
  collection: z.string().max(100).optional().describe("Only products in this collection (id)."),
  q: z.string().max(200).optional().describe("Part of a title (any language) or a SKU."),
  sort: z.enum(ADMIN_PRODUCT_SORTS).default("updated").describe("Sort key."),
  dir: z.enum(["asc", "desc"]).default("desc").describe("Sort direction."),
};

export const ProductListSchema = named(
  "AdminProductList",
  "A page of products.",
  z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string().describe("English title."),
        handle: z.string().describe("English handle."),
        status: productFields.status,
        variants: z.number().int().describe("Number of variants."),
        updatedAt: isoTimestamp,
      }),
    ),
    total: z.number().int().describe("Products matching the filters, on all pages."),
    page: z.number().int(),
    perPage: z.number().int(),
  }),
);

export const ProductDeletedSchema = named("ProductDeleted", "The deleted product's id.", z.object({ id: z.string(), deleted: z.literal(true) }));

export const VariantPricesBodySchema = named(
  "VariantPricesUpdate",
  "Body of PUT /products/{id}/variants/{variantId}/prices: every explicit price of the variant (currencies left out lose theirs).",
  z.object({ prices: z.record(currency, z.object({ amount: decimal, compareAt: decimal.nullable().default(null) })) }),
  { io: "input" },
);

export const VariantPricesSchema = named(
  "VariantPrices",
  "A variant's explicit prices by currency.",
  z.object({ variantId: z.string(), prices: z.record(z.string(), z.object({ amount: z.string(), compareAt: z.string().nullable() })) }),
);

export const StockBodySchema = named("StockLevelUpdate", "Body of PUT /inventory/{variantId}/{location}.", z.object({ onHand: z.number().int().min(0).max(10_000_000).describe("Units on hand.") }), { io: "input" });

export const StockLevelSchema = named(
  "StockLevel",
  "Units of one variant at one location.",
  z.object({ variantId: z.string(), location: z.string(), onHand: z.number().int(), reserved: z.number().int().describe("Held by payments in progress; on hand cannot go below.") }),
);

export const MarketPricesSchema = named(
  "MarketPricePreview",
  "Each enabled market's shelf price of each variant: explicit prices, or the base price converted with the FX rate and the market's rounding rule.",
  z.object({
    markets: z.array(
      z.object({
        market: z.string(),
        name: z.string(),
        currency: z.string(),
        variants: z.array(z.object({ variantId: z.string(), sku: z.string(), price: MoneyV2Schema, compareAt: MoneyV2Schema.nullable(), source: z.enum(["list", "converted"]) })),
      }),
    ),
  }),
);

const CollectionTranslationSchema = z.object({
  title: z.string().trim().min(1).max(200),
  handle: z.string().max(200),
  description: text(20_000).default(""),
});

export const CollectionWriteSchema = named(
  "CollectionWrite",
  "Body of POST /collections and PATCH /collections/{id}: the translations (en required) and, when given, the products in order.",
  z.object({
    translations: z.partialRecord(lang, CollectionTranslationSchema),
    imageUrl: z.string().max(2000).nullable().optional(),
    productIds: z.array(z.string().max(100)).max(10_000).optional().describe("Product ids in display order; replaces the collection's products."),
  }),
  { io: "input" },
);

export const CollectionSchema = named(
  "AdminCollection",
  "A collection in every language with its products.",
  z.object({
    id: z.string(),
    position: z.number().int(),
    imageUrl: z.string().nullable(),
    translations: z.partialRecord(lang, CollectionTranslationSchema),
    productIds: z.array(z.string()),
  }),
);

export const CollectionListSchema = named(
  "AdminCollectionList",
  "Every collection.",
  z.object({ nodes: z.array(z.object({ id: z.string(), title: z.string(), handle: z.string(), products: z.number().int() })) }),
);

export const CollectionDeletedSchema = named("CollectionDeleted", "The deleted collection's id.", z.object({ id: z.string(), deleted: z.literal(true) }));

export const ProductImageUploadSchema = named(
  "ProductImageUpload",
  "Body of POST /products/{id}/images: multipart/form-data with the image file and, optionally, its alt text.",
  z.object({
    file: z.file().describe("The image: JPEG, PNG, WebP or AVIF, up to 10 MiB. The type is read from the bytes, not from the file name or the part's Content-Type."),
    alt: z.string().trim().max(500).optional().describe("Alt text in English (other languages fall back to it)."),
  }),
  { io: "input" },
);

export const ProductImageSchema = named(
  "ProductImage",
  "A product image. Its id is `img_<product key>_<position>`: removing an image moves the ones after it up, ids included.",
  z.object({
    id: z.string().describe("Image id."),
    productId: z.string().describe("Product id."),
    url: z.string().describe("Where it is served, e.g. `/uploads/products/img_….png`."),
    alt: localized,
    width: z.number().int().describe("Width in pixels, read from the file."),
    height: z.number().int().describe("Height in pixels, read from the file."),
    position: z.number().int().describe("Order among the product's images, from 0."),
  }),
);

export const ProductImageDeletedSchema = named("ProductImageDeleted", "The removed image's id.", z.object({ id: z.string(), deleted: z.literal(true) }));
