import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

/** UTM parameters of the visit that brought the contact in (first touch; never overwritten). */
export type ContactUtm = { source?: string; medium?: string; campaign?: string; term?: string; content?: string };

/**
 * One row per person the brand may know: an account holder, a guest buyer, a newsletter sign-up.
 * Keyed by the normalized address (app/lib/email.ts); the consent, loyalty and referral tables hang off it.
 */
export const contactsTable = pgTable(
  "contacts",
  {
    id: text().primaryKey(),
    /** Normalized (trimmed, NFC, lower case). An erased contact holds a placeholder. */
    email: text().notNull().unique(),
    /** Dots and +tags dropped where the provider ignores them: fraud checks only, never for mail. */
    canonicalEmail: text().notNull(),
    customerId: text(),
    name: text(),
    /** As given (a sign-up or an import); not validated: imports keep what the platform held. */
    phone: text(),
    /** Catalog language for the contact's emails, e.g. "de". */
    locale: text().notNull(),
    /** Market handle of the contact's last sign-up or order, e.g. "de-de". */
    market: text(),
    /** ISO country of that market or of the last shipping address. */
    country: text(),
    /** Where the contact first came from: footer, popup, checkout, account, api, order, admin, import:<platform>… */
    source: text().notNull(),
    utm: jsonb().$type<ContactUtm>(),
    landingPage: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    notes: text(),
    birthday: date({ mode: "string" }),
    /** A relay or bounced address: never mailed marketing, whatever its consent. */
    marketingUndeliverable: boolean().notNull().default(false),
    /** Known only from a marketplace's order history (ADR 0018): never mailed marketing until the person signs up here. */
    historyOnly: boolean().notNull().default(false),
    /** The single-use 10% code issued when the contact first confirmed a subscription (discounts.id). */
    welcomeDiscountId: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    erasedAt: ts(),
  },
  (t) => [index().on(t.canonicalEmail), uniqueIndex().on(t.customerId), index().on(t.createdAt)],
);

/** What proves an imported consent: the file it came from, when it was imported, and the platform's own consent time when the file had one. */
export type ConsentEvidence = { file: string; importRunId: string; importedAt: string; consentedAt?: string };

export const CONSENT_STATUSES = ["subscribed", "unsubscribed", "pending"] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** The exact wording a consent was given to, per channel, language and version; rows are never changed. */
export const consentTextsTable = pgTable(
  "consent_texts",
  {
    id: text().primaryKey(),
    channel: text({ enum: ["email"] }).notNull(),
    language: text().notNull(),
    version: integer().notNull(),
    text: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.channel, t.language, t.version)],
);

/**
 * Every consent change, append-only: the current status is the latest row (by id) of the contact and channel.
 * Erasure scrubs ip and userAgent but keeps the row (status, source, time and wording are the legal proof).
 */
export const consentEventsTable = pgTable(
  "consent_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    channel: text({ enum: ["email"] }).notNull(),
    status: text({ enum: CONSENT_STATUSES }).notNull(),
    /** footer, popup, checkout, account, api, admin, email (an unsubscribe link), import:<platform>… */
    source: text().notNull(),
    consentTextId: text().references(() => consentTextsTable.id),
    locale: text(),
    ip: text(),
    userAgent: text(),
    /** Imports only (source import:<platform>): the file and import run, and the platform's consent time. */
    evidence: jsonb().$type<ConsentEvidence>(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.contactId, t.channel, t.id)],
);

/** A double opt-in link: single use, stored hashed; the pending consent it confirms is `eventId`. */
export const consentConfirmationsTable = pgTable(
  "consent_confirmations",
  {
    tokenHash: text().primaryKey(),
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    eventId: bigint({ mode: "number" }).notNull(),
    market: text().notNull(),
    createdAt: ts().notNull(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
  },
  (t) => [index().on(t.contactId, t.createdAt)],
);

/**
 * The checkout's marketing checkbox, ticked for a cart: consent is recorded (source checkout) only
 * when the cart's order is paid, with the wording, IP and browser of the moment it was ticked.
 */
export const checkoutConsentsTable = pgTable("checkout_consents", {
  cartId: text().primaryKey(),
  consentTextId: text()
    .notNull()
    .references(() => consentTextsTable.id),
  ip: text(),
  userAgent: text(),
  createdAt: ts().notNull().defaultNow(),
});
