/** Saved, named column mappings: `import-mapping save NAME --map 'E-Mail=email,Vorname=firstName'`, then `import … --mapping NAME`. */
import { asc, eq, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { importMappingsTable } from "~db/schema/imports";
import { UserError } from "~/lib/errors";
import { IMPORT_FIELDS, isImportField } from "./sources";

const NAME_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * "Column=field,Other column=field" → {Column: field}. A header may contain "=" (the last one splits)
 * but not ",". Every field must be one of IMPORT_FIELDS.
 */
export function parseMappingSpec(spec: string): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const part of spec.split(",")) {
    if (!part.trim()) continue;
    const at = part.lastIndexOf("=");
    const header = part.slice(0, at).trim();
    const field = part.slice(at + 1).trim();
    if (at < 1 || !header) throw new UserError("invalid_mapping", `"${part.trim()}" is not Column=field`, 400, "map");
    if (!isImportField(field)) throw new UserError("invalid_mapping", `unknown field "${field}" for column "${header}"; fields: ${IMPORT_FIELDS.join(", ")}`, 400, "map");
    columns[header] = field;
  }
  if (!Object.values(columns).includes("email")) throw new UserError("invalid_mapping", "a mapping must name the column that holds the email address (Column=email)", 400, "map");
  return columns;
}

/** Creates or replaces a mapping. */
export async function saveMapping(name: string, columns: Record<string, string>): Promise<void> {
  if (!NAME_RE.test(name)) throw new UserError("invalid_mapping", "a mapping name is 1–64 lower-case letters, digits, dots, dashes or underscores", 400, "name");
  await (await getDb())
    .insert(importMappingsTable)
    .values({ name, columns })
    .onConflictDoUpdate({ target: importMappingsTable.name, set: { columns, updatedAt: sql`now()` } });
}

export async function listMappings(): Promise<{ name: string; columns: Record<string, string> }[]> {
  return (await getDb()).select({ name: importMappingsTable.name, columns: importMappingsTable.columns }).from(importMappingsTable).orderBy(asc(importMappingsTable.name));
}

export async function loadMapping(db: Db, name: string): Promise<Record<string, string>> {
  const [row] = await db.select({ columns: importMappingsTable.columns }).from(importMappingsTable).where(eq(importMappingsTable.name, name));
  if (!row) throw new UserError("unknown_mapping", `no saved mapping "${name}"; save one with: npm run harbor -- import-mapping save ${name} --map 'Column=email,…'`, 400, "mapping");
  return row.columns;
}
