// The import engine (issue #11) on the hand-written fixtures in test/fixtures/imports/. Every expected
// summary below is read off its fixture, row by row (the header is row 1, as a spreadsheet numbers it).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consentEventsTable, contactsTable, importedContactStatsTable, importRunsTable, jobsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { consentHistory, consentState, subscribe, unsubscribe } from "../contacts/consent.server";
import { findContactByEmail } from "../contacts/contacts.server";
import { runImport } from "./import.server";
import { parseMappingSpec, saveMapping } from "./mappings.server";

const db = useTestDatabase();
const fixture = (name: string) => new URL(`../../../test/fixtures/imports/${name}`, import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "harbor-import-"));
function tempCsv(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}
async function count(table: typeof contactsTable | typeof consentEventsTable | typeof importRunsTable | typeof jobsTable): Promise<number> {
  const [row] = await db.current.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
}

const SHOPIFY_REJECTED = [
  { row: 5, field: "Email", reason: 'not an email address: "not-an-email"' },
  { row: 6, field: "Email", reason: "missing email address" },
  // "12,34" is a decimal comma: EUR amounts are read with a point only, never guessed.
  { row: 8, field: "Total Spent", reason: 'not an amount in EUR (2 decimal places): "12,34"' },
];
// Row 4 is row 2's address in other case with another last name: the stored name is kept.
const SHOPIFY_CONFLICTS = [{ row: 4, email: "anna.schmidt@example.de", field: "name", kept: "Anna Schmidt", incoming: "Anna Schmidt-Weber" }];

describe("shopify-customers (current export: BOM, CRLF, quoted newline, apostrophes, formula cell)", () => {
  it("dry run reports what the real run does and writes nothing", async () => {
    const before = await Promise.all([count(contactsTable), count(consentEventsTable), count(importRunsTable)]);
    const dry = await runImport({ source: "shopify-customers", path: fixture("shopify-customers.csv"), currency: "EUR", dryRun: true });
    expect(await Promise.all([count(contactsTable), count(consentEventsTable), count(importRunsTable)])).toEqual(before);
    expect(dry.summary).toEqual({
      source: "shopify-customers",
      file: "shopify-customers.csv",
      // 10 records after the header; all of them are data rows.
      rowsRead: 9,
      // Created: rows 2, 3, 7, 9, 10; merged: row 4 (row 2's address); rows 5, 6, 8 rejected.
      contacts: { created: 5, merged: 1, unchanged: 0 },
      orders: { created: 0, unchanged: 0 },
      rejected: SHOPIFY_REJECTED,
      conflicts: SHOPIFY_CONFLICTS,
      dryRun: true,
    });
    // Anna (DE) and Oliver (GB) said yes without a consent time.
    expect(dry.repermission).toBe(2);
  });

  it("imports: one contact per address, values as text, Excel apostrophes dropped, amounts in minor units", async () => {
    const jobsBefore = await count(jobsTable);
    const report = await runImport({ source: "shopify-customers", path: fixture("shopify-customers.csv"), currency: "EUR" });
    expect(report.summary).toEqual({
      source: "shopify-customers",
      file: "shopify-customers.csv",
      rowsRead: 9,
      contacts: { created: 5, merged: 1, unchanged: 0 },
      orders: { created: 0, unchanged: 0 },
      rejected: SHOPIFY_REJECTED,
      conflicts: SHOPIFY_CONFLICTS,
      dryRun: false,
    });
    expect(report.repermission).toBe(2);
    // No confirmation, welcome or any other email, and no other job: an import has no side effects.
    expect(await count(jobsTable)).toBe(jobsBefore);

    const anna = (await findContactByEmail("anna.schmidt@example.de"))!;
    expect(anna).toMatchObject({ name: "Anna Schmidt", phone: "+4930123456", country: "DE", source: "import:shopify", locale: "de", tags: ["vip", "wholesale", "returning"] });
    expect(anna.notes).toBe("Prefers mornings.\r\nCall first");
    const fiona = (await findContactByEmail("fiona.formula@example.com"))!;
    expect(fiona.notes).toBe('=HYPERLINK("http://evil.example","click")');
    expect((await findContactByEmail("oliver.jones@example.co.uk"))!.phone).toBe("07700900123");
    const [stats] = await db.current.db.select().from(importedContactStatsTable).where(eq(importedContactStatsTable.contactId, anna.id));
    expect(stats).toMatchObject({ platform: "shopify", externalId: "0070010", totalSpent: 12050n, currency: "EUR", totalOrders: 3 });
    const oliver = (await findContactByEmail("oliver.jones@example.co.uk"))!;
    const [oliverStats] = await db.current.db.select().from(importedContactStatsTable).where(eq(importedContactStatsTable.contactId, oliver.id));
    expect(oliverStats!.totalSpent).toBe(102400n);
    expect(await findContactByEmail("bruno.amount@example.com")).toBeNull();
  });

  it("consent: yes → subscribed with source import:shopify and the file as evidence; no → never subscribed", async () => {
    const anna = (await findContactByEmail("anna.schmidt@example.de"))!;
    const [event, ...older] = await consentHistory(anna.id);
    expect(older).toHaveLength(0);
    expect(event).toMatchObject({ status: "subscribed", source: "import:shopify", evidence: { file: "shopify-customers.csv" } });
    expect(event!.evidence!.consentedAt).toBeUndefined();
    const ben = (await findContactByEmail("ben.carter@example.com"))!;
    expect(await consentState(ben.id)).toEqual({ status: "unsubscribed", source: null, since: null });
  });

  it("a second run of the same file changes nothing", async () => {
    const before = await Promise.all([count(contactsTable), count(consentEventsTable)]);
    const again = await runImport({ source: "shopify-customers", path: fixture("shopify-customers.csv"), currency: "EUR" });
    // Every valid row (2, 3, 4, 7, 9, 10) is unchanged; the same rows are rejected and the same conflict reported.
    expect(again.summary.contacts).toEqual({ created: 0, merged: 0, unchanged: 6 });
    expect(again.summary.rejected).toEqual(SHOPIFY_REJECTED);
    expect(again.summary.conflicts).toEqual(SHOPIFY_CONFLICTS);
    expect(await Promise.all([count(contactsTable), count(consentEventsTable)])).toEqual(before);
  });
});

