/**
 * The import engine (ADR 0014): one streaming pass over a CSV file in bounded memory, rows written in
 * chunks of CHUNK_ROWS, each chunk one transaction together with the run's progress, so a process
 * killed mid-file leaves whole chunks and the next run of the same file resumes after the last one.
 * Every row's write is idempotent (contacts merge by normalized address, consent is only recorded
 * for a contact without any), so a second run of a file changes nothing. A dry run does the same work
 * inside one transaction that is rolled back: its counts are the real run's.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { CsvError, parse } from "csv-parse";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { importedContactStatsTable, importRunContactsTable, importRunIssuesTable, importRunsTable, type ImportRunCounts } from "~db/schema/imports";
import { now } from "~/lib/clock.server";
import { isUserError, UserError } from "~/lib/errors";
import { isEuMemberState } from "~/lib/eu";
import { newId } from "~/lib/ids";
import { currencyExponent, toDecimalString } from "~/lib/money";
import { recordImportedConsent } from "../contacts/consent.server";
import { markMarketplaceContact, mergeImportedProfile } from "../contacts/contacts.server";
import { getStoreConfig, type StoreConfig } from "../markets/markets.server";
import { evaluateContactTier } from "../loyalty/tiers.server";
import { recordImportedOrder } from "../orders/imported-orders.server";
import { loadMapping } from "./mappings.server";
import { isMarketplace, MARKETPLACES, ORDER_SOURCE_HEADERS, orderKey, parseOrder, planOrderColumns, type Marketplace, type OrderHeaders, type OrderPlan } from "./order-sources";
import { emailHeaders, isImportSource, parseRecord, planColumns, SOURCE_PLATFORM, IMPORT_SOURCES, type ColumnPlan, type ImportSource, type ParsedRow } from "./sources";

const CHUNK_ROWS = 500;

interface ImportOptions {
  source: string;
  /** Path of the CSV file. */
  path: string;
  dryRun?: boolean;
  /** ISO 4217 code the file's amounts are in; default the store's base currency. */
  currency?: string;
  /** A saved mapping's name. */
  mapping?: string;
  /** Rows per transaction (default CHUNK_ROWS). */
  chunkRows?: number;
}

/** The summary of issue #11, exactly: what the CLI prints with --json. */
interface ImportSummary {
  source: string;
  file: string;
  rowsRead: number;
  contacts: { created: number; merged: number; unchanged: number };
  orders: { created: number; unchanged: number };
  rejected: { row: number; field: string; reason: string }[];
  conflicts: { row: number; email: string; field: string; kept: string; incoming: string }[];
  dryRun: boolean;
}

export interface ImportReport {
  runId: string;
  summary: ImportSummary;
  /** EU/UK contacts of the file subscribed by an import without the platform's consent time: a re-permission email is advised. */
  repermission: number;
  /** The run continued one that a killed process left unfinished. */
  resumed: boolean;
}

type RunRow = typeof importRunsTable.$inferSelect;

const emptyCounts = (): ImportRunCounts => ({ rowsRead: 0, contacts: { created: 0, merged: 0, unchanged: 0 }, orders: { created: 0, unchanged: 0 }, repermission: 0 });

class DryRunRollback extends Error {}

