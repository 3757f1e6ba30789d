import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { CART_STATUSES } from "../../app/modules/cart/cart-status";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export type Address = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
};

export const cartsTable = pgTable(
  "carts",
  {
    id: text().primaryKey(),
    /** sha256 of the cart's secret token; the token itself is only ever held by the shopper. */
    tokenHash: text().notNull(),
    market: text().notNull(),
    currency: text().notNull(),
    email: text(),
    customerId: text(),
    shippingAddress: jsonb().$type<Address>(),
    shippingMethod: text(),
    discountCodes: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: CART_STATUSES }).notNull().default("active"),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.updatedAt)],
);

export const cartLinesTable = pgTable(
  "cart_lines",
  {
    id: text().primaryKey(),
    cartId: text()
      .notNull()
      .references(() => cartsTable.id, { onDelete: "cascade" }),
    variantId: text().notNull(),
    quantity: integer().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.cartId, t.variantId)],
);
