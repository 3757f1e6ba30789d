/**
 * Imported orders (issue #11, "History feeds the CRM without side effects"): written once per
 * (platform, order id), valued in the base currency at the FX rate of the order's day, counted in the
 * contact's figures and tiers, and never the cause of points, emails, stock movements or staff actions.
 */
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fxRatesTable, inventoryLevelsTable, jobsTable, orderLinesTable, ordersTable, outboxEmailsTable, pointsLedgerTable, tierChangesTable, tiersTable } from "~db/schema";
import { rowsOf } from "~db/rows";
import { useTestDatabase } from "~db/testing";
import { divRound } from "~/lib/money";
import { handleAdminApi } from "~/api/admin/registry.server";
import { loader as orderPage } from "~/routes/admin.orders.$id";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { adminSession, adminToken, TEST_ORIGIN } from "../../../test/staff-helpers";
import { ensureContact } from "../contacts/contacts.server";
import { createTier, currentTier, evaluateContactTier } from "../loyalty/tiers.server";
import { contactOrderStats } from "./contact-stats.server";
import { recordImportedOrder, type ImportedOrderInput } from "./imported-orders.server";
import { listOrders } from "./order-admin.server";
import { cancelOrder, refundOrder, shipOrder } from "./order-operations.server";

const db = useTestDatabase();
let seq = 0;
const email = (tag: string) => `${tag}-${++seq}@import.example`;

function shopifyOrder(over: Partial<ImportedOrderInput> = {}): ImportedOrderInput {
  return {
    source: "shopify",
    externalId: `#${1000 + ++seq}`,
    email: email("buyer"),
    placedAt: new Date(),
    currency: "USD",
    total: 12_000n,
    financialStatus: "paid",
    lines: [{ title: "Tea bowl", sku: "TB-1", quantity: 2, unitPrice: 6_000n }],
    ...over,
  };
}

const record = (input: ImportedOrderInput) => db.current.db.transaction((tx) => recordImportedOrder(tx, input));

async function orderRow(id: string) {
  const [row] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, id));
  return row!;
}

beforeAll(() => {
  // The listeners (points, tiers, referrals, contacts) are registered as in the running store, so a
  // side effect would show if an import ran them.
  registerAllJobHandlers();
});

describe("recordImportedOrder", () => {
  it("writes an order once per (platform, order id): the second run answers unchanged and changes nothing", async () => {
    const input = shopifyOrder();
    const first = await record(input);
    expect(first.outcome).toBe("created");
    const again = await record({ ...input, total: 99_999n, email: "someone-else@import.example" });
    expect(again).toEqual({ outcome: "unchanged", orderId: first.orderId });
    const rows = await db.current.db.select().from(ordersTable).where(and(eq(ordersTable.importedFrom, "shopify"), eq(ordersTable.externalId, input.externalId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.total).toBe(12_000n);
    expect(rows[0]!.email).toBe(input.email);
    const lines = await db.current.db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, first.orderId));
    expect(lines.map((l) => [l.title, l.sku, l.quantity, l.unitPrice])).toEqual([["Tea bowl", "TB-1", 2, 6_000n]]);
    // The same id on another platform is another order.
    expect((await record({ ...input, source: "woocommerce" })).outcome).toBe("created");
  });

  it("values the order in the base currency at the FX rate in force on the order's day, not today's", async () => {
    // Rates are units of the currency per one base unit (USD); two historical EUR rates around the order.
    await db.current.db.insert(fxRatesTable).values([
      { currency: "EUR", rate: "0.8000", effectiveOn: "2021-01-01" },
      { currency: "EUR", rate: "0.9500", effectiveOn: "2021-07-01" },
    ]);
    const r = await record(shopifyOrder({ currency: "EUR", total: 10_000n, placedAt: new Date("2021-03-15T10:00:00Z") }));
    const o = await orderRow(r.orderId);
    expect(Number(o.fxRate)).toBe(0.8);
    expect(o.baseTotal).toBe(12_500n); // EUR 100.00 / 0.8 = USD 125.00
    expect(o.baseCurrency).toBe("USD");

    // Today's order uses the seeded rate in force today, read back from the table (not hard-coded).
    const [today] = rowsOf<{ rate: string }>(await db.current.db.execute(sql`select rate from fx_rates where currency = 'JPY' and effective_on <= current_date order by effective_on desc limit 1`));
    const jpy = await record(shopifyOrder({ currency: "JPY", total: 15_150n }));
    const j = await orderRow(jpy.orderId);
    expect(j.fxRate).toBe(today!.rate);
    // JPY has no minor unit, USD two: 15150 / rate dollars, in cents, half away from zero.
    const scaled = BigInt(today!.rate.replace(".", ""));
    const decimals = BigInt(10 ** (today!.rate.split(".")[1]?.length ?? 0));
    expect(j.baseTotal).toBe(divRound(15_150n * 100n * decimals, scaled));
  });

  it("leaves the base value unknown (null) when no rate for the currency was on record by the order's day", async () => {
    const r = await record(shopifyOrder({ currency: "GBP", total: 5_000n, placedAt: new Date("2001-02-03T00:00:00Z") }));
    const o = await orderRow(r.orderId);
    expect(o.fxRate).toBeNull();
    expect(o.baseTotal).toBeNull();
  });

  it("refuses bad input naming the field", async () => {
    await expect(record(shopifyOrder({ currency: "EURO" }))).rejects.toMatchObject({ status: 422, field: "currency" });
    await expect(record(shopifyOrder({ email: "not-an-address" }))).rejects.toMatchObject({ status: 422, field: "email" });
    await expect(record(shopifyOrder({ refundedAmount: 20_000n }))).rejects.toMatchObject({ status: 422, field: "refundedAmount" });
    await expect(record(shopifyOrder({ lines: [{ title: "Cup", quantity: 0, unitPrice: 100n }] }))).rejects.toMatchObject({ status: 422, field: "lines.0.quantity" });
    await expect(record(shopifyOrder({ market: "xx-xx" }))).rejects.toMatchObject({ status: 422, field: "market" });
  });
});

