import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
    /** Marketing mail carries List-Unsubscribe and is refused without consent; transactional mail is everything else. */
    kind: text({ enum: ["transactional", "marketing"] }).notNull().default("transactional"),
    /** Extra headers sent with the message (List-Unsubscribe, List-Unsubscribe-Post), RFC 5322 names. */
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.orderId), index().on(t.createdAt), index().on(t.providerId)],
);

export const SUPPRESSION_REASONS = ["account_erased", "unsubscribed", "hard_bounce", "soft_bounce_repeated", "complaint", "manual"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * Addresses the store must not mail: sha256 of the normalized address, so the list itself holds no
 * address. Any row excludes the address from marketing (segments filter on `email_hash`); scope `all`
 * also stops transactional mail (an erased account, a hard bounce).
 */
export const emailSuppressionsTable = pgTable("email_suppressions", {
  emailHash: text().primaryKey(),
  reason: text({ enum: SUPPRESSION_REASONS }).notNull(),
  scope: text({ enum: ["all", "marketing"] }).notNull().default("all"),
  createdAt: ts().notNull().defaultNow(),
});

/**
 * What happened to sent messages: provider webhooks (Resend, unique on the svix id so a redelivered
 * event is applied once), the mail viewer's simulated events, and tracked clicks. Soft bounces are
 * counted from here (per address since its last delivery), not in the suppression list, because any
 * suppression row already excludes an address from marketing.
 */
export const emailEventsTable = pgTable(
  "email_events",
  {
    id: text().primaryKey(),
    /** The webhook's `svix-id`; null for events recorded here (viewer, click redirect). */
    svixId: text().unique(),
    outboxEmailId: text(),
    /** sha256 of the recipient's normalized address (the suppression list's key). */
    emailHash: text(),
    type: text({ enum: ["sent", "delivered", "delivery_delayed", "bounced_hard", "bounced_soft", "complained", "opened", "clicked"] }).notNull(),
    source: text({ enum: ["resend", "viewer", "redirect"] }).notNull(),
    /** Bounce type and message, the clicked link. */
    detail: jsonb().$type<Record<string, string>>().notNull().default({}),
    occurredAt: ts().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.outboxEmailId), index().on(t.emailHash, t.type)],
);
