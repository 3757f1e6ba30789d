import { bigint, boolean, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Store-wide settings; one row (id = 'store'). */
export const storeSettingsTable = pgTable("store_settings", {
  id: text().primaryKey(),
  name: text().notNull(),
  baseCurrency: text().notNull(),
  defaultMarket: text().notNull(),
  /**
   * The store's replacements for the listing compliance word lists, by language and claim kind
   * (shape and validation: catalog/compliance.ts); `{}` = the defaults.
   */
  listingClaimTerms: jsonb().$type<Record<string, Record<string, string[]>>>().notNull().default({}),
  /** Sender identity of the store's email; null = MAIL_FROM (the deployment's default). */
  mailFromName: text(),
  mailFromAddress: text(),
  mailReplyTo: text(),
  /** The postal address printed in every marketing email's footer (CAN-SPAM §7704(a)(5)(A)(iii)); null = not set yet. */
  postalAddress: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const marketsTable = pgTable("markets", {
  handle: text().primaryKey(),
  name: text().notNull(),
  language: text().notNull(),
  country: text().notNull(),
  currency: text().notNull(),
  /** Content locales tried in order, e.g. ["fr-ca","fr","en"]. */
  localeFallback: text().array().notNull(),
  shipTo: text().array().notNull(),
  taxDisplay: text({ enum: ["inclusive", "exclusive"] }).notNull(),
  units: text({ enum: ["metric", "imperial"] }).notNull(),
  /** "none" | "ceil:<minor units>" | "ending:<minor units>" (see pricing/rounding). */
  roundingRule: text().notNull().default("none"),
  dutyMode: text({ enum: ["DDU", "DDP"] }).notNull().default("DDU"),
  /**
   * Which shipping option checkout pre-selects (and the product page promises): null = the rule in
   * code (quickest free option arriving within 20 business days, else the cheapest that does);
   * "within:<days>" = the same rule with another limit; a method code = that method when offered.
   */
  defaultShipping: text(),
  /**
   * Shipping is free when the discounted subtotal reaches this (minor units of `currency`); null = never.
   * Written onto the market's shipping rates that follow it (shipping_rates.free_over_from_market).
   */
  freeShippingOver: bigint({ mode: "bigint" }),
  enabled: boolean().notNull().default(true),
  position: integer().notNull().default(0),
  settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
});

/**
 * Units of `currency` for one unit of the base currency, from `effectiveOn` (a UTC day). The rate in
 * force is the one with the latest `effectiveOn` on or before today; earlier rows are the history.
 */
export const fxRatesTable = pgTable(
  "fx_rates",
  {
    currency: text().notNull(),
    effectiveOn: date({ mode: "string" }).notNull(),
    rate: numeric({ precision: 20, scale: 10 }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.currency, t.effectiveOn] })],
);