export async function runImport(opts: ImportOptions): Promise<ImportReport> {
  if (!isImportSource(opts.source)) throw new UserError("unknown_source", `unknown source "${opts.source}"; sources: ${IMPORT_SOURCES.join(", ")}`, 400, "source");
  const source = opts.source;
  const db = await getDb();
  const currency = (opts.currency ?? (await getStoreConfig()).baseCurrency).toUpperCase();
  try {
    currencyExponent(currency);
  } catch {
    throw new UserError("unknown_currency", `unknown currency "${opts.currency}"; use an ISO 4217 code such as EUR, JPY or KWD`, 400, "currency");
  }
  // marketplace-orders: --mapping names the platform, whose report columns are built in.
  const marketplace = source === "marketplace-orders" ? opts.mapping ?? "" : null;
  if (marketplace !== null && !isMarketplace(marketplace)) {
    throw new UserError("unknown_marketplace", `marketplace-orders needs --mapping with the platform: one of ${Object.keys(MARKETPLACES).join(", ")}`, 400, "mapping");
  }
  const mapping = marketplace !== null ? MARKETPLACES[marketplace as Marketplace].contact : opts.mapping ? await loadMapping(db, opts.mapping) : null;
  const sha256 = await fileSha256(opts.path);
  const file = basename(opts.path);
  const orderHeaders = marketplace !== null ? MARKETPLACES[marketplace as Marketplace].order : ORDER_SOURCE_HEADERS[source];
  const platform = marketplace ?? SOURCE_PLATFORM[source];
  const base = { source, platform, orderHeaders, file, currency, mapping: opts.mapping ?? null, mappingColumns: mapping, sha256, path: opts.path, chunkRows: opts.chunkRows ?? CHUNK_ROWS };
  if (!opts.dryRun) return importFile(db, base, false);
  let report: ImportReport | null = null;
  try {
    await db.transaction(async (tx) => {
      report = await importFile(tx, base, true);
      throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return report!;
}

interface RunInput {
  source: ImportSource;
  /** `import:<platform>` for contacts and consent; the imported orders' platform. */
  platform: string;
  /** An order export's columns; undefined for contact sources. */
  orderHeaders: OrderHeaders | undefined;
  file: string;
  path: string;
  currency: string;
  mapping: string | null;
  mappingColumns: Record<string, string> | null;
  sha256: string;
  chunkRows: number;
}

async function importFile(db: Db, input: RunInput, dryRun: boolean): Promise<ImportReport> {
  const { run, resumed } = await startRun(db, input, dryRun);
  const store = await getStoreConfig(db);
  const ctx: RowContext = { run, input, store, importedAt: now().toISOString(), counts: run.summary, issueSeq: await lastIssueSeq(db, run.id) };
  let plan: ColumnPlan | null = null;
  const orderHeaders = input.orderHeaders;
  let orderPlan: OrderPlan | null = null;
  let chunk: RowGroup[] = [];
  let chunkRows = 0;
  // The order being read: its rows stay together even across a chunk boundary.
  let open: RowGroup | null = null;
  let rowNumber = 0;
  const take = async (group: RowGroup) => {
    chunk.push(group);
    chunkRows += group.rows.length;
    if (chunkRows >= input.chunkRows) {
      await writeChunk(db, ctx, plan!, orderPlan, chunk, dryRun);
      chunk = [];
      chunkRows = 0;
    }
  };
  try {
    const parser = createReadStream(input.path).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false }));
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      if (rowNumber === 1) {
        plan = planColumns(input.source, record, input.mappingColumns);
        if (!plan.columns.email) {
          throw new UserError(
            "no_email_column",
            `${input.file} has no email column (looked for ${emailHeaders(input.source, input.mappingColumns).join(", ")}); its columns are ${record.join(", ")}. Save a mapping (npm run harbor -- import-mapping save NAME --map 'Column=email,…') and pass --mapping NAME.`,
            400,
            "file",
          );
        }
        if (orderHeaders) {
          orderPlan = planOrderColumns(orderHeaders, record);
          if (!orderPlan.orderId) throw new UserError("no_order_column", `${input.file} has no order number column (looked for ${orderHeaders.orderId!.join(", ")}); its columns are ${record.join(", ")}.`, 400, "file");
        }
        continue;
      }
      if (rowNumber <= run.progressRows) continue;
      if (record.every((c) => !c.trim())) continue;
      const row = { row: rowNumber, record };
      if (!orderPlan) {
        await take({ rows: [row] });
        continue;
      }
      const key = orderKey(orderPlan, record);
      if (open && key && key === open.key) {
        open.rows.push(row);
        continue;
      }
      if (open) await take(open);
      open = { key, rows: [row] };
    }
    if (!plan) throw new UserError("empty_file", `${input.file} is empty: the first row must name the columns`, 400, "file");
    if (open) chunk.push(open);
    await writeChunk(db, ctx, plan, orderPlan, chunk, dryRun, rowNumber);
  } catch (caught) {
    // A file that is not CSV at some point (an unclosed quote): the rows before it are kept, the message names the line.
    const e = caught instanceof CsvError ? new UserError("invalid_csv", `${input.file} is not valid CSV after row ${rowNumber}: ${caught.message}`, 400, "file") : caught;
    if (!dryRun) await db.update(importRunsTable).set({ status: "failed", error: e instanceof Error ? e.message : String(e), updatedAt: now() }).where(eq(importRunsTable.id, run.id));
    throw e;
  }
  const repermission = await countRepermission(db, run.id);
  const finished = { ...ctx.counts, repermission };
  if (!dryRun) await db.update(importRunsTable).set({ status: "completed", summary: finished, finishedAt: now(), updatedAt: now() }).where(eq(importRunsTable.id, run.id));
  return { runId: run.id, summary: await buildSummary(db, run.id, input, finished, dryRun), repermission, resumed };
}

