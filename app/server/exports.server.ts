/**
 * CSV exports of contacts, orders and the points ledger (issue #11), composed above the modules:
 * contacts gives the people and their order figures, loyalty their points and tier, orders the
 * orders. Rows are read a page at a time (keyset) and handed on as CSV text as they come, so an export
 * of any size holds one page in memory. The command line, the Admin API and the admin's download
 * buttons all stream from `exportCsv`. docs/decisions/0017-csv-export.md.
 */
import { CSV_BOM, csvRecord } from "~/lib/csv";
import { toDecimalString } from "~/lib/money";
import { contactEmails, contactExportPage, type ContactListFilters } from "~/modules/contacts/contacts-admin.server";
import { availablePoints, ledgerPage } from "~/modules/loyalty/ledger.server";
import { heldTierNames } from "~/modules/loyalty/tiers.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { orderExportPage, orderNumbers } from "~/modules/orders/order-export.server";

export const EXPORT_KINDS = ["contacts", "orders", "points"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const PAGE = 500;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** "Ana María Pérez" → ["Ana", "María Pérez"]: contacts keep one name; the first word is the given name. */
function splitName(name: string | null): [string | null, string | null] {
  const trimmed = name?.trim();
  if (!trimmed) return [null, null];
  const at = trimmed.search(/\s/);
  return at === -1 ? [trimmed, null] : [trimmed.slice(0, at), trimmed.slice(at).trim()];
}

const CONTACT_HEADER = [
  "Email",
  "First Name",
  "Last Name",
  "Country",
  "Language",
  "Market",
  "Consent Status",
  "Consent Source",
  "Consent Date",
  "Tags",
  "Notes",
  "Orders Count",
  "Lifetime Spend",
  "Currency",
  "Points Balance",
  "Tier",
  "Created",
];

async function* contactsCsv(filters: ContactListFilters): AsyncGenerator<string> {
  const { baseCurrency } = await getStoreConfig();
  yield csvRecord(CONTACT_HEADER);
  let after = "";
  for (;;) {
    const rows = await contactExportPage(filters, after, PAGE);
    if (!rows.length) return;
    const ids = rows.map((r) => r.contact.id);
    // Staff read the admin in English (its one language today), so tier names are English here too.
    const [points, tiers] = await Promise.all([availablePoints(ids), heldTierNames(ids, "en")]);
    let chunk = "";
    for (const r of rows) {
      const c = r.contact;
      const [first, last] = splitName(c.name);
      chunk += csvRecord([
        c.email,
        first,
        last,
        c.country,
        c.locale,
        c.market,
        r.consent,
        r.consentSource,
        iso(r.consentAt),
        c.tags.join(", "),
        c.notes,
        r.ordersCount,
        toDecimalString(r.lifetimeSpend, baseCurrency),
        baseCurrency,
        points.get(c.id) ?? 0,
        tiers.get(c.id) ?? null,
        iso(c.createdAt),
      ]);
    }
    yield chunk;
    after = ids[ids.length - 1]!;
  }
}

const ORDER_HEADER = ["Number", "Date", "Email", "Market", "Currency", "Total", "Tax", "Shipping", "Status", "Refunded", "Base Currency", "Base Total", "Imported From", "External ID"];

async function* ordersCsv(): AsyncGenerator<string> {
  yield csvRecord(ORDER_HEADER);
  let after = 0;
  for (;;) {
    const rows = await orderExportPage(after, PAGE);
    if (!rows.length) return;
    let chunk = "";
    for (const o of rows) {
      const m = (n: bigint) => toDecimalString(n, o.currency);
      chunk += csvRecord([
        o.number,
        iso(o.createdAt),
        o.email,
        o.market,
        o.currency,
        m(o.total),
        m(o.taxTotal),
        m(o.shippingTotal),
        o.status,
        m(o.refundedTotal),
        o.baseCurrency,
        // Unknown for an imported order in a currency with no FX rate on record for its day.
        o.baseTotal === null ? null : toDecimalString(o.baseTotal, o.baseCurrency),
        o.importedFrom,
        o.externalId,
      ]);
    }
    yield chunk;
    after = rows[rows.length - 1]!.number;
  }
}

const POINTS_HEADER = ["Email", "Date", "Type", "Points", "Status", "Reason", "Order"];

async function* pointsCsv(): AsyncGenerator<string> {
  yield csvRecord(POINTS_HEADER);
  let after = 0;
  for (;;) {
    const rows = await ledgerPage(after, PAGE);
    if (!rows.length) return;
    const [emails, numbers] = await Promise.all([contactEmails(rows.map((r) => r.contactId)), orderNumbers(rows.flatMap((r) => (r.orderId ? [r.orderId] : [])))]);
    let chunk = "";
    for (const p of rows) {
      chunk += csvRecord([emails.get(p.contactId) ?? null, iso(p.createdAt), p.type, p.points, p.status, p.reason ?? p.source, p.orderId ? (numbers.get(p.orderId) ?? null) : null]);
    }
    yield chunk;
    after = rows[rows.length - 1]!.id;
  }
}

/** The export as CSV text in pieces: a UTF-8 byte order mark, the header, then a page of rows at a time. */
export async function* exportCsv(kind: ExportKind, filters: ContactListFilters = {}): AsyncGenerator<string> {
  yield CSV_BOM;
  if (kind === "contacts") yield* contactsCsv(filters);
  else if (kind === "orders") yield* ordersCsv();
  else yield* pointsCsv();
}

/** The download's file name, dated (UTC): contacts-2026-03-01.csv. */
function exportFileName(kind: ExportKind, at = new Date()): string {
  return `${kind}-${at.toISOString().slice(0, 10)}.csv`;
}

/** An HTTP answer that streams the export as it is read (pull-driven: a slow client slows the reads). */
export function csvDownload(kind: ExportKind, filters: ContactListFilters = {}): Response {
  const pieces = exportCsv(kind, filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(kind)}"`,
      "Cache-Control": "no-store",
    },
  });
}
