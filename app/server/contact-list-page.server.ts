/** The admin contacts list's URL filters → the contacts module's filters (the same rules as the Admin API's query). */
import { parseDecimal } from "~/lib/money";
import { ContactListQuery } from "~/modules/contacts/admin-api.schema";
import { holdsTierSql } from "~/modules/loyalty/tiers.server";
import { listContacts, type ContactListFilters } from "~/modules/contacts/contacts-admin.server";
import type { z } from "zod";

const CONTACT_FILTER_FIELDS = ["email", "consent", "market", "country", "language", "source", "tag", "tier", "ordersMin", "ordersMax", "spendMin", "spendMax", "lastOrderAfter", "lastOrderBefore"] as const;
type FilterField = (typeof CONTACT_FILTER_FIELDS)[number];

/** The Admin API's (and the page's) parsed query → the contacts module's filters. */
export function contactFiltersFromQuery(q: Omit<z.output<typeof ContactListQuery>, "page" | "perPage"> & { page?: number; perPage?: number }): ContactListFilters {
  return {
    ...q,
    spendMin: q.spendMin === undefined ? undefined : BigInt(q.spendMin),
    spendMax: q.spendMax === undefined ? undefined : BigInt(q.spendMax),
    lastOrderBefore: q.lastOrderBefore ? new Date(`${q.lastOrderBefore}T00:00:00Z`) : undefined,
    lastOrderAfter: q.lastOrderAfter ? new Date(`${q.lastOrderAfter}T00:00:00Z`) : undefined,
    tierFilter: q.tier ? holdsTierSql(q.tier) : undefined,
  };
}

/**
 * Reads the filters a person typed into the URL: spend is entered in base-currency units (100.00), the
 * API's in minor units. An invalid filter is named back and the list shows everyone, never a 500.
 */
export function readContactFilters(url: URL, baseCurrency: string, page: number) {
  const values = Object.fromEntries(CONTACT_FILTER_FIELDS.map((f) => [f, (url.searchParams.get(f) ?? "").trim().slice(0, 254)])) as Record<FilterField, string>;
  const raw: Record<string, string | number> = { page, perPage: 50 };
  let invalid: string | null = null;
  for (const f of CONTACT_FILTER_FIELDS) {
    if (!values[f]) continue;
    if (f === "spendMin" || f === "spendMax") {
      try {
        const minor = parseDecimal(values[f], baseCurrency);
        if (minor < 0n) throw new Error("negative");
        raw[f] = minor.toString();
      } catch {
        invalid ??= f;
      }
    } else raw[f] = values[f];
  }
  const parsed = ContactListQuery.safeParse(raw);
  if (!parsed.success) invalid ??= String(parsed.error.issues[0]?.path[0] ?? "");
  const q = parsed.success && !invalid ? parsed.data : ContactListQuery.parse({ page });
  return { values, invalid, filters: contactFiltersFromQuery(q) };
}

export async function contactListPage(url: URL, baseCurrency: string, page: number) {
  const { values, invalid, filters } = readContactFilters(url, baseCurrency, page);
  return { values, invalid, result: await listContacts(filters) };
}
