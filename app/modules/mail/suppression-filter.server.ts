/**
 * The suppression list as an SQL condition, for queries that pick recipients in bulk (segments):
 * the same hash `suppressions.server.ts` stores, computed by the database, so no list is loaded.
 */
import { sql, type SQL } from "drizzle-orm";

/**
 * sha256 hex of the trimmed, NFC-normalized, lower-cased address, as node's `suppressionHash`.
 * Postgres' lower() follows the database's collation, so callers pass addresses that are already
 * normalized (contacts store them so); the extra folding here only guards against stray spaces and case.
 */
export function emailHashSql(emailExpr: SQL): SQL<string> {
  return sql<string>`encode(sha256(convert_to(lower(normalize(btrim(${emailExpr}), NFC)), 'UTF8')), 'hex')`;
}

/** True when the address is on no suppression list (any reason excludes it from marketing). */
export function notSuppressedSql(emailExpr: SQL): SQL {
  return sql`not exists (select 1 from email_suppressions es where es.email_hash = ${emailHashSql(emailExpr)})`;
}
