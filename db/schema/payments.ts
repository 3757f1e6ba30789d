import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from "../../app/modules/payments/payments";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));
const money = () => bigint({ mode: "bigint" });

export const paymentsTable = pgTable(
  "payments",
  {
    id: text().primaryKey(),
    cartId: text().notNull(),
    /** Fingerprint of what is being paid for (lines, address, method, totals): same cart state → same payment. */
    fingerprint: text().notNull(),
    provider: text({ enum: PAYMENT_PROVIDERS }).notNull(),
    providerRef: text(),
    clientSecret: text(),
    amount: money().notNull(),
    currency: text().notNull(),
    status: text({ enum: PAYMENT_STATUSES }).notNull().default("requires_payment"),
    /** The priced checkout this payment is for, so the order is built from exactly what was paid. */
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    orderId: text(),
    /** The card as the provider identifies it across payments (Stripe's card fingerprint; the demo page's test card, hashed): fraud checks. */
    cardFingerprint: text(),
    idempotencyKey: text().notNull(),
    /**
     * A later attempt for the same cart state replaced this one. The row stays: its intent may still
     * succeed (a declined card retried in the same Payment Element), and the webhook must find it.
     */
    supersededBy: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.cartId, t.fingerprint).where(sql`${t.supersededBy} is null`), uniqueIndex().on(t.providerRef), index().on(t.cartId)],
);

export const webhookEventsTable = pgTable("webhook_events", {
  id: text().primaryKey(),
  provider: text().notNull(),
  type: text().notNull(),
  receivedAt: ts().notNull().defaultNow(),
});
