import { date, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Where the store is registered to collect tax on top of the built-in rules' defaults: today the US
 * states (country "US", region the two-letter state code). `region` is "" for a whole country.
 */
export const taxRegistrationsTable = pgTable(
  "tax_registrations",
  {
    country: text().notNull(),
    region: text().notNull().default(""),
    registrationNumber: text().notNull().default(""),
    /** The day collection starts (UTC); a registration from a later day does not apply yet. */
    since: date({ mode: "string" }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.country, t.region] })],
);