describe("shopify-customers (older template) in KWD: ISO 4217 gives KWD three decimals", () => {
  it("reads 12.345 and 7.5 exactly, rejects a fourth decimal and an unknown consent value", async () => {
    const r = await runImport({ source: "shopify-customers", path: fixture("shopify-customers-legacy-kwd.csv"), currency: "KWD" });
    expect(r.summary).toEqual({
      source: "shopify-customers",
      file: "shopify-customers-legacy-kwd.csv",
      rowsRead: 4,
      contacts: { created: 2, merged: 0, unchanged: 0 },
      orders: { created: 0, unchanged: 0 },
      rejected: [
        { row: 4, field: "Total Spent", reason: 'not an amount in KWD (3 decimal places): "1.2345"' },
        { row: 5, field: "Accepts Marketing", reason: 'unknown consent value "maybe" (use yes/no, or SUBSCRIBED/UNSUBSCRIBED/NEVER_SUBSCRIBED)' },
      ],
      conflicts: [],
      dryRun: false,
    });
    // Kuwait is neither EU nor UK.
    expect(r.repermission).toBe(0);
    const fatima = (await findContactByEmail("fatima@example.com.kw"))!;
    expect(fatima).toMatchObject({ country: "KW", phone: "+96522001234" });
    expect((await consentState(fatima.id)).source).toBe("import:shopify");
    const amounts = await db.current.db.select({ spent: importedContactStatsTable.totalSpent }).from(importedContactStatsTable).where(eq(importedContactStatsTable.currency, "KWD"));
    expect(amounts.map((a) => a.spent).sort()).toEqual([12345n, 7500n]);
  });
});

describe("woocommerce-customers", () => {
  it("the customer report in JPY (no decimals): case-duplicate addresses merged, country names read", async () => {
    const r = await runImport({ source: "woocommerce-customers", path: fixture("woocommerce-customers-jpy.csv"), currency: "JPY" });
    expect(r.summary).toEqual({
      source: "woocommerce-customers",
      file: "woocommerce-customers-jpy.csv",
      rowsRead: 6,
      // Created rows 2 and 4; row 5 is row 2's address in other case.
      contacts: { created: 2, merged: 1, unchanged: 0 },
      orders: { created: 0, unchanged: 0 },
      rejected: [
        { row: 3, field: "Total spend", reason: 'not an amount in JPY (0 decimal places): "1200.50"' },
        { row: 6, field: "Email", reason: 'not an email address: "@example.jp"' },
        { row: 7, field: "Country", reason: 'not a country: "Atlantis" (use an ISO code such as DE, or the English name)' },
      ],
      conflicts: [{ row: 5, email: "haruto.sato@example.jp", field: "name", kept: "Haruto Sato", incoming: "Kenji Ito" }],
      dryRun: false,
    });
    expect((await findContactByEmail("sofia.rossi@example.it"))!.country).toBe("IT");
    const haruto = (await findContactByEmail("haruto.sato@example.jp"))!;
    const [stats] = await db.current.db.select().from(importedContactStatsTable).where(eq(importedContactStatsTable.contactId, haruto.id));
    expect(stats).toMatchObject({ platform: "woocommerce", totalSpent: 12800n, currency: "JPY", totalOrders: 5 });
  });

  it("the user-export columns (user_email, first_name, billing_*)", async () => {
    const r = await runImport({ source: "woocommerce-customers", path: fixture("woocommerce-users.csv"), currency: "EUR" });
    expect(r.summary.contacts).toEqual({ created: 2, merged: 0, unchanged: 0 });
    expect(r.summary.rejected).toEqual([]);
    expect(await findContactByEmail("maria.garcia@example.es")).toMatchObject({ name: "María García", phone: "0034600111222", country: "ES", source: "import:woocommerce" });
    // A blank user_email falls back to billing_email.
    expect(await findContactByEmail("tom.baker@example.co.uk")).toMatchObject({ name: "Tom Baker", country: "GB" });
  });
});

