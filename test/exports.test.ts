/**
 * CSV exports (issue #11 "Export"): the Admin API's downloads and the admin's download routes — status,
 * text/csv, an attachment file name (RFC 6266), the permission of the data they hold, RFC 4180 quoting,
 * OWASP CSV-injection neutralisation (a cell starting with = + - @ tab or CR gets a leading '), the
 * list's filters, imported orders, and a 5,000-contact export arriving in pieces.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { ensureContact } from "~/modules/contacts/contacts.server";
import { postPoints } from "~/modules/loyalty/ledger.server";
import { recordImportedOrder } from "~/modules/orders/imported-orders.server";
import { loader as contactsDownload } from "~/routes/admin.exports.contacts";
import { adminSession, adminToken, TEST_ORIGIN } from "./staff-helpers";

const db = useTestDatabase();
const tokens = { marketer: "", support: "", catalog: "" };

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), independent of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

function api(path: string, token: string) {
  const rest = path.slice(1);
  return handleAdminApi({ request: new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, { headers: { Authorization: `Bearer ${token}` } }), params: { "*": rest.split("?")[0] }, context: {} });
}

const hostileEmail = "hostile@export.example";

beforeAll(async () => {
  tokens.marketer = (await adminToken("marketer")).token;
  tokens.support = (await adminToken("support")).token;
  tokens.catalog = (await adminToken("catalog")).token;
  const c = await ensureContact(db.current.db, { email: hostileEmail, locale: "de", market: "de-de", source: "test" });
  // Written directly: the export must hold whatever a file or a person once put there.
  await db.current.db
    .update(contactsTable)
    .set({ name: '=HYPERLINK("http://evil.example","x") Smith', notes: "+1+2\r\nsecond line, with \"quotes\"", tags: ["@SUM(A1)", "vip"], country: "\tDE" })
    .where(eq(contactsTable.id, c.id));
  await db.current.db.transaction(async (tx) => {
    await postPoints(tx, { contactId: c.id, type: "adjust", points: 10, source: "admin", reason: "goodwill" });
    await postPoints(tx, { contactId: c.id, type: "adjust", points: -5, source: "admin", reason: "-1 formula?" });
  });
  await db.current.db.transaction((tx) =>
    recordImportedOrder(tx, { source: "shopify", externalId: "#5501", email: hostileEmail, placedAt: new Date("2024-05-01T00:00:00Z"), currency: "USD", total: 4_200n, financialStatus: "paid", lines: [{ title: "Mug", quantity: 1, unitPrice: 4_200n }] }),
  );
}, 60_000);

describe("GET /api/admin/v1/exports/contacts.csv", () => {
  it("answers a CSV attachment, UTF-8 with BOM, Email first, hostile cells neutralised and quoted (RFC 4180, OWASP)", async () => {
    const res = await api("/exports/contacts.csv?tag=vip", tokens.marketer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    expect(rows[0]).toEqual(["Email", "First Name", "Last Name", "Country", "Language", "Market", "Consent Status", "Consent Source", "Consent Date", "Tags", "Notes", "Orders Count", "Lifetime Spend", "Currency", "Points Balance", "Tier", "Created"]);
    expect(rows).toHaveLength(2); // the tag filter keeps only the hostile contact
    const row = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    expect(row.Email).toBe(hostileEmail);
    expect(row["First Name"]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(row["Last Name"]).toBe("Smith");
    expect(row.Country).toBe("'\tDE");
    expect(row.Notes).toBe("'+1+2\r\nsecond line, with \"quotes\"");
    expect(row.Tags).toBe("'@SUM(A1), vip");
    expect(row["Consent Status"]).toBe("unsubscribed");
    // The imported paid order counts: one order, 42.00 in the base currency.
    expect(row["Orders Count"]).toBe("1");
    expect(row["Lifetime Spend"]).toBe("42.00");
    expect(row.Currency).toBe("USD");
    expect(row["Points Balance"]).toBe("5");
  });

  it("needs read:customers: the catalog role gets 403, the support role the file", async () => {
    const refused = await api("/exports/contacts.csv", tokens.catalog);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await api("/exports/contacts.csv", tokens.support)).status).toBe(200);
    expect((await api("/exports/orders.csv", tokens.catalog)).status).toBe(403);
    expect((await api("/exports/points.csv", tokens.catalog)).status).toBe(403);
  });

  it("refuses an invalid filter with 400 naming it", async () => {
    const res = await api("/exports/contacts.csv?consent=maybe", tokens.marketer);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe("consent");
  });

  it("streams 5,000 contacts in pieces (a page at a time), every one of them once", async () => {
    await db.current.db.execute(sql`
      insert into contacts (id, email, canonical_email, locale, source)
      select 'con_bulk_' || lpad(g::text, 5, '0'), 'bulk' || g || '@export.example', 'bulk' || g || '@export.example', 'en', 'bulk'
      from generate_series(1, 5000) g`);
    const res = await api("/exports/contacts.csv?source=bulk", tokens.marketer);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    const rows = parseCsv(text.slice(1));
    expect(rows).toHaveLength(5001);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(5000);
    // BOM, header, then ten pages of 500: the body was produced page by page, not as one string.
    expect(chunks).toBeGreaterThanOrEqual(10);
  }, 120_000);
});

describe("orders.csv and points.csv", () => {
  it("lists imported orders with their platform and id, amounts as decimals", async () => {
    const res = await api("/exports/orders.csv", tokens.support);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/filename="orders-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["Number", "Date", "Email", "Market", "Currency", "Total", "Tax", "Shipping", "Status", "Refunded", "Base Currency", "Base Total", "Imported From", "External ID"]);
    const imported = rows.find((r) => r[13] === "#5501")!;
    expect(imported.slice(1, 12)).toEqual(["2024-05-01T00:00:00.000Z", hostileEmail, "en-us", "USD", "42.00", "0.00", "0.00", "paid", "0.00", "USD", "42.00"]);
    expect(imported[12]).toBe("shopify");
  });

  it("lists ledger rows with the contact's address; a negative number stays a number, a hostile reason is neutralised", async () => {
    const res = await api("/exports/points.csv", tokens.marketer);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["Email", "Date", "Type", "Points", "Status", "Reason", "Order"]);
    const mine = rows.filter((r) => r[0] === hostileEmail);
    expect(mine.map((r) => [r[2], r[3], r[4], r[5], r[6]])).toEqual([
      ["adjust", "10", "available", "goodwill", ""],
      ["adjust", "-5", "available", "'-1 formula?", ""],
    ]);
  });

  it("is documented in the Admin API's OpenAPI document as text/csv with Content-Disposition", async () => {
    const res = await handleAdminApi({ request: new Request(`${TEST_ORIGIN}/api/admin/v1/openapi.json`), params: { "*": "openapi.json" }, context: {} });
    const doc = (await res.json()) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown>; headers: Record<string, unknown> }>; "x-permission": string } }> };
    for (const [path, permission] of [["/exports/contacts.csv", "read:customers"], ["/exports/orders.csv", "read:orders"], ["/exports/points.csv", "read:customers"]] as const) {
      const op = doc.paths[path]!.get;
      expect(Object.keys(op.responses["200"]!.content)).toEqual(["text/csv"]);
      expect(op.responses["200"]!.headers).toHaveProperty("Content-Disposition");
      expect(op["x-permission"]).toBe(permission);
    }
  });
});

describe("the admin's download", () => {
  it("exports what the contacts list shows: its filters go along", async () => {
    const session = await adminSession("marketer");
    const res = (await contactsDownload({ request: new Request(`${TEST_ORIGIN}/admin/exports/contacts.csv?tag=vip&page=3`, { headers: { Cookie: session.cookie } }), params: {}, context: {} })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="contacts-/);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows.map((r) => r[0])).toEqual(["Email", hostileEmail]);
  });
});
