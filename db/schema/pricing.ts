import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { productVariantsTable } from "./catalog";
import { marketsTable } from "./markets";

/** Explicit prices per currency (a price list is the set of rows for one currency). */
export const variantPricesTable = pgTable(
  "variant_prices",
  {
    variantId: text()
      .notNull()
      .references(() => productVariantsTable.id, { onDelete: "cascade" }),
    currency: text().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    compareAt: bigint({ mode: "bigint" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.variantId, t.currency] })],
);

/**
 * Resolved shelf price of each variant in each market (explicit price, or converted + rounded).
 * Derived data: rebuilt by pricing.rebuildMarketPrices() (through catalog.refreshMarketPrices)
 * whenever prices, FX rates or markets change, so that listings can filter and sort by price in SQL.
 */
export const marketPricesTable = pgTable(
  "market_prices",
  {
    market: text()
      .notNull()
      .references(() => marketsTable.handle, { onDelete: "cascade" }),
    variantId: text()
      .notNull()
      .references(() => productVariantsTable.id, { onDelete: "cascade" }),
    productId: text().notNull(),
    currency: text().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    compareAt: bigint({ mode: "bigint" }),
    source: text({ enum: ["list", "converted"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.market, t.variantId] }), index().on(t.market, t.productId, t.amount)],
);

/**
 * Every shelf price a variant had in a market, from when it applied (EU price-reduction rule, Article 6a of
 * Directive 98/6/EC: the "prior price" is the lowest price of the 30 days before a reduction). Written by
 * pricing.rebuildMarketPrices() in the same transaction as the market_prices change; one row per change.
 */
export const priceHistoryTable = pgTable(
  "price_history",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    market: text()
      .notNull()
      .references(() => marketsTable.handle, { onDelete: "cascade" }),
    variantId: text()
      .notNull()
      .references(() => productVariantsTable.id, { onDelete: "cascade" }),
    currency: text().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    /** From when this price applied (until the next row of the same market and variant). */
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.market, t.variantId, t.changedAt)],
);
