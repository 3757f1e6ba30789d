/** Admin API: products, their prices and stock, the market price preview, collections. */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { newId } from "~/lib/ids";
import { toMoneyV2 } from "~/lib/money";
import { listCollectionsForAdmin, listProductsForAdmin } from "~/modules/catalog/catalog-admin.server";
import {
  CollectionDeletedSchema,
  CollectionListSchema,
  CollectionSchema,
  CollectionWriteSchema,
  MarketPricesSchema,
  ProductCreateSchema,
  ProductDeletedSchema,
  ProductDetailSchema,
  ProductImageDeletedSchema,
  ProductImageSchema,
  ProductImageUploadSchema,
  ProductListSchema,
  ProductPatchSchema,
  ProductWrittenSchema,
  productListQuery,
  StockBodySchema,
  StockLevelSchema,
  VariantPricesBodySchema,
  VariantPricesSchema,
} from "~/modules/catalog/catalog-admin-api.schema";
import { getFileStore, uploadProductImage } from "~/modules/catalog/file-store.server";
import { MAX_IMAGE_BYTES } from "~/modules/catalog/image-file";
import {
  addProductImage,
  deleteCollection,
  deleteProduct,
  listingWarnings,
  loadCollectionRecord,
  loadProductRecord,
  previewMarketPrices,
  removeProductImage,
  setStockLevel,
  setVariantPrices,
  updateProduct,
  upsertCollection,
  upsertProduct,
  type ProductWriteResult,
} from "~/modules/catalog/catalog-write.server";
import { productTranslationTable } from "~/modules/catalog/translations";
import { auditedWrite } from "~/modules/staff/audit.server";
import { pagingQuery } from "~/modules/staff/staff-api.schema";
import { UserError } from "~/lib/errors";
import { defineAdminEndpoint } from "./define.server";

const productId = z.object({ id: z.string().min(1).max(100).describe("Product id (`prod_…`).") });
const collectionId = z.object({ id: z.string().min(1).max(100).describe("Collection id (`col_…`).") });
const productNotFound: ErrorResponseDoc = { codes: ["product_not_found"], description: "No product with this id." };
const invalid: ErrorResponseDoc = {
  codes: [
    "invalid_body",
    "invalid_parameter",
    "translation_required",
    "title_required",
    "invalid_handle",
    "invalid_release_time",
    "variants_required",
    "sku_required",
    "duplicate_sku",
    "unknown_option_value",
    "unknown_image",
    "invalid_weight",
    "unsupported_currency",
    "invalid_price",
    "invalid_compare_at",
    "unknown_location",
    "invalid_stock",
    "unknown_collection",
  ],
  description: "The body is not JSON or a field is invalid (`field` names it, e.g. `variants.0.prices.JPY`).",
};
const conflicts: ErrorResponseDoc = {
  codes: ["handle_taken", "sku_taken", "variant_reserved", "stock_below_reserved"],
  description: "Another product has this handle or SKU, or units reserved by payments in progress would be lost.",
};
const warningsRefusal: ErrorResponseDoc = {
  codes: ["listing_warnings"],
  description: "Publishing (status active) with listing check warnings needs `confirm: true`; `details.warnings` lists them (`field`, `code`, `message`).",
};

const productJson = (r: ProductWriteResult) => ({ product: r.after!, warnings: r.warnings });

const listProductsEndpoint = defineAdminEndpoint({
  operationId: "listProducts",
  method: "GET",
  path: "/products",
  summary: "List products",
  description: "Every product, drafts and archived ones included, with filters, sorting and paging.",
  tag: "Catalog",
  permission: "read:products",
  query: z.object({ ...productListQuery, ...pagingQuery }),
  response: { status: 200, description: "A page of products.", schema: ProductListSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A filter or paging parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const { items, total } = await listProductsForAdmin({
      status: query.status,
      collectionId: query.collection,
      q: query.q,
      sort: query.sort,
      direction: query.dir,
      limit: query.perPage,
      offset: (query.page - 1) * query.perPage,
    });
    return { nodes: items.map(({ createdAt: _c, ...i }) => ({ ...i, updatedAt: i.updatedAt.toISOString() })), total, page: query.page, perPage: query.perPage };
  },
});

