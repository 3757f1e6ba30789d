import { bigint, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
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
