import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { productVariantsTable } from "./catalog";

export type ShippingLane = { countries: string[]; minDays: number; maxDays: number };

export const locationsTable = pgTable("locations", {
  id: text().primaryKey(),
  code: text().notNull().unique(),
  name: text().notNull(),
  country: text().notNull(),
  /** Business days to prepare an order before it leaves the building. */
  handlingDays: integer().notNull().default(1),
  /** Where this location ships to and the transit time in business days ("*" = anywhere). */
  lanes: jsonb().$type<ShippingLane[]>().notNull(),
  position: integer().notNull().default(0),
});

export const inventoryLevelsTable = pgTable(
  "inventory_levels",
  {
    variantId: text()
      .notNull()
      .references(() => productVariantsTable.id, { onDelete: "cascade" }),
    locationId: text()
      .notNull()
      .references(() => locationsTable.id, { onDelete: "cascade" }),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.locationId] }),
    index().on(t.locationId),
    check("inventory_levels_non_negative", sql`${t.onHand} >= 0 and ${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

const ts = () => timestamp({ withTimezone: true });

export const inventoryReservationsTable = pgTable(
  "inventory_reservations",
  {
    id: text().primaryKey(),
    paymentId: text().notNull(),
    variantId: text().notNull(),
    locationId: text().notNull(),
    quantity: integer().notNull(),
    status: text({ enum: ["active", "committed", "released"] }).notNull().default("active"),
    expiresAt: ts().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.paymentId), index().on(t.status, t.expiresAt)],
);