const createProductEndpoint = defineAdminEndpoint({
  operationId: "createProduct",
  method: "POST",
  path: "/products",
  summary: "Create a product",
  description: "Creates a product with its translations, options, variants, prices, stock and images. Returns the listing check's `warnings`; publishing with warnings needs `confirm`. Audited as `create:products`.",
  tag: "Catalog",
  permission: "write:products",
  body: ProductCreateSchema,
  response: { status: 201, description: "The new product and the listing check's warnings.", schema: ProductWrittenSchema },
  errors: { 400: invalid, 409: conflicts, 422: warningsRefusal },
  handler: async ({ auth, body }) => {
    const { confirm, ...input } = body;
    const id = newId("prod");
    return auditedWrite(auth, "create:products", async (tx) => {
      const r = await upsertProduct({ ...input, id }, { db: tx, confirm });
      return { entityId: id, before: null, after: r.after, result: productJson(r) };
    });
  },
});

const getProductEndpoint = defineAdminEndpoint({
  operationId: "getProduct",
  method: "GET",
  path: "/products/{id}",
  summary: "Read a product",
  description: "The product in every language, the listing check's current warnings and the languages missing a title, handle or description.",
  tag: "Catalog",
  permission: "read:products",
  params: productId,
  response: { status: 200, description: "The product.", schema: ProductDetailSchema },
  errors: { 404: productNotFound },
  handler: async ({ params }) => {
    const product = await loadProductRecord(params.id);
    if (!product) throw new UserError("product_not_found", `There is no product ${params.id}.`, 404);
    const table = productTranslationTable(product.translations);
    const missingTranslations = Object.fromEntries(table.rows.filter((r) => r.missing.length).map((r) => [r.field, r.missing]));
    return { product, warnings: await listingWarnings(product), missingTranslations };
  },
});

const updateProductEndpoint = defineAdminEndpoint({
  operationId: "updateProduct",
  method: "PATCH",
  path: "/products/{id}",
  summary: "Change a product",
  description: "Changes the fields given; `variants` replaces the list, kept by SKU (stock reserved by payments in progress survives). Returns the listing check's `warnings`; publishing with warnings needs `confirm`. Audited as `update:products`.",
  tag: "Catalog",
  permission: "write:products",
  params: productId,
  body: ProductPatchSchema,
  response: { status: 200, description: "The product after the change and the listing check's warnings.", schema: ProductWrittenSchema },
  errors: { 400: invalid, 404: productNotFound, 409: conflicts, 422: warningsRefusal },
  handler: async ({ auth, params, body }) => {
    const { confirm, ...patch } = body;
    return auditedWrite(auth, "update:products", async (tx) => {
      const r = await updateProduct(params.id, patch, { db: tx, confirm });
      return { entityId: params.id, before: r.before, after: r.after, result: productJson(r) };
    });
  },
});

const deleteProductEndpoint = defineAdminEndpoint({
  operationId: "deleteProduct",
  method: "DELETE",
  path: "/products/{id}",
  summary: "Delete a product",
  description: "Deletes the product, its variants, prices and stock (orders keep their own copy). While a payment in progress holds units it is a 409: archive it instead (`PATCH` with `status: archived`). Audited as `delete:products`.",
  tag: "Catalog",
  permission: "write:products",
  params: productId,
  response: { status: 200, description: "The product is gone.", schema: ProductDeletedSchema },
  errors: { 404: productNotFound, 409: { codes: ["product_reserved"], description: "Units are reserved by a payment in progress." } },
  handler: async ({ auth, params }) =>
    auditedWrite(auth, "delete:products", async (tx) => {
      const r = await deleteProduct(params.id, tx);
      return { entityId: params.id, before: r.before, after: null, result: { id: params.id, deleted: true as const } };
    }),
});

const setPricesEndpoint = defineAdminEndpoint({
  operationId: "setVariantPrices",
  method: "PUT",
  path: "/products/{id}/variants/{variantId}/prices",
  summary: "Set a variant's prices",
  description: "Replaces the variant's explicit prices and compare-at prices, all currencies at once; market prices follow. Audited as `update:prices`.",
  tag: "Catalog",
  permission: "write:prices",
  params: z.object({ id: productId.shape.id, variantId: z.string().min(1).max(100).describe("Variant id (`var_…`).") }),
  body: VariantPricesBodySchema,
  response: { status: 200, description: "The variant's prices after the change.", schema: VariantPricesSchema },
  errors: { 400: { codes: ["invalid_body", "invalid_parameter", "unsupported_currency", "invalid_price", "invalid_compare_at"], description: "A price is invalid (`field` names it)." }, 404: { codes: ["variant_not_found"], description: "The product has no such variant." } },
  handler: async ({ auth, params, body }) =>
    auditedWrite(auth, "update:prices", async (tx) => {
      const r = await setVariantPrices(params.id, params.variantId, body.prices, tx);
      return { entityId: params.variantId, before: r.before, after: r.after, result: { variantId: params.variantId, prices: r.after! } };
    }),
});

