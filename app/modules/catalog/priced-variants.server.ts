import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "~db/index";
import {
  productImagesTable,
  productOptionValuesTable,
  productOptionsTable,
  productTranslationsTable,
  productVariantsTable,
  productsTable,
} from "~db/schema/catalog";
import type { Market } from "../markets/markets";
import { getVariantMarketPrices } from "../pricing/pricing.server";
import { pickTranslation } from "./locale";

type ProductStatus = (typeof productsTable.$inferSelect)["status"];

/** What a cart needs to know about a variant in one market: its product in the market's language and its shelf price. */
export interface PricedVariant {
  id: string;
  productId: string;
  sku: string;
  /** The product's handle and title in the market's language (empty handle / the SKU when untranslated). */
  handle: string;
  title: string;
  /** Option value labels, e.g. "Large / Indigo". */
  variantTitle: string;
  imageUrl: string | null;
  weightGrams: number;
  hsCode: string | null;
  status: ProductStatus;
  /** The product's public release (null = released); before it only early-access shoppers may buy it. */
  releasedAt: Date | null;
  /** Shelf price in the market's currency; null when the variant is not sold in this market. */
  price: bigint | null;
}

/** Whether variants can be put in a cart in a market: the product's status, its release and the market price. */
export async function getVariantSaleStatus(
  market: Market,
  variantIds: string[],
): Promise<Map<string, { status: ProductStatus; releasedAt: Date | null; price: bigint | null }>> {
  if (!variantIds.length) return new Map();
  const db = await getDb();
  const [rows, prices] = await Promise.all([
    db
      .select({ id: productVariantsTable.id, status: productsTable.status, releasedAt: productsTable.releasedAt })
      .from(productVariantsTable)
      .innerJoin(productsTable, eq(productsTable.id, productVariantsTable.productId))
      .where(inArray(productVariantsTable.id, variantIds)),
    getVariantMarketPrices(market.handle, variantIds),
  ]);
  return new Map(rows.map((r) => [r.id, { status: r.status, releasedAt: r.releasedAt, price: prices.get(r.id)?.amount ?? null }]));
}

/**
 * The cart pricing read: variants with their product's translated title, first image, option labels
 * and the market's shelf price, in a handful of queries for any number of lines. Variants that no
 * longer exist are absent from the result.
 */
export async function loadPricedVariants(market: Market, variantIds: string[]): Promise<Map<string, PricedVariant>> {
  if (!variantIds.length) return new Map();
  const db = await getDb();
  const [variants, prices] = await Promise.all([
    db
      .select({
        id: productVariantsTable.id,
        productId: productVariantsTable.productId,
        sku: productVariantsTable.sku,
        options: productVariantsTable.options,
        weightGrams: productVariantsTable.weightGrams,
        hsCode: productsTable.hsCode,
        status: productsTable.status,
        releasedAt: productsTable.releasedAt,
      })
      .from(productVariantsTable)
      .innerJoin(productsTable, eq(productsTable.id, productVariantsTable.productId))
      .where(inArray(productVariantsTable.id, variantIds)),
    getVariantMarketPrices(market.handle, variantIds),
  ]);
  const productIds = [...new Set(variants.map((v) => v.productId))];
  if (!productIds.length) return new Map();
  const [translations, images, options, values] = await Promise.all([
    db.select().from(productTranslationsTable).where(inArray(productTranslationsTable.productId, productIds)),
    db.select().from(productImagesTable).where(and(inArray(productImagesTable.productId, productIds), eq(productImagesTable.position, 0))),
    db.select().from(productOptionsTable).where(inArray(productOptionsTable.productId, productIds)),
    db
      .select({ optionId: productOptionValuesTable.optionId, code: productOptionValuesTable.code, labels: productOptionValuesTable.labels })
      .from(productOptionValuesTable)
      .innerJoin(productOptionsTable, eq(productOptionsTable.id, productOptionValuesTable.optionId))
      .where(inArray(productOptionsTable.productId, productIds)),
  ]);
  const chain = market.localeFallback;
  const out = new Map<string, PricedVariant>();
  for (const v of variants) {
    const t = pickTranslation(new Map(translations.filter((x) => x.productId === v.productId).map((x) => [x.locale, x])), chain);
    const variantTitle = options
      .filter((o) => o.productId === v.productId)
      .sort((a, b) => a.position - b.position)
      .map((o) => {
        const val = values.find((x) => x.optionId === o.id && x.code === v.options[o.code]);
        return val ? (pickTranslation(val.labels, chain) ?? val.code) : null;
      })
      .filter(Boolean)
      .join(" / ");
    out.set(v.id, {
      id: v.id,
      productId: v.productId,
      sku: v.sku,
      handle: t?.handle ?? "",
      title: t?.title ?? v.sku,
      variantTitle,
      imageUrl: images.find((i) => i.productId === v.productId)?.url ?? null,
      weightGrams: v.weightGrams,
      hsCode: v.hsCode,
      status: v.status,
      releasedAt: v.releasedAt,
      price: prices.get(v.id)?.amount ?? null,
    });
  }
  return out;
}
