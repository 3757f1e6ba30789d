/** The orders export's reads: every order a page at a time, and order numbers for other exports. */
import { asc, gt, inArray } from "drizzle-orm";
import { getDb } from "~db/index";
import { ordersTable } from "~db/schema/orders";

type OrderExportRow = Pick<
  typeof ordersTable.$inferSelect,
  "number" | "createdAt" | "email" | "market" | "currency" | "total" | "taxTotal" | "shippingTotal" | "status" | "refundedTotal" | "baseCurrency" | "baseTotal" | "importedFrom" | "externalId"
>;

/** One page of orders by number after `afterNumber` (keyset paging: each page is one indexed read). */
export async function orderExportPage(afterNumber: number, limit: number): Promise<OrderExportRow[]> {
  const db = await getDb();
  return db
    .select({
      number: ordersTable.number,
      createdAt: ordersTable.createdAt,
      email: ordersTable.email,
      market: ordersTable.market,
      currency: ordersTable.currency,
      total: ordersTable.total,
      taxTotal: ordersTable.taxTotal,
      shippingTotal: ordersTable.shippingTotal,
      status: ordersTable.status,
      refundedTotal: ordersTable.refundedTotal,
      baseCurrency: ordersTable.baseCurrency,
      baseTotal: ordersTable.baseTotal,
      importedFrom: ordersTable.importedFrom,
      externalId: ordersTable.externalId,
    })
    .from(ordersTable)
    .where(gt(ordersTable.number, afterNumber))
    .orderBy(asc(ordersTable.number))
    .limit(limit);
}

/** Order numbers of the given order ids. */
export async function orderNumbers(ids: readonly string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: ordersTable.id, number: ordersTable.number }).from(ordersTable).where(inArray(ordersTable.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.number]));
}
