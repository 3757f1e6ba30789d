import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** One fixed-window counter per rule and subject (e.g. "cart_create|ip:203.0.113.7"). */
export const rateLimitsTable = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    hits: integer().notNull(),
  },
  (t) => [index().on(t.windowStart)],
);
