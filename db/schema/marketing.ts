import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { SegmentRule } from "../../app/modules/marketing/segment-definition";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

/**
 * A saved segment: the definition, never its members. Members are computed from it whenever it is
 * counted, previewed or mailed, always limited to contacts who may be mailed (ADR 0016).
 */
export const segmentsTable = pgTable(
  "segments",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    match: text({ enum: ["all", "any"] }).notNull(),
    rules: jsonb().$type<SegmentRule[]>().notNull(),
    /** Email of the staff member (or "cli") who created it. */
    createdBy: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.createdAt)],
);
