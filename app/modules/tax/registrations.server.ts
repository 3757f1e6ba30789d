/**
 * Where the store is registered to collect tax, as data the owner edits (`tax_registrations`). The
 * built-in rules read the US states from here: a state is collected in from its registration's day on.
 * Other countries' registrations are kept for the record; the built-in rules collect VAT/GST there anyway.
 */
import { asc } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { taxRegistrationsTable } from "~db/schema/tax";
import { isIsoCountry } from "~/lib/countries";
import { UserError } from "~/lib/errors";
import { US_NO_SALES_TAX_STATES, US_STATE_RATES_BP } from "./rates";

export interface TaxRegistration {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The US state's two-letter code; "" for a whole country. */
  region: string;
  registrationNumber: string;
  /** First day of collection (YYYY-MM-DD, UTC). */
  since: string;
}

const US_STATES = new Set([...Object.keys(US_STATE_RATES_BP), ...US_NO_SALES_TAX_STATES]);
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

// Read on every cart pricing; a change reaches other processes within the TTL, this one at once.
const TTL_MS = 30_000;
let cache: { at: number; rows: Promise<TaxRegistration[]> } | null = null;

export function invalidateTaxRegistrations(): void {
  cache = null;
}

export async function listTaxRegistrations(db?: Db): Promise<TaxRegistration[]> {
  const d = db ?? (await getDb());
  return d
    .select({ country: taxRegistrationsTable.country, region: taxRegistrationsTable.region, registrationNumber: taxRegistrationsTable.registrationNumber, since: taxRegistrationsTable.since })
    .from(taxRegistrationsTable)
    .orderBy(asc(taxRegistrationsTable.country), asc(taxRegistrationsTable.region));
}

/** Checks and normalizes a list of registrations; the error names the entry (`registrations.2.region`). */
function normalizeTaxRegistrations(list: readonly TaxRegistration[]): TaxRegistration[] {
  const seen = new Set<string>();
  return list.map((r, i) => {
    const at = `registrations.${i}`;
    const country = r.country.trim().toUpperCase();
    const region = r.region.trim().toUpperCase();
    if (!isIsoCountry(country)) throw new UserError("invalid_country", `"${r.country}" is not an ISO 3166-1 alpha-2 country code.`, 400, `${at}.country`);
    if (country === "US" && !US_STATES.has(region)) throw new UserError("invalid_region", "Give the US state as its two-letter code, e.g. NY.", 400, `${at}.region`);
    if (country !== "US" && region) throw new UserError("invalid_region", "Regions are registered for the US only; leave the region empty for a whole country.", 400, `${at}.region`);
    const since = r.since.trim();
    if (!DAY_RE.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`)) || new Date(`${since}T00:00:00Z`).toISOString().slice(0, 10) !== since) {
      throw new UserError("invalid_date", "Give the date as YYYY-MM-DD.", 400, `${at}.since`);
    }
    const registrationNumber = r.registrationNumber.trim();
    if (registrationNumber.length > 64 || /[\r\n]/.test(registrationNumber)) throw new UserError("invalid_registration_number", "Use at most 64 characters on one line.", 400, `${at}.registrationNumber`);
    const key = `${country}|${region}`;
    if (seen.has(key)) throw new UserError("duplicate_registration", `${country}${region ? `-${region}` : ""} is listed twice.`, 400, `${at}.region`);
    seen.add(key);
    return { country, region, registrationNumber, since };
  });
}

/** Replaces every registration with `list` (validated) in the caller's transaction. */
export async function replaceTaxRegistrations(tx: Db, list: readonly TaxRegistration[]): Promise<{ before: TaxRegistration[]; after: TaxRegistration[] }> {
  const rows = normalizeTaxRegistrations(list);
  const before = await listTaxRegistrations(tx);
  await tx.delete(taxRegistrationsTable);
  if (rows.length) await tx.insert(taxRegistrationsTable).values(rows.map((r) => ({ ...r, updatedAt: new Date() })));
  return { before, after: await listTaxRegistrations(tx) };
}

/** Seed: adds registrations that do not exist yet. */
export async function ensureTaxRegistrations(list: readonly TaxRegistration[], db?: Db): Promise<void> {
  const rows = normalizeTaxRegistrations(list);
  if (!rows.length) return;
  const d = db ?? (await getDb());
  await d.insert(taxRegistrationsTable).values(rows).onConflictDoNothing();
  cache = null;
}

async function cachedRegistrations(): Promise<TaxRegistration[]> {
  const now = Date.now();
  if (!cache || now - cache.at > TTL_MS) {
    const rows = listTaxRegistrations();
    cache = { at: now, rows };
    rows.catch(() => {
      if (cache?.rows === rows) cache = null;
    });
  }
  return cache.rows;
}

/** The US states the store collects sales tax in on `now`'s UTC day. */
export async function registeredUsStates(now: Date = new Date()): Promise<string[]> {
  const today = now.toISOString().slice(0, 10);
  return (await cachedRegistrations()).filter((r) => r.country === "US" && r.region && r.since <= today).map((r) => r.region);
}
