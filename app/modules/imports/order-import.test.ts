// shopify-orders (issue #11): Shopify's multi-row order export on a hand-written fixture. Every expected
// figure is read off test/fixtures/imports/shopify-orders.csv (the header is row 1, as a spreadsheet shows it).
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consentEventsTable, fxRatesTable, orderLinesTable, ordersTable, outboxEmailsTable } from "~db/schema";
import { rowsOf } from "~db/rows";
import { useTestDatabase } from "~db/testing";
import { consentState, subscribe } from "../contacts/consent.server";
import { mayBeMailedSql } from "../contacts/contact-sql.server";
import { findContactByEmail } from "../contacts/contacts.server";
import { isRelayAddress } from "../contacts/relay-addresses";
import { contactOrderStats } from "../orders/contact-stats.server";
import { runImport } from "./import.server";

const db = useTestDatabase();
const fixturePath = (name: string) => new URL(`../../../test/fixtures/imports/${name}`, import.meta.url).pathname;
const fixture = fixturePath("shopify-orders.csv");
const amazonFixture = fixturePath("amazon-orders.csv");
const ebayFixture = fixturePath("ebay-orders.csv");

const REJECTED = [
  // A decimal comma is never guessed.
  { row: 11, field: "Total", reason: 'not an amount in EUR (2 decimal places): "12,50"' },
  { row: 12, field: "Email", reason: "missing email address" },
];

async function order(externalId: string) {
  const [o] = await db.current.db.select().from(ordersTable).where(and(eq(ordersTable.importedFrom, "shopify"), eq(ordersTable.externalId, externalId)));
  return o!;
}

beforeAll(async () => {
  // Units of EUR per one USD (the test store's base currency), in force before every order's day.
  await db.current.db.insert(fxRatesTable).values([{ currency: "EUR", rate: "0.5000", effectiveOn: "2024-01-01" }, { currency: "GBP", rate: "0.8000", effectiveOn: "2024-01-01" }]);
});

describe("shopify-orders", () => {
  it("groups an order's rows even when the chunk boundary falls inside it (chunks of 3 rows; order #1002 is rows 4–6)", async () => {
    const report = await runImport({ source: "shopify-orders", path: fixture, chunkRows: 3 });
    expect(report.summary).toEqual({
      source: "shopify-orders",
      file: "shopify-orders.csv",
      // 11 data rows, 8 orders.
      rowsRead: 11,
      // Anna (#1001), Kenji, Ben, Carla, Fatima created; Anna's second order #1003 (other case) merged.
      contacts: { created: 5, merged: 1, unchanged: 0 },
      // #1001–#1006; #1007 and #1008 rejected.
      orders: { created: 6, unchanged: 0 },
      rejected: REJECTED,
      conflicts: [],
      dryRun: false,
    });
    const kenji = await order("#1002");
    // JPY has no minor unit (ISO 4217 exponent 0): 12000 is ¥12,000.
    expect(kenji).toMatchObject({ currency: "JPY", total: 12_000n, status: "paid", email: "kenji@example.jp" });
    const lines = await db.current.db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, kenji.id)).orderBy(asc(orderLinesTable.sku));
    expect(lines.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual([
      ["CO-1", 2, 1_000n],
      ["CU-1", 1, 2_000n],
      ["KY-1", 1, 8_000n],
    ]);
    // KWD has three decimals (ISO 4217): 12.345 is 12345 fils.
    expect(await order("#1006")).toMatchObject({ currency: "KWD", total: 12_345n });
    // Shopify's "2024-03-05 14:22:10 +0100" is 13:22:10 UTC.
    const anna1 = await order("#1001");
    expect(anna1.createdAt.toISOString()).toBe("2024-03-05T13:22:10.000Z");
    expect(anna1).toMatchObject({ subtotal: 10_000n, shippingTotal: 500n, discountTotal: 1_000n, total: 9_500n, status: "paid" });
  });

  it("refunds are subtracted and a cancelled order counts nowhere in the contact's figures", async () => {
    // #1001 EUR 95.00 + #1003 EUR 50.00 less 20.00 refunded = EUR 125.00 = USD 250.00 at 0.5 EUR/USD.
    expect(await contactOrderStats("anna@example.de", null)).toMatchObject({ ordersCount: 2, lifetimeSpend: 25_000n });
    expect((await order("#1003")).refundedTotal).toBe(2_000n);
    // #1004 fully refunded: paid once, nothing kept.
    expect(await contactOrderStats("ben@example.com", null)).toMatchObject({ ordersCount: 1, lifetimeSpend: 0n });
    // #1005 has a Cancelled at.
    expect((await order("#1005")).status).toBe("cancelled");
    expect(await contactOrderStats("carla@example.com", null)).toMatchObject({ ordersCount: 0, lifetimeSpend: 0n });
  });

  it("an order export gives no consent (its Accepts Marketing column is not read) and sends nothing", async () => {
    const anna = (await findContactByEmail("anna@example.de"))!;
    expect(anna).toMatchObject({ name: "Anna Schmidt", country: "DE", phone: "+4930123456", source: "import:shopify" });
    expect(await consentState(anna.id)).toEqual({ status: "unsubscribed", source: null, since: null });
    expect(await db.current.db.select().from(consentEventsTable)).toEqual([]);
    expect(await db.current.db.select().from(outboxEmailsTable)).toEqual([]);
  });

  it("a second run changes nothing; a dry run reports the same", async () => {
    const again = await runImport({ source: "shopify-orders", path: fixture });
    expect(again.summary).toMatchObject({ rowsRead: 11, contacts: { created: 0, merged: 0, unchanged: 6 }, orders: { created: 0, unchanged: 6 }, rejected: REJECTED });
    const dry = await runImport({ source: "shopify-orders", path: fixture, dryRun: true });
    expect(dry.summary).toMatchObject({ contacts: { created: 0, merged: 0, unchanged: 6 }, orders: { created: 0, unchanged: 6 }, dryRun: true });
  });
});

