import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const discountsTable = pgTable("discounts", {
  id: text().primaryKey(),
  /** Upper-case code as the shopper types it. */
  code: text().notNull().unique(),
  kind: text({ enum: ["percentage", "fixed", "free_shipping"] }).notNull(),
  /** Percentage in basis points (1000 = 10%). */
  percentBp: integer(),
  /** Fixed amounts per currency in minor units, e.g. {"EUR":"1000","JPY":"1500"}. */
  amounts: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** Minimum subtotal per currency in minor units. */
  minSubtotal: jsonb().$type<Record<string, string>>().notNull().default({}),
  markets: text().array().notNull().default(sql`'{}'::text[]`),
  startsAt: ts(),
  endsAt: ts(),
  usageLimit: integer(),
  perCustomerLimit: integer(),
  usedCount: integer().notNull().default(0),
  active: integer().notNull().default(1),
  createdAt: ts().notNull().defaultNow(),
});

export const discountRedemptionsTable = pgTable(
  "discount_redemptions",
  {
    discountId: text()
      .notNull()
      .references(() => discountsTable.id),
    orderId: text().notNull(),
    /** Lower-case email: the per-customer key for guests and accounts alike. */
    customerKey: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.discountId, t.orderId] }), index().on(t.discountId, t.customerKey)],
);

/**
 * A use of a per-customer-limited code held by a payment in progress, claimed at payment start so two
 * checkouts by the same customer cannot both pass the limit. Replaced by a redemption when the order
 * is made; deleted when the payment is given up.
 */
export const discountCustomerClaimsTable = pgTable(
  "discount_customer_claims",
  {
    discountId: text()
      .notNull()
      .references(() => discountsTable.id),
    paymentId: text().notNull(),
    /** customerKey(email), as in discount_redemptions. */
    customerKey: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.discountId, t.paymentId] }), index().on(t.discountId, t.customerKey)],
);