/** A run of the same file (source, mapping, currency, contents) left unfinished is resumed; otherwise a new run starts. */
async function startRun(db: Db, input: RunInput, dryRun: boolean): Promise<{ run: RunRow; resumed: boolean }> {
  if (!dryRun) {
    const [open] = await db
      .select()
      .from(importRunsTable)
      .where(
        and(
          eq(importRunsTable.fileSha256, input.sha256),
          eq(importRunsTable.source, input.source),
          eq(importRunsTable.currency, input.currency),
          sql`${importRunsTable.mapping} is not distinct from ${input.mapping}`,
          inArray(importRunsTable.status, ["running", "failed"]),
        ),
      )
      .orderBy(asc(importRunsTable.startedAt))
      .limit(1);
    if (open) {
      const [run] = await db.update(importRunsTable).set({ status: "running", error: null, updatedAt: now() }).where(eq(importRunsTable.id, open.id)).returning();
      return { run: run!, resumed: open.progressRows > 1 };
    }
  }
  const [run] = await db
    .insert(importRunsTable)
    .values({ id: newId("imp"), source: input.source, fileName: input.file, fileSha256: input.sha256, mapping: input.mapping, currency: input.currency, summary: emptyCounts() })
    .returning();
  return { run: run!, resumed: false };
}