const setStockEndpoint = defineAdminEndpoint({
  operationId: "setStockLevel",
  method: "PUT",
  path: "/inventory/{variantId}/{location}",
  summary: "Set stock at a location",
  description: "Sets the units on hand of a variant at a location (by location code, e.g. `cn-sz`). Never below the units reserved by payments in progress. Audited as `update:inventory`.",
  tag: "Catalog",
  permission: "write:inventory",
  params: z.object({ variantId: z.string().min(1).max(100).describe("Variant id (`var_…`)."), location: z.string().min(1).max(100).describe("Location code.") }),
  body: StockBodySchema,
  response: { status: 200, description: "The stock level after the change.", schema: StockLevelSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter", "invalid_stock"], description: "`onHand` is not a whole number of 0 or more." },
    404: { codes: ["variant_not_found", "location_not_found"], description: "No such variant or location." },
    409: { codes: ["stock_below_reserved"], description: "More units are reserved by payments in progress." },
  },
  handler: async ({ auth, params, body }) =>
    auditedWrite(auth, "update:inventory", async (tx) => {
      const r = await setStockLevel(params.variantId, params.location, body.onHand, tx);
      return { entityId: r.id, before: r.before, after: r.after, result: { variantId: params.variantId, location: params.location, ...r.after! } };
    }),
});

const marketPricesEndpoint = defineAdminEndpoint({
  operationId: "previewMarketPrices",
  method: "GET",
  path: "/products/{id}/market-prices",
  summary: "Preview prices per market",
  description: "Each enabled market's shelf price of each variant: the explicit price in the market's currency, or the base price converted with the FX rate and the market's rounding rule.",
  tag: "Catalog",
  permission: "read:products",
  params: productId,
  response: { status: 200, description: "Prices by market.", schema: MarketPricesSchema },
  errors: { 404: productNotFound },
  handler: async ({ params }) => ({
    markets: (await previewMarketPrices(params.id)).map((m) => ({
      ...m,
      variants: m.variants.map((v) => ({ ...v, price: toMoneyV2(v.price), compareAt: v.compareAt ? toMoneyV2(v.compareAt) : null })),
    })),
  }),
});

const collectionInvalid: ErrorResponseDoc = {
  codes: ["invalid_body", "invalid_parameter", "translation_required", "title_required", "invalid_handle", "unknown_product"],
  description: "The body is not JSON or a field is invalid (`field` names it).",
};

const listCollectionsEndpoint = defineAdminEndpoint({
  operationId: "listCollections",
  method: "GET",
  path: "/collections",
  summary: "List collections",
  description: "Every collection with its English title and product count, in storefront order.",
  tag: "Catalog",
  permission: "read:products",
  response: { status: 200, description: "The collections.", schema: CollectionListSchema },
  errors: {},
  handler: async () => ({ nodes: await listCollectionsForAdmin() }),
});

const createCollectionEndpoint = defineAdminEndpoint({
  operationId: "createCollection",
  method: "POST",
  path: "/collections",
  summary: "Create a collection",
  description: "Creates a collection with its translations (en required) and, optionally, its products in order. Audited as `create:collections`.",
  tag: "Catalog",
  permission: "write:collections",
  body: CollectionWriteSchema,
  response: { status: 201, description: "The new collection.", schema: CollectionSchema },
  errors: { 400: collectionInvalid, 409: { codes: ["handle_taken"], description: "Another collection has this handle." } },
  handler: async ({ auth, body }) =>
    auditedWrite(auth, "create:collections", async (tx) => {
      const r = await upsertCollection({ ...body, id: newId("col") }, { db: tx });
      return { entityId: r.id, before: null, after: r.after, result: r.after! };
    }),
});

const updateCollectionEndpoint = defineAdminEndpoint({
  operationId: "updateCollection",
  method: "PATCH",
  path: "/collections/{id}",
  summary: "Change a collection",
  description: "Replaces the translations; with `productIds`, the products too. Audited as `update:collections`.",
  tag: "Catalog",
  permission: "write:collections",
  params: collectionId,
  body: CollectionWriteSchema,
  response: { status: 200, description: "The collection after the change.", schema: CollectionSchema },
  errors: { 400: collectionInvalid, 404: { codes: ["collection_not_found"], description: "No collection with this id." }, 409: { codes: ["handle_taken"], description: "Another collection has this handle." } },
  handler: async ({ auth, params, body }) =>
    auditedWrite(auth, "update:collections", async (tx) => {
      if (!(await loadCollectionRecord(params.id, tx))) throw new UserError("collection_not_found", `There is no collection ${params.id}.`, 404);
      const r = await upsertCollection({ ...body, id: params.id }, { db: tx });
      return { entityId: r.id, before: r.before, after: r.after, result: r.after! };
    }),
});