describe("klaviyo-profiles", () => {
  it("keeps Klaviyo's consent time, records an opt-out, and never flips it with a later row", async () => {
    const r = await runImport({ source: "klaviyo-profiles", path: fixture("klaviyo-profiles.csv"), currency: "EUR" });
    expect(r.summary).toEqual({
      source: "klaviyo-profiles",
      file: "klaviyo-profiles.csv",
      rowsRead: 6,
      // Created rows 2–5; row 6 is row 4's address again.
      contacts: { created: 4, merged: 1, unchanged: 0 },
      orders: { created: 0, unchanged: 0 },
      rejected: [{ row: 7, field: "Email Marketing Consent Timestamp", reason: 'not a date and time: "yesterday"' }],
      conflicts: [{ row: 6, email: "paul.klein@example.de", field: "emailConsent", kept: "unsubscribed (import:klaviyo)", incoming: "subscribed" }],
      dryRun: false,
    });
    // Julien (FR) is subscribed without a consent time; Lena (DE) has Klaviyo's timestamp.
    expect(r.repermission).toBe(1);
    const lena = (await findContactByEmail("lena.fischer@example.de"))!;
    const [lenaEvent] = await consentHistory(lena.id);
    expect(lenaEvent).toMatchObject({ status: "subscribed", source: "import:klaviyo", evidence: { file: "klaviyo-profiles.csv", consentedAt: "2023-04-05T10:11:12.000Z" } });
    const paul = (await findContactByEmail("paul.klein@example.de"))!;
    expect((await consentHistory(paul.id)).map((e) => [e.status, e.source])).toEqual([["unsubscribed", "import:klaviyo"]]);
    const emma = (await findContactByEmail("emma.wilson@example.com"))!;
    expect(await consentHistory(emma.id)).toEqual([]);
  });
});

describe("csv with a saved mapping", () => {
  it("maps German headers to fields; without the mapping the file is refused naming its columns", async () => {
    await expect(runImport({ source: "csv", path: fixture("csv-german-mapping.csv") })).rejects.toThrow(/no email column .*its columns are Kundennummer, E-Mail, Vorname/);
    await saveMapping("de-shop", parseMappingSpec("Kundennummer=externalId,E-Mail=email,Vorname=firstName,Nachname=lastName,Telefon=phone,Land=country,Newsletter=emailConsent,Notiz=notes"));
    const r = await runImport({ source: "csv", path: fixture("csv-german-mapping.csv"), mapping: "de-shop", currency: "EUR" });
    expect(r.summary.contacts).toEqual({ created: 3, merged: 0, unchanged: 0 });
    // Klaus (DE, "ja") and Sabine (AT, "yes"): subscribed without a consent time.
    expect(r.repermission).toBe(2);
    const klaus = (await findContactByEmail("klaus.wagner@example.de"))!;
    expect(klaus).toMatchObject({ name: "Klaus Wagner", phone: "+49891234567", source: "import:csv" });
    expect((await consentState(klaus.id)).source).toBe("import:csv");
    expect((await findContactByEmail("sabine.braun@example.at"))!.notes).toBe("Stammkundin\nseit 2019");
    const peter = (await findContactByEmail("peter.hoffmann@example.de"))!;
    expect((await consentState(peter.id)).status).toBe("unsubscribed");
    expect(() => parseMappingSpec("Vorname=firstName")).toThrow(/must name the column that holds the email address/);
    expect(() => parseMappingSpec("E-Mail=mail")).toThrow(/unknown field "mail"/);
  });
});

describe("a file that stops being CSV", () => {
  it("names the file and the last good row instead of failing without a reason", async () => {
    const path = tempCsv("broken.csv", ["email,firstName", "ok@example.com,Ok", 'broken@example.com,"never closed']);
    await expect(runImport({ source: "csv", path })).rejects.toThrow(/broken\.csv is not valid CSV after row 2: Quote Not Closed/);
  });
});