describe("marketplace-orders: history-only contacts (marketplace terms forbid marketing to their buyers)", () => {
  it("amazon: orders grouped by amazon-order-id, relay address flagged undeliverable, never subscribed", async () => {
    const r = await runImport({ source: "marketplace-orders", path: amazonFixture, mapping: "amazon" });
    expect(r.summary).toEqual({
      source: "marketplace-orders",
      file: "amazon-orders.csv",
      rowsRead: 3,
      contacts: { created: 2, merged: 0, unchanged: 0 },
      orders: { created: 2, unchanged: 0 },
      rejected: [],
      conflicts: [],
      dryRun: false,
    });
    const max = (await findContactByEmail("k7xq2vb4m9z1p3r@marketplace.amazon.de"))!;
    expect(max).toMatchObject({ historyOnly: true, marketingUndeliverable: true, source: "import:amazon", name: "Max Mustermann" });
    expect(await consentState(max.id)).toMatchObject({ status: "unsubscribed" });
    // item-price is the line's total (80.00 for 2) plus shipping-price 4.99: EUR 104.99.
    const [o] = await db.current.db.select().from(ordersTable).where(and(eq(ordersTable.importedFrom, "amazon"), eq(ordersTable.externalId, "302-1111111-2222222")));
    expect(o).toMatchObject({ total: 10_499n, currency: "EUR", status: "paid" });
    // Lifetime value counts marketplace history: EUR 104.99 at 0.5 EUR/USD = USD 209.98.
    expect(await contactOrderStats(max.email, null)).toMatchObject({ ordersCount: 1, lifetimeSpend: 20_998n });
    const [cancelled] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.externalId, "302-3333333-4444444"));
    expect(cancelled!.status).toBe("cancelled");
    const again = await runImport({ source: "marketplace-orders", path: amazonFixture, mapping: "amazon" });
    expect(again.summary).toMatchObject({ contacts: { created: 0, merged: 0, unchanged: 2 }, orders: { created: 0, unchanged: 2 } });
  });

  it("ebay: pound amounts and Mar-05-24 dates; a real address is history only but not undeliverable", async () => {
    const r = await runImport({ source: "marketplace-orders", path: ebayFixture, mapping: "ebay", currency: "GBP" });
    expect(r.summary).toMatchObject({ rowsRead: 2, contacts: { created: 2, merged: 0, unchanged: 0 }, orders: { created: 2, unchanged: 0 }, rejected: [] });
    expect(await findContactByEmail("9f8e7d6c5b4a@members.ebay.co.uk")).toMatchObject({ historyOnly: true, marketingUndeliverable: true, country: "GB" });
    expect(await findContactByEmail("pat.jones@example.co.uk")).toMatchObject({ historyOnly: true, marketingUndeliverable: false });
    const [o] = await db.current.db.select().from(ordersTable).where(and(eq(ordersTable.importedFrom, "ebay"), eq(ordersTable.externalId, "12-34567-89012")));
    expect(o).toMatchObject({ total: 3_300n, currency: "GBP" });
    expect(o!.createdAt.toISOString()).toBe("2024-03-05T00:00:00.000Z");
  });

  it("a history-only contact is never mailable, even with a subscribed consent on record, until they sign up themselves", async () => {
    const pat = (await findContactByEmail("pat.jones@example.co.uk"))!;
    const mailable = async () => rowsOf<{ id: string }>(await db.current.db.execute(sql`select id from contacts where ${mayBeMailedSql}`)).map((r) => r.id);
    // A subscribed consent recorded behind the flag's back (not by the import): still excluded.
    await db.current.db.insert(consentEventsTable).values({ contactId: pat.id, channel: "email", status: "subscribed", source: "admin", locale: "en" });
    expect(await mailable()).not.toContain(pat.id);
    // Pat signs up in the footer with the same (real) address: a direct contact from now on.
    await subscribe({ email: "Pat.Jones@example.co.uk", market: "en-us", source: "footer" });
    expect((await findContactByEmail("pat.jones@example.co.uk"))!.historyOnly).toBe(false);
    expect(await mailable()).toContain(pat.id);
  });

  it("without a platform the command says which mappings exist", async () => {
    await expect(runImport({ source: "marketplace-orders", path: amazonFixture })).rejects.toThrow(/--mapping|one of amazon, ebay, aliexpress, shopee, tiktok/);
  });
});

describe("relay addresses", () => {
  it("recognises the marketplaces' relay domains and nothing else", () => {
    expect(["a@marketplace.amazon.com", "b@marketplace.amazon.co.jp", "c@members.ebay.de", "d@members.ebay.com"].map(isRelayAddress)).toEqual([true, true, true, true]);
    expect(["e@amazon.com", "f@ebay.com", "g@example.com", "h@notmarketplace.amazon.com.evil.example"].map(isRelayAddress)).toEqual([false, false, false, false]);
  });
});
