import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const outboxEmailsTable = pgTable(
  "outbox_emails",
  {
    id: text().primaryKey(),
    /** One message per key: a retried job never sends twice. */
    idempotencyKey: text().notNull().unique(),
    template: text().notNull(),
    to: text().notNull(),
    from: text().notNull(),
    replyTo: text(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    locale: text().notNull(),
    orderId: text(),
    transport: text({ enum: ["outbox", "resend"] }).notNull(),
    providerId: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.orderId), index().on(t.createdAt)],
);

/**
 * Addresses that must never be mailed again (an erased account): sha256 of the normalized address,
 * so the list itself holds no address.
 */
export const emailSuppressionsTable = pgTable("email_suppressions", {
  emailHash: text().primaryKey(),
  reason: text({ enum: ["account_erased"] }).notNull(),
  createdAt: ts().notNull().defaultNow(),
});
