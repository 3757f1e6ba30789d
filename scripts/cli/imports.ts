/** `import <source> <file>` and `import-mapping save|list`: bring contacts in from other platforms' CSV exports (issue #11, ADR 0014). */
import { isUserError } from "../../app/lib/errors";
import { runImport, type ImportReport } from "../../app/modules/imports/import.server";
import { listMappings, parseMappingSpec, saveMapping } from "../../app/modules/imports/mappings.server";
import { IMPORT_SOURCES, isImportSource } from "../../app/modules/imports/sources";
import { UsageError, type Command, type CommandIo } from "./command";

/** A UserError naming a field becomes a usage error naming the flag or argument (exit 2). */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUserError(e) && e.field) throw new UsageError(`${["source", "file", "name"].includes(e.field) ? `<${e.field}>` : `--${e.field}`}: ${e.message}`);
    throw e;
  }
}

const importCommand: Command = {
  words: ["import"],
  summary: `Imports contacts and order history from a CSV export (${IMPORT_SOURCES.join(", ")}); the same file again changes nothing. Sends no email.`,
  args: [
    { name: "source", description: IMPORT_SOURCES.join(" | ") },
    { name: "file", description: "path of the CSV file (UTF-8, with or without BOM)" },
  ],
  options: {
    "dry-run": { value: false, description: "report what the import would do; write nothing" },
    json: { value: false, description: "print the summary as JSON on stdout" },
    currency: { value: true, description: "ISO 4217 code of the file's amounts; default the store's base currency" },
    mapping: { value: true, description: "a saved column mapping (import-mapping save); for marketplace-orders the platform: amazon, ebay, aliexpress, shopee or tiktok" },
  },
  database: true,
  check(o) {
    if (!isImportSource(String(o.source))) throw new UsageError(`<source> must be one of ${IMPORT_SOURCES.join(", ")}, got "${String(o.source)}"`);
    if (o.currency !== undefined && !/^[A-Za-z]{3}$/.test(String(o.currency))) throw new UsageError(`--currency must be a three-letter code, got "${String(o.currency)}"`);
  },
  async run(o, io) {
    const report = await asUsage(() =>
      runImport({
        source: String(o.source),
        path: String(o.file),
        dryRun: o["dry-run"] === true,
        currency: o.currency === undefined ? undefined : String(o.currency),
        mapping: o.mapping === undefined ? undefined : String(o.mapping),
      }),
    );
    if (o.json) io.out(JSON.stringify(report.summary));
    else printReport(report, io);
  },
};

function printReport({ summary: s, repermission, resumed, runId }: ImportReport, io: CommandIo): void {
  io.out(s.dryRun ? `Dry run (nothing written): ${s.source} from ${s.file}` : `${s.source} from ${s.file}, run ${runId}${resumed ? " (resumed an interrupted run)" : ""}`);
  io.out(`Rows read: ${s.rowsRead}`);
  io.out(`Contacts: ${s.contacts.created} created, ${s.contacts.merged} merged, ${s.contacts.unchanged} unchanged`);
  io.out(`Orders: ${s.orders.created} created, ${s.orders.unchanged} unchanged`);
  io.out(`Rejected rows: ${s.rejected.length}`);
  for (const r of s.rejected) io.out(`  row ${r.row}, ${r.field}: ${r.reason}`);
  io.out(`Conflicts (the stored value is kept): ${s.conflicts.length}`);
  for (const c of s.conflicts) io.out(`  row ${c.row}, ${c.email}, ${c.field}: kept "${c.kept}", file has "${c.incoming}"`);
  io.out(`Re-permission: ${repermission} EU/UK contacts are subscribed by an import without the time they consented; ask them to confirm (a one-click confirmation email) before sending them marketing.`);
}

const saveMappingCommand: Command = {
  words: ["import-mapping", "save"],
  summary: "Saves (or replaces) a named column mapping for `import --mapping NAME`.",
  args: [{ name: "name", description: "lower-case letters, digits, . - _" }],
  options: { map: { value: true, required: true, description: "'Column=field,…'; fields: email firstName lastName name phone country tags notes emailConsent emailConsentAt totalSpent totalOrders externalId" } },
  database: true,
  check(o) {
    try {
      parseMappingSpec(String(o.map));
    } catch (e) {
      if (isUserError(e)) throw new UsageError(`--map: ${e.message}`);
      throw e;
    }
  },
  async run(o, io) {
    const columns = parseMappingSpec(String(o.map));
    await asUsage(() => saveMapping(String(o.name), columns));
    io.out(`saved mapping ${String(o.name)}: ${Object.entries(columns).map(([h, f]) => `${h} → ${f}`).join(", ")}`);
  },
};

const listMappingsCommand: Command = {
  words: ["import-mapping", "list"],
  summary: "Lists the saved column mappings, one line each.",
  options: {},
  database: true,
  async run(_o, io) {
    for (const m of await listMappings()) io.out(`${m.name}: ${Object.entries(m.columns).map(([h, f]) => `${h}=${f}`).join(",")}`);
  },
};

export const importCommands: Command[] = [importCommand, saveMappingCommand, listMappingsCommand];
