import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const jobsTable = pgTable(
  "jobs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** At most one job per key (e.g. "mail:order_confirmation:ord_…"): enqueueing is idempotent. */
    dedupeKey: text().unique(),
    status: text({ enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    runAt: ts().notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(8),
    lockedAt: ts(),
    lockedBy: text(),
    lastError: text(),
    createdAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [index("jobs_claim_idx").on(t.status, t.runAt)],
);