describe("history without side effects", () => {
  it("sends no email, posts no points, queues no job and moves no stock", async () => {
    const buyer = email("quiet");
    await ensureContact(db.current.db, { email: buyer, locale: "en", market: "en-us", source: "test" });
    const stockBefore = await db.current.db.select({ n: sql<string>`sum(${inventoryLevelsTable.onHand})` }).from(inventoryLevelsTable);
    const jobsBefore = await db.current.db.select({ n: sql<number>`count(*)::int` }).from(jobsTable);
    await record(shopifyOrder({ email: buyer, total: 50_000n, lines: [{ title: "Vase", sku: "V-1", quantity: 1, unitPrice: 50_000n }] }));
    expect(await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.to, buyer))).toEqual([]);
    const contact = await ensureContact(db.current.db, { email: buyer, locale: "en", market: "en-us", source: "test" });
    expect(await db.current.db.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, contact.id))).toEqual([]);
    expect((await db.current.db.select({ n: sql<number>`count(*)::int` }).from(jobsTable))[0]!.n).toBe(jobsBefore[0]!.n);
    expect(await db.current.db.select({ n: sql<string>`sum(${inventoryLevelsTable.onHand})` }).from(inventoryLevelsTable)).toEqual(stockBefore);
  });

  it("counts in the contact's figures: paid orders net of refunds in the base currency; cancelled ones nowhere", async () => {
    const buyer = email("stats");
    await record(shopifyOrder({ email: buyer, total: 10_000n, placedAt: new Date("2025-01-10T00:00:00Z") }));
    // Partly refunded: 40.00 of 100.00 back, so 60.00 counts.
    await record(shopifyOrder({ email: buyer, total: 10_000n, refundedAmount: 4_000n, financialStatus: "partially_refunded", placedAt: new Date("2025-02-10T00:00:00Z") }));
    await record(shopifyOrder({ email: buyer, total: 77_700n, financialStatus: "paid", cancelledAt: new Date("2025-03-02T00:00:00Z"), placedAt: new Date("2025-03-01T00:00:00Z") }));
    await record(shopifyOrder({ email: buyer, total: 5_000n, financialStatus: "pending", placedAt: new Date("2025-04-01T00:00:00Z") }));
    const stats = await contactOrderStats(buyer, null);
    expect(stats.ordersCount).toBe(2);
    expect(stats.lifetimeSpend).toBe(16_000n);
    expect(stats.firstOrderAt?.toISOString()).toBe("2025-01-10T00:00:00.000Z");
    expect(stats.lastOrderAt?.toISOString()).toBe("2025-02-10T00:00:00.000Z");
  });

  it("refuses every staff operation with 409 order_imported", async () => {
    const r = await record(shopifyOrder());
    const refused = { code: "order_imported", status: 409 };
    await expect(refundOrder(r.orderId, { amount: 100n })).rejects.toMatchObject(refused);
    await expect(cancelOrder(r.orderId, { reason: "test" })).rejects.toMatchObject(refused);
    await expect(shipOrder(r.orderId, { carrier: "DHL", trackingNumber: "1" })).rejects.toMatchObject(refused);
    expect((await orderRow(r.orderId)).status).toBe("paid");
  });

  it("the Admin API answers 409 order_imported with a message naming the platform; the page offers no action and shows the badge", async () => {
    const r = await record(shopifyOrder());
    const { token } = await adminToken("owner");
    for (const [path, body] of [[`orders/${r.orderId}/refunds`, "{}"], [`orders/${r.orderId}/cancel`, JSON.stringify({ reason: "test" })], [`orders/${r.orderId}/fulfillments`, JSON.stringify({ carrier: "DHL", trackingNumber: "1", idempotencyKey: "ship-1" })]] as const) {
      const res = await handleAdminApi({
        request: new Request(`${TEST_ORIGIN}/api/admin/v1/${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body }),
        params: { "*": path },
        context: {},
      });
      expect(res.status, path).toBe(409);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("order_imported");
      expect(error.message).toMatch(/imported from shopify and is read-only/);
    }
    const session = await adminSession("owner");
    const page = (await orderPage({ request: new Request(`${TEST_ORIGIN}/admin/orders/${r.orderId}`, { headers: { Cookie: session.cookie } }), params: { id: r.orderId }, context: {} })) as {
      order: { importedFrom: string | null };
      can: Record<string, boolean>;
    };
    expect(page.order.importedFrom).toBe("Shopify");
    expect(page.can).toEqual({ fulfil: false, refund: false, cancel: false, note: true });
  });

  it("shows in the admin's order list marked with its platform", async () => {
    const buyer = email("listed");
    await record(shopifyOrder({ email: buyer }));
    const { rows } = await listOrders({ q: buyer });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.importedFrom).toBe("shopify");
  });
});

describe("tiers from imported history", () => {
  it("an import-caused evaluation places or upgrades the contact silently: no tier email, no points (ADR 0012)", async () => {
    await db.current.db.transaction(async (tx) => {
      await tx.update(tiersTable).set({ active: false });
      await createTier(tx, { names: { en: "Base" }, position: 20 });
      await createTier(tx, { names: { en: "Gold" }, position: 21, spendThreshold: "500.00" });
    });
    const buyer = email("tier");
    const contact = await ensureContact(db.current.db, { email: buyer, locale: "en", market: "en-us", source: "test" });
    // Already calculated at the entry tier: an ordinary upgrade from here would send the email.
    await db.current.db.transaction((tx) => evaluateContactTier(tx, contact.id));
    expect((await currentTier(contact.id))?.name).toBe("Base");

    // Six months ago, inside the trailing 12 months: merchandise 600.00 USD.
    const placedAt = new Date(Date.now() - 182 * 86_400_000);
    await record(shopifyOrder({ email: buyer, total: 60_000n, lines: [{ title: "Jar", quantity: 1, unitPrice: 60_000n }], placedAt }));
    await db.current.db.transaction((tx) => evaluateContactTier(tx, contact.id, new Date(), { cause: "import" }));

    expect((await currentTier(contact.id))?.name).toBe("Gold");
    const history = await db.current.db.select().from(tierChangesTable).where(eq(tierChangesTable.contactId, contact.id)).orderBy(tierChangesTable.id);
    expect(history.map((h) => h.reason)).toEqual(["initial", "import"]);
    const mails = await db.current.db.select().from(jobsTable).where(and(eq(jobsTable.kind, "mail.send"), sql`${jobsTable.payload}->>'to' = ${buyer}`));
    expect(mails).toEqual([]);
    expect(await db.current.db.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, contact.id))).toEqual([]);
  });
});
