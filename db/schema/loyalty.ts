import { bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { contactsTable } from "./contacts";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const POINTS_ENTRY_TYPES = ["earn", "redeem", "expire", "reverse", "adjust"] as const;
export const POINTS_ENTRY_STATUSES = ["pending", "available"] as const;

/**
 * The points ledger: append-only. A balance is the sum of its rows; a row's amount never changes.
 * The one state change allowed is pending → available when its return window has passed.
 */
export const pointsLedgerTable = pgTable(
  "points_ledger",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    type: text({ enum: POINTS_ENTRY_TYPES }).notNull(),
    /** Signed: earn and positive adjustments add, redeem/expire/reverse take away. */
    points: integer().notNull(),
    status: text({ enum: POINTS_ENTRY_STATUSES }).notNull(),
    /** When a pending row becomes available; null while it waits for an event (delivery). */
    availableAt: ts(),
    /** What it is for: order, signup, birthday, referral, admin, checkout, expiry… */
    source: text().notNull(),
    orderId: text(),
    /** The row this one reverses (a refund's reversal, a released redemption). */
    reverses: integer(),
    reason: text(),
    /** Staff member or "system". */
    actor: text(),
    /** At most one row per key, ever: a retried job or webhook cannot award twice. */
    dedupeKey: text().unique(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.contactId, t.createdAt), index().on(t.status, t.availableAt), index().on(t.orderId)],
);
