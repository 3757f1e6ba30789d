import { boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { Address } from "./cart";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const customersTable = pgTable("customers", {
  id: text().primaryKey(),
  /** Normalized (trimmed, NFC, lower case): one account per mailbox. An erased account holds a placeholder. */
  email: text().notNull().unique(),
  /** argon2id (app/lib/password.server.ts); null for an account that only ever signed in by link. */
  passwordHash: text(),
  name: text(),
  /** Catalog language of the account's emails, e.g. "de". */
  locale: text().notNull(),
  /** Market handle the shopper prefers, e.g. "de-de". */
  market: text(),
  emailVerifiedAt: ts(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
  erasedAt: ts(),
});

export const customerSessionsTable = pgTable(
  "customer_sessions",
  {
    /** sha256 of the opaque session token; the token itself is only in the cookie or the API client. */
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customersTable.id, { onDelete: "cascade" }),
    /** "cookie": storefront pages; "api": a Storefront API access token. */
    kind: text({ enum: ["cookie", "api"] }).notNull(),
    userAgent: text(),
    createdAt: ts().notNull().defaultNow(),
    lastSeenAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
  },
  (t) => [index().on(t.customerId), index().on(t.expiresAt)],
);

export const CUSTOMER_TOKEN_PURPOSES = ["verify-email", "password-reset", "sign-in-link"] as const;

export const customerTokensTable = pgTable(
  "customer_tokens",
  {
    /** sha256 of the single-use token sent by email. */
    tokenHash: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customersTable.id, { onDelete: "cascade" }),
    purpose: text({ enum: CUSTOMER_TOKEN_PURPOSES }).notNull(),
    createdAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
  },
  (t) => [index().on(t.customerId)],
);

export const customerAddressesTable = pgTable(
  "customer_addresses",
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customersTable.id, { onDelete: "cascade" }),
    /** The same shape checkout stores on carts and orders. */
    address: jsonb().$type<Address>().notNull(),
    isDefault: boolean().notNull().default(false),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.customerId)],
);
