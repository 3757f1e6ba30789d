import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { contactsTable } from "./contacts";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

const IMPORT_RUN_STATUSES = ["running", "completed", "failed"] as const;

/** The counters of a run, written with every committed chunk so a resumed run reports the whole file. */
export type ImportRunCounts = {
  rowsRead: number;
  contacts: { created: number; merged: number; unchanged: number };
  orders: { created: number; unchanged: number };
  repermission: number;
};

/**
 * One import of one file. `progressRows` is the last data row (spreadsheet numbering, header = 1) whose
 * chunk committed: a run left `running` by a killed process is resumed from there by the next run of
 * the same file (same source, mapping and sha256).
 */
export const importRunsTable = pgTable(
  "import_runs",
  {
    id: text().primaryKey(),
    source: text().notNull(),
    fileName: text().notNull(),
    fileSha256: text().notNull(),
    mapping: text(),
    currency: text().notNull(),
    status: text({ enum: IMPORT_RUN_STATUSES }).notNull().default("running"),
    progressRows: integer().notNull().default(1),
    summary: jsonb().$type<ImportRunCounts>().notNull(),
    error: text(),
    startedAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [index().on(t.fileSha256, t.source, t.status)],
);

/** Rejected rows and conflicts of a run, in file order (kept out of `summary` so a chunk's write stays small). */
export const importRunIssuesTable = pgTable(
  "import_run_issues",
  {
    runId: text()
      .notNull()
      .references(() => importRunsTable.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    kind: text({ enum: ["rejected", "conflict"] }).notNull(),
    row: integer().notNull(),
    field: text().notNull(),
    reason: text(),
    email: text(),
    kept: text(),
    incoming: text(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/**
 * Every contact a run met: `changed` (created or changed by it) makes a later row of the same address
 * count as merged, across a resume too; `repermission` marks an EU/UK subscriber without a provable consent time.
 */
export const importRunContactsTable = pgTable(
  "import_run_contacts",
  {
    runId: text()
      .notNull()
      .references(() => importRunsTable.id, { onDelete: "cascade" }),
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    changed: boolean().notNull(),
    repermission: boolean().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.contactId] })],
);

/**
 * What another platform reported about a contact (its customer id, total spent, order count): kept as
 * reported figures, never as orders, so lifetime value is not counted twice when the orders are imported.
 */
export const importedContactStatsTable = pgTable(
  "imported_contact_stats",
  {
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    externalId: text(),
    /** Minor units of `currency`. */
    totalSpent: bigint({ mode: "bigint" }),
    currency: text().notNull(),
    totalOrders: integer(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.platform] })],
);

/** A saved column → field mapping for `--mapping NAME` (any source; the `csv` source needs one unless its headers are Harbor's field names). */
export const importMappingsTable = pgTable("import_mappings", {
  name: text().primaryKey(),
  /** File column header (as written in the file) → Harbor field, e.g. {"E-Mail": "email"}. */
  columns: jsonb().$type<Record<string, string>>().notNull(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
