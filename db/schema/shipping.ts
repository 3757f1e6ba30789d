import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { SHIPPING_METHODS } from "../../app/modules/shipping/shipping-methods";

const money = () => bigint({ mode: "bigint" });

export type WeightBand = { upToGrams: number | null; amount: string };

export const shippingRatesTable = pgTable(
  "shipping_rates",
  {
    id: text().primaryKey(),
    market: text().notNull(),
    method: text({ enum: SHIPPING_METHODS }).notNull(),
    minDays: integer().notNull(),
    maxDays: integer().notNull(),
    /** Bands by total weight, amounts in the market currency's minor units; last band may be open. */
    bands: jsonb().$type<WeightBand[]>().notNull(),
    /** Free when the discounted subtotal reaches this (minor units), if set. */
    freeOver: money(),
    /**
     * True: `freeOver` is the market's threshold (markets.free_shipping_over), rewritten whenever the
     * market's changes. False: the rate's own override (null = this method is never free).
     */
    freeOverFromMarket: boolean().notNull().default(false),
    /** A disabled rate is kept (with its bands) but never quoted. */
    enabled: boolean().notNull().default(true),
    /** For "local": the overseas location that must hold every line. */
    locationId: text(),
    position: integer().notNull().default(0),
  },
  (t) => [uniqueIndex().on(t.market, t.method)],
);
