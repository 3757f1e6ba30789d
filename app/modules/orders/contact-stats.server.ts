/**
 * What the contacts module shows and filters by, computed where the orders live: a person's paid
 * orders (matched by account or by address), lifetime spend in the base currency net of refunds.
 */
import { and, desc, isNotNull, sql, type SQL } from "drizzle-orm";
import { getDb } from "~db/index";
import { ordersTable } from "~db/schema/orders";

/** A paid order's base-currency amount net of refunds: the refunded share of the total taken off at the order's own rate. */
const netBase = sql`round(${ordersTable.baseTotal}::numeric * (${ordersTable.total} - ${ordersTable.refundedTotal}) / nullif(${ordersTable.total}, 0))`;

function personMatch(email: SQL | string, customerId: SQL | string | null): SQL {
  const byEmail = sql`${ordersTable.email} = ${email}`;
  return customerId === null ? byEmail : sql`(${byEmail} or (${ordersTable.customerId} is not null and ${ordersTable.customerId} = ${customerId}))`;
}

export interface ContactOrderStats {
  ordersCount: number;
  /** Minor units of the base currency. */
  lifetimeSpend: bigint;
  averageOrderValue: bigint | null;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

/** Paid orders of one person (normalized address, or account), with spend net of refunds in the base currency. */
export async function contactOrderStats(email: string, customerId: string | null): Promise<ContactOrderStats> {
  const db = await getDb();
  const [r] = await db
    .select({
      n: sql<number>`count(*)::int`,
      spend: sql<string>`coalesce(sum(${netBase}), 0)::bigint::text`,
      first: sql<string | null>`min(${ordersTable.paidAt})::text`,
      last: sql<string | null>`max(${ordersTable.paidAt})::text`,
    })
    .from(ordersTable)
    .where(and(isNotNull(ordersTable.paidAt), personMatch(email, customerId)));
  const n = Number(r?.n ?? 0);
  const spend = BigInt(r?.spend ?? "0");
  return {
    ordersCount: n,
    lifetimeSpend: spend,
    averageOrderValue: n ? (spend + BigInt(n) / 2n) / BigInt(n) : null,
    firstOrderAt: r?.first ? new Date(r.first) : null,
    lastOrderAt: r?.last ? new Date(r.last) : null,
  };
}

/** One person's paid orders, newest first, for the profile's order list and timeline. */
export async function contactOrders(email: string, customerId: string | null, limit = 50) {
  const db = await getDb();
  return db
    .select({ id: ordersTable.id, number: ordersTable.number, status: ordersTable.status, currency: ordersTable.currency, total: ordersTable.total, refundedTotal: ordersTable.refundedTotal, paidAt: ordersTable.paidAt })
    .from(ordersTable)
    .where(and(isNotNull(ordersTable.paidAt), personMatch(email, customerId)))
    .orderBy(desc(ordersTable.paidAt))
    .limit(limit);
}

/**
 * The same figures as correlated subqueries for a contacts list, so its filters run over the whole
 * list in one statement. The caller passes its own columns qualified (e.g. `"contacts"."email"`).
 */
export function contactOrderStatsSql(emailColumn: SQL, customerIdColumn: SQL) {
  // Spelled out with an alias: drizzle may leave columns unqualified, and "email" would then be the order's.
  const from = sql`from orders o where o.paid_at is not null and (o.email = ${emailColumn} or (o.customer_id is not null and o.customer_id = ${customerIdColumn}))`;
  return {
    ordersCount: sql<number>`(select count(*) ${from})`,
    lifetimeSpend: sql<string>`(select coalesce(sum(round(o.base_total::numeric * (o.total - o.refunded_total) / nullif(o.total, 0))), 0) ${from})`,
    lastOrderAt: sql<Date | null>`(select max(o.paid_at) ${from})`,
  };
}

/**
 * SQL condition: the person (own columns, qualified) has a paid order with a line of one of `productIds`
 * (a subquery of product ids, e.g. from the catalog). A segment's products-bought rule.
 */
export function boughtAnyOfSql(emailColumn: SQL, customerIdColumn: SQL, productIds: SQL): SQL {
  return sql`exists (select 1 from orders o join order_lines ol on ol.order_id = o.id where o.paid_at is not null and (o.email = ${emailColumn} or (o.customer_id is not null and o.customer_id = ${customerIdColumn})) and ol.product_id in (${productIds}))`;
}