const deleteCollectionEndpoint = defineAdminEndpoint({
  operationId: "deleteCollection",
  method: "DELETE",
  path: "/collections/{id}",
  summary: "Delete a collection",
  description: "Deletes the collection; its products stay in the catalog. Audited as `delete:collections`.",
  tag: "Catalog",
  permission: "write:collections",
  params: collectionId,
  response: { status: 200, description: "The collection is gone.", schema: CollectionDeletedSchema },
  errors: { 404: { codes: ["collection_not_found"], description: "No collection with this id." } },
  handler: async ({ auth, params }) =>
    auditedWrite(auth, "delete:collections", async (tx) => {
      const r = await deleteCollection(params.id, tx);
      return { entityId: params.id, before: r.before, after: null, result: { id: params.id, deleted: true as const } };
    }),
});

const productImageParams = z.object({ id: productId.shape.id, imageId: z.string().min(1).max(200).describe("Image id (`img_…`).") });

const uploadImageEndpoint = defineAdminEndpoint({
  operationId: "uploadProductImage",
  method: "POST",
  path: "/products/{id}/images",
  summary: "Upload a product image",
  description:
    "Adds an image as the product's last one: multipart/form-data with the file in `file` and optional English `alt`. The file's type and size are read from its bytes (JPEG, PNG, WebP, AVIF; up to 10 MiB) and it is stored through the store's file storage under a generated name. Audited as `create:product-image`.",
  tag: "Catalog",
  permission: "write:products",
  params: productId,
  body: ProductImageUploadSchema,
  bodyEncoding: { type: "multipart", maxBytes: MAX_IMAGE_BYTES + 64 * 1024 },
  response: { status: 201, description: "The new image.", schema: ProductImageSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter", "image_empty"], description: "The body is not multipart/form-data, `file` is missing or empty, or `alt` is too long (`field` names it)." },
    413: { codes: ["payload_too_large", "image_too_large"], description: "The file is larger than 10 MiB." },
    415: { codes: ["unsupported_media_type", "image_type"], description: "The body is not multipart/form-data, or the file is not a JPEG, PNG, WebP or AVIF image (judged from its bytes)." },
    422: { codes: ["unknown_product"], description: "There is no product with this id." },
  },
  handler: async ({ auth, params, body }) => {
    if (!(await loadProductRecord(params.id))) throw new UserError("unknown_product", `There is no product ${params.id}.`, 422, "id");
    const stored = await uploadProductImage(new Uint8Array(await body.file.arrayBuffer()));
    try {
      return await auditedWrite(auth, "create:product-image", async (tx) => {
        const r = await addProductImage(params.id, { url: stored.url, width: stored.width, height: stored.height, alt: body.alt ? { en: body.alt } : {} }, tx);
        return { entityId: params.id, before: null, after: r.after, result: r.after! };
      });
    } catch (e) {
      await getFileStore().delete(stored.url);
      throw e;
    }
  },
});

const deleteImageEndpoint = defineAdminEndpoint({
  operationId: "deleteProductImage",
  method: "DELETE",
  path: "/products/{id}/images/{imageId}",
  summary: "Remove a product image",
  description: "Removes the image and deletes its file; variants that showed it show none, and the images after it move up one position. Audited as `delete:product-image`.",
  tag: "Catalog",
  permission: "write:products",
  params: productImageParams,
  response: { status: 200, description: "The image is gone.", schema: ProductImageDeletedSchema },
  errors: { 404: { codes: ["product_not_found", "image_not_found"], description: "No such product, or the product has no such image." } },
  handler: async ({ auth, params }) => {
    const removed = await auditedWrite(auth, "delete:product-image", async (tx) => {
      const r = await removeProductImage(params.id, params.imageId, tx);
      return { entityId: params.id, before: r.before, after: null, result: r.before! };
    });
    await getFileStore().delete(removed.url);
    return { id: params.imageId, deleted: true as const };
  },
});

export const catalogEndpoints = [
  listProductsEndpoint,
  createProductEndpoint,
  getProductEndpoint,
  updateProductEndpoint,
  deleteProductEndpoint,
  setPricesEndpoint,
  setStockEndpoint,
  marketPricesEndpoint,
  listCollectionsEndpoint,
  createCollectionEndpoint,
  updateCollectionEndpoint,
  deleteCollectionEndpoint,
  uploadImageEndpoint,
  deleteImageEndpoint,
];