describe("Harbor's own consent wins", () => {
  it("a contact who unsubscribed in Harbor is not resubscribed by an import; the conflict is reported", async () => {
    await subscribe({ email: "left@example.com", market: "en-us", source: "footer" });
    const contact = (await findContactByEmail("left@example.com"))!;
    await unsubscribe(contact.id, { source: "account" });
    const path = tempCsv("left.csv", ["Email,First Name,Accepts Email Marketing", "left@example.com,Lou,yes"]);
    const r = await runImport({ source: "shopify-customers", path, currency: "USD" });
    // The name fills a blank (merged); consent stays withdrawn.
    expect(r.summary.contacts).toEqual({ created: 0, merged: 1, unchanged: 0 });
    expect(r.summary.conflicts).toEqual([{ row: 2, email: "left@example.com", field: "emailConsent", kept: "unsubscribed (account)", incoming: "subscribed" }]);
    expect(await consentState(contact.id)).toMatchObject({ status: "unsubscribed", source: "account" });
  });

  it("an opt-in in Harbor is not withdrawn by an import's opt-out", async () => {
    await subscribe({ email: "stays@example.com", market: "en-us", source: "footer" });
    const contact = (await findContactByEmail("stays@example.com"))!;
    const before = await consentState(contact.id);
    const path = tempCsv("stays.csv", ["Email,Email Marketing Consent", "stays@example.com,UNSUBSCRIBED"]);
    const r = await runImport({ source: "klaviyo-profiles", path });
    expect(r.summary.conflicts).toEqual([{ row: 2, email: "stays@example.com", field: "emailConsent", kept: `${before.status} (footer)`, incoming: "unsubscribed" }]);
    expect(await consentState(contact.id)).toEqual(before);
  });
});

describe("crash safety", () => {
  it("a run that died after its first chunk resumes after it: no duplicates, the whole file reported", async () => {
    const path = tempCsv("crash.csv", [
      "Email,First Name,Accepts Email Marketing,Default Address Country Code",
      "c1@example.com,One,yes,DE",
      "c2@example.com,Two,no,US",
      "C1@example.com,,yes,DE",
      "c3@example.com,Three,yes,US",
      "not-an-email,Four,yes,US",
      "c4@example.com,Four,no,US",
    ]);
    // A database failure in the second chunk (rows 4–5) stands in for the process dying there.
    await db.current.db.execute(sql`create function harbor_test_fail() returns trigger language plpgsql as $$ begin raise exception 'disk gone'; end $$`);
    await db.current.db.execute(sql`create trigger harbor_test_fail before insert on contacts for each row when (new.email = 'c3@example.com') execute function harbor_test_fail()`);
    // drizzle wraps the database error ("disk gone") in its "Failed query" error.
    await expect(runImport({ source: "shopify-customers", path, chunkRows: 2 })).rejects.toThrow(/Failed query: insert into "contacts"/);
    const [dead] = await db.current.db.select().from(importRunsTable).where(eq(importRunsTable.fileName, "crash.csv"));
    // Rows 2 and 3 committed with their progress; kill -9 would leave the run "running" (an error leaves it "failed").
    expect(dead).toMatchObject({ progressRows: 3, summary: { rowsRead: 2 } });
    await db.current.db.update(importRunsTable).set({ status: "running" }).where(eq(importRunsTable.id, dead!.id));
    await db.current.db.execute(sql`drop trigger harbor_test_fail on contacts`);

    const r = await runImport({ source: "shopify-customers", path, chunkRows: 2 });
    expect(r.runId).toBe(dead!.id);
    expect(r.resumed).toBe(true);
    // The same counts as one uninterrupted run: row 4 is row 2's address, merged even though it came after the crash.
    expect(r.summary).toMatchObject({ rowsRead: 6, contacts: { created: 4, merged: 1, unchanged: 0 }, rejected: [{ row: 6, field: "Email", reason: 'not an email address: "not-an-email"' }] });
    const c1 = (await findContactByEmail("c1@example.com"))!;
    expect(await consentHistory(c1.id)).toHaveLength(1);
    const [rows] = await db.current.db.select({ n: sql<number>`count(*)::int` }).from(contactsTable).where(sql`${contactsTable.email} like 'c_@example.com'`);
    expect(rows!.n).toBe(4);
    const [done] = await db.current.db.select().from(importRunsTable).where(eq(importRunsTable.id, dead!.id));
    expect(done).toMatchObject({ status: "completed", progressRows: 7 });
  });
});