async function lastIssueSeq(db: Db, runId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(max(${importRunIssuesTable.seq}), 0)::int` }).from(importRunIssuesTable).where(eq(importRunIssuesTable.runId, runId));
  return row?.n ?? 0;
}

interface RowContext {
  run: RunRow;
  input: RunInput;
  store: StoreConfig;
  importedAt: string;
  counts: ImportRunCounts;
  issueSeq: number;
}

/** Rows written together: one row, or all rows of one order (its first row carries the order's values). */
interface RowGroup {
  key?: string;
  rows: { row: number; record: string[] }[];
}

/** One transaction: the chunk's rows, their issues, and the run's progress and counters. */
async function writeChunk(db: Db, ctx: RowContext, plan: ColumnPlan, orderPlan: OrderPlan | null, groups: RowGroup[], dryRun: boolean, lastRow?: number): Promise<void> {
  const write = async (tx: Db) => {
    const counts: ImportRunCounts = structuredClone(ctx.counts);
    let seq = ctx.issueSeq;
    const issues: (typeof importRunIssuesTable.$inferInsert)[] = [];
    // Tiers are evaluated once per contact and chunk, after its orders are in (silently: cause "import").
    const orderedContacts = new Set<string>();
    for (const group of groups) {
      const { row, record } = group.rows[0]!;
      counts.rowsRead += group.rows.length;
      const parsed = parseRecord(plan, record, ctx.input.currency);
      if (!parsed.ok) {
        issues.push({ runId: ctx.run.id, seq: ++seq, kind: "rejected", row, field: parsed.field, reason: parsed.reason });
        continue;
      }
      let outcome: Awaited<ReturnType<typeof writeRow>>;
      if (orderPlan) {
        const order = parseOrder(orderPlan, group.rows, ctx.input.currency);
        if (!order.ok) {
          issues.push({ runId: ctx.run.id, seq: ++seq, kind: "rejected", row: order.row, field: order.field, reason: order.reason });
          continue;
        }
        const platform = ctx.input.platform;
        try {
          // A savepoint: an order the orders module refuses leaves nothing of its row behind.
          const written = await tx.transaction(async (sp) => {
            const contact = await writeRow(sp, ctx, parsed.row);
            const recorded = await recordImportedOrder(sp, { ...order.order, source: platform, email: parsed.row.email, name: parsed.row.name });
            return { contact, recorded };
          });
          outcome = written.contact;
          counts.orders[written.recorded.outcome]++;
          if (written.recorded.outcome === "created") orderedContacts.add(written.contact.contactId);
        } catch (e) {
          if (!isUserError(e)) throw e;
          issues.push({ runId: ctx.run.id, seq: ++seq, kind: "rejected", row, field: e.field ?? "order", reason: e.message });
          continue;
        }
      } else {
        outcome = await writeRow(tx, ctx, parsed.row);
      }
      counts.contacts[outcome.result]++;
      for (const c of outcome.conflicts) issues.push({ runId: ctx.run.id, seq: ++seq, kind: "conflict", row, field: c.field, email: parsed.row.email, kept: c.kept, incoming: c.incoming });
    }
    for (const contactId of orderedContacts) await evaluateContactTier(tx, contactId, now(), { cause: "import" });
    if (issues.length) await tx.insert(importRunIssuesTable).values(issues);
    const progressRows = lastRow ?? groups.at(-1)?.rows.at(-1)?.row ?? ctx.run.progressRows;
    await tx.update(importRunsTable).set({ progressRows, summary: counts, updatedAt: now() }).where(eq(importRunsTable.id, ctx.run.id));
    return { counts, seq, progressRows };
  };
  // A dry run is already inside its one transaction; nested savepoints would buy nothing.
  const done = dryRun ? await write(db) : await db.transaction((tx) => write(tx));
  ctx.counts = done.counts;
  ctx.issueSeq = done.seq;
  ctx.run = { ...ctx.run, progressRows: done.progressRows };
}

type Conflict = { field: string; kept: string; incoming: string };

async function writeRow(tx: Db, ctx: RowContext, row: ParsedRow): Promise<{ result: "created" | "merged" | "unchanged"; conflicts: Conflict[]; contactId: string }> {
  const platform = ctx.input.platform;
  const merge = await mergeImportedProfile(tx, {
    email: row.email,
    name: row.name,
    phone: row.phone,
    country: row.country,
    notes: row.notes,
    tags: row.tags,
    locale: languageFor(ctx.store, row.country),
    source: `import:${platform}`,
  });
  const contact = merge.contact;
  const conflicts: Conflict[] = [...merge.conflicts];
  let changed = merge.changed;
  // Marketplace buyers: history only, relay addresses undeliverable (their terms forbid marketing).
  if (ctx.input.source === "marketplace-orders" && (await markMarketplaceContact(tx, contact, merge.created))) changed = true;
  let repermission = false;
  if (row.emailConsent) {
    const evidence = { file: ctx.input.file, importRunId: ctx.run.id, importedAt: ctx.importedAt, ...(row.emailConsentAt ? { consentedAt: row.emailConsentAt } : {}) };
    const consent = await recordImportedConsent(tx, { contactId: contact.id, status: row.emailConsent, source: `import:${platform}`, evidence });
    if (consent.outcome === "recorded") changed = true;
    if (consent.outcome === "conflict") conflicts.push({ field: "emailConsent", kept: `${consent.current.status} (${consent.current.source})`, incoming: row.emailConsent });
    const c = consent.current;
    // Consent without the moment it was given cannot be proven (GDPR art. 7(1)); only a timestamped one can.
    repermission = c.status === "subscribed" && c.source.startsWith("import:") && !c.evidence?.consentedAt && isEuOrUk(contact.country);
  }
  const stats = await mergeStats(tx, contact.id, platform, ctx.input.currency, row);
  changed ||= stats.changed;
  conflicts.push(...stats.conflicts);
  // A contact this run already created or changed counts as merged for every later row of its address.
  const [seen] = merge.created
    ? []
    : await tx
        .select({ changed: importRunContactsTable.changed })
        .from(importRunContactsTable)
        .where(and(eq(importRunContactsTable.runId, ctx.run.id), eq(importRunContactsTable.contactId, contact.id)));
  await tx
    .insert(importRunContactsTable)
    .values({ runId: ctx.run.id, contactId: contact.id, changed, repermission })
    .onConflictDoUpdate({
      target: [importRunContactsTable.runId, importRunContactsTable.contactId],
      set: { changed: sql`${importRunContactsTable.changed} or excluded.changed`, repermission: sql`${importRunContactsTable.repermission} or excluded.repermission` },
    });
  const result = merge.created ? "created" : seen?.changed || changed ? "merged" : "unchanged";
  return { result, conflicts, contactId: contact.id };
}

/** The platform's own figures, kept as reported (never as orders): blanks filled, a differing value reported and kept. */
async function mergeStats(tx: Db, contactId: string, platform: string, currency: string, row: ParsedRow): Promise<{ changed: boolean; conflicts: Conflict[] }> {
  if (row.externalId === null && row.totalSpent === null && row.totalOrders === null) return { changed: false, conflicts: [] };
  const [existing] = await tx
    .select()
    .from(importedContactStatsTable)
    .where(and(eq(importedContactStatsTable.contactId, contactId), eq(importedContactStatsTable.platform, platform)));
  if (!existing) {
    await tx.insert(importedContactStatsTable).values({ contactId, platform, currency, externalId: row.externalId, totalSpent: row.totalSpent, totalOrders: row.totalOrders });
    return { changed: true, conflicts: [] };
  }
  const conflicts: Conflict[] = [];
  const set: Partial<typeof importedContactStatsTable.$inferInsert> = {};
  if (row.externalId !== null) {
    if (existing.externalId === null) set.externalId = row.externalId;
    else if (existing.externalId !== row.externalId) conflicts.push({ field: "externalId", kept: existing.externalId, incoming: row.externalId });
  }
  if (row.totalSpent !== null) {
    const incoming = `${toDecimalString(row.totalSpent, currency)} ${currency}`;
    if (existing.totalSpent === null) Object.assign(set, { totalSpent: row.totalSpent, currency });
    else if (existing.totalSpent !== row.totalSpent || existing.currency !== currency) {
      conflicts.push({ field: "totalSpent", kept: `${toDecimalString(existing.totalSpent, existing.currency)} ${existing.currency}`, incoming });
    }
  }
  if (row.totalOrders !== null) {
    if (existing.totalOrders === null) set.totalOrders = row.totalOrders;
    else if (existing.totalOrders !== row.totalOrders) conflicts.push({ field: "totalOrders", kept: String(existing.totalOrders), incoming: String(row.totalOrders) });
  }
  if (!Object.keys(set).length) return { changed: false, conflicts };
  await tx
    .update(importedContactStatsTable)
    .set({ ...set, updatedAt: now() })
    .where(and(eq(importedContactStatsTable.contactId, contactId), eq(importedContactStatsTable.platform, platform)));
  return { changed: true, conflicts };
}

/** A new contact's email language: the store's first market for its country, else the default market's. */
function languageFor(store: StoreConfig, country: string | null): string {
  const market = (country && store.markets.find((m) => m.country === country)) || store.byHandle.get(store.defaultMarket) || store.markets[0];
  return market?.language ?? "en";
}

function isEuOrUk(country: string | null): boolean {
  return country !== null && (isEuMemberState(country) || country === "GB");
}

async function countRepermission(db: Db, runId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(importRunContactsTable)
    .where(and(eq(importRunContactsTable.runId, runId), eq(importRunContactsTable.repermission, true)));
  return row?.n ?? 0;
}

async function buildSummary(db: Db, runId: string, input: RunInput, counts: ImportRunCounts, dryRun: boolean): Promise<ImportSummary> {
  const issues = await db.select().from(importRunIssuesTable).where(eq(importRunIssuesTable.runId, runId)).orderBy(asc(importRunIssuesTable.seq));
  return {
    source: input.source,
    file: input.file,
    rowsRead: counts.rowsRead,
    contacts: counts.contacts,
    orders: counts.orders,
    rejected: issues.filter((i) => i.kind === "rejected").map((i) => ({ row: i.row, field: i.field, reason: i.reason ?? "" })),
    conflicts: issues.filter((i) => i.kind === "conflict").map((i) => ({ row: i.row, email: i.email ?? "", field: i.field, kept: i.kept ?? "", incoming: i.incoming ?? "" })),
    dryRun,
  };
}

async function fileSha256(path: string): Promise<string> {
  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
  } catch {
    throw new UserError("file_not_found", `cannot read ${path}: no such file`, 400, "file");
  }
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
