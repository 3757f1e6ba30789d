import { sql } from "drizzle-orm";
import { boolean, date, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

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
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    erasedAt: ts(),
  },
  (t) => [index().on(t.canonicalEmail), uniqueIndex().on(t.customerId), index().on(t.createdAt)],
);
