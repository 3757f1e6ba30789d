import { and, eq, gte, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { orderTaxLinesTable, ordersTable } from "~db/schema/orders";
import { divRound } from "~/lib/money";

export interface OrderSpend {
  orderId: string;
  currency: string;
  paidAt: Date;
  /** The order's stored rate (presentment units per base unit), for a day with no FX rate on record; null when unknown (an imported order). */
  fxRate: string | null;
  /** Merchandise net of discounts, tax, shipping and refunds, in the order's currency (minor units). */
  net: bigint;
}

/**
 * What a person spent per paid order between `since` and `until` (inclusive), matched by account or by
 * address. Per order: merchandise = subtotal − discounts − the tax included in the lines (inclusive
 * markets; exclusive tax is not in the subtotal); shipping, duties and tax are left out. A refund takes
 * back the merchandise's share of what it returned: net = merchandise × (total − refunded) / total,
 * rounded half away from zero (a full refund leaves 0). docs/decisions/0012-membership-tiers.md.
 */
export async function contactSpend(emails: readonly string[], customerId: string | null, since: Date, until: Date, db?: Db): Promise<OrderSpend[]> {
  const who = [
    ...(emails.length ? [inArray(sql`lower(${ordersTable.email})`, emails.map((e) => e.toLowerCase()))] : []),
    ...(customerId ? [eq(ordersTable.customerId, customerId)] : []),
  ];
  if (!who.length) return [];
  const d = db ?? (await getDb());
  const rows = await d
    .select({
      orderId: ordersTable.id,
      currency: ordersTable.currency,
      paidAt: ordersTable.paidAt,
      fxRate: ordersTable.fxRate,
      subtotal: ordersTable.subtotal,
      discountTotal: ordersTable.discountTotal,
      total: ordersTable.total,
      refundedTotal: ordersTable.refundedTotal,
    })
    .from(ordersTable)
    .where(and(or(...who), isNotNull(ordersTable.paidAt), gte(ordersTable.paidAt, since), lte(ordersTable.paidAt, until)));
  if (!rows.length) return [];
  const taxRows = await d
    .select({ orderId: orderTaxLinesTable.orderId, amount: sql<string>`sum(${orderTaxLinesTable.amount})` })
    .from(orderTaxLinesTable)
    .where(
      and(
        inArray(orderTaxLinesTable.orderId, rows.map((r) => r.orderId)),
        isNotNull(orderTaxLinesTable.orderLineId),
        eq(orderTaxLinesTable.kind, "tax"),
        eq(orderTaxLinesTable.included, 1),
      ),
    )
    .groupBy(orderTaxLinesTable.orderId);
  const includedTax = new Map(taxRows.map((t) => [t.orderId, BigInt(t.amount)]));
  return rows.map((r) => {
    const merchandise = r.subtotal - r.discountTotal - (includedTax.get(r.orderId) ?? 0n);
    const kept = r.total - r.refundedTotal;
    const net = r.total > 0n ? divRound(merchandise * kept, r.total) : 0n;
    return { orderId: r.orderId, currency: r.currency, paidAt: r.paidAt!, fxRate: r.fxRate, net: net > 0n ? net : 0n };
  });
}
