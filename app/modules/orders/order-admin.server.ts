import { and, asc, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "~db/index";
import {
  fulfillmentsTable,
  orderAdjustmentsTable,
  orderEventsTable,
  orderLinesTable,
  orderTaxLinesTable,
  ordersTable,
  refundsTable,
  returnRequestsTable,
} from "~db/schema/orders";
import { UserError } from "~/lib/errors";
import { getPayment } from "../payments/payments.server";
import { ORDER_PAGE_SIZE_MAX, ORDER_SORTS, ORDER_STATUSES, type OrderSort, type OrderStatus } from "./order-status";
import type { OrderRow } from "./orders.server";

export interface ListOrdersInput {
  status?: OrderStatus;
  market?: string;
  /** Created at or after this instant. */
  from?: Date;
  /** Created before this instant (exclusive: pass the day after a "to" date). */
  to?: Date;
  /** An order number (with or without "#") or part of an email, case-insensitive. */
  q?: string;
  sort?: OrderSort;
  direction?: "asc" | "desc";
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface OrderListRow {
  id: string;
  number: number;
  email: string;
  customerName: string;
  market: string;
  currency: string;
  status: OrderStatus;
  total: bigint;
  refundedTotal: bigint;
  itemCount: number;
  createdAt: Date;
  paidAt: Date | null;
  /** The platform an imported order came from; null for an order placed here. */
  importedFrom: string | null;
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const SORT_COLUMNS = {
  number: ordersTable.number,
  createdAt: ordersTable.createdAt,
  total: ordersTable.baseTotal,
  email: ordersTable.email,
  status: ordersTable.status,
} satisfies Record<OrderSort, unknown>;

/** The admin order list: filters, search, sort and one page, with the total count, in one query. */
export async function listOrders(input: ListOrdersInput = {}): Promise<{ rows: OrderListRow[]; total: number; page: number; pageSize: number }> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 25;
  if (!Number.isInteger(page) || page < 1) throw new UserError("invalid_parameter", "page must be a whole number from 1.", 400, "page");
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ORDER_PAGE_SIZE_MAX) {
    throw new UserError("invalid_parameter", `pageSize must be a whole number from 1 to ${ORDER_PAGE_SIZE_MAX}.`, 400, "pageSize");
  }
  if (input.status && !ORDER_STATUSES.includes(input.status)) throw new UserError("invalid_parameter", `status must be one of ${ORDER_STATUSES.join(", ")}.`, 400, "status");
  const sort = input.sort ?? "createdAt";
  if (!ORDER_SORTS.includes(sort)) throw new UserError("invalid_parameter", `sort must be one of ${ORDER_SORTS.join(", ")}.`, 400, "sort");
  for (const f of ["from", "to"] as const) {
    if (input[f] && Number.isNaN(input[f]!.getTime())) throw new UserError("invalid_parameter", `${f} must be a date.`, 400, f);
  }

  const where: SQL[] = [];
  if (input.status) where.push(eq(ordersTable.status, input.status));
  if (input.market) where.push(eq(ordersTable.market, input.market));
  if (input.from) where.push(gte(ordersTable.createdAt, input.from));
  if (input.to) where.push(lt(ordersTable.createdAt, input.to));
  const q = input.q?.trim();
  if (q) {
    const byEmail = ilike(ordersTable.email, `%${escapeLike(q)}%`);
    const number = /^#?(\d{1,15})$/.exec(q);
    where.push(number ? or(eq(ordersTable.number, Number(number[1])), byEmail)! : byEmail);
  }
  const filter = where.length ? and(...where) : undefined;
  const order = (input.direction ?? "desc") === "asc" ? asc : desc;
  const db = await getDb();
  const query = (offset: number) =>
    db
      .select({
        id: ordersTable.id,
        number: ordersTable.number,
        email: ordersTable.email,
        customerName: sql<string>`${ordersTable.shippingAddress}->>'name'`,
        market: ordersTable.market,
        currency: ordersTable.currency,
        status: ordersTable.status,
        total: ordersTable.total,
        refundedTotal: ordersTable.refundedTotal,
        // Spelled out: inside a select list drizzle leaves columns unqualified, and "id" would be the line's.
        itemCount: sql<number>`(select coalesce(sum(ol.quantity), 0)::int from order_lines ol where ol.order_id = "orders"."id")`,
        createdAt: ordersTable.createdAt,
        paidAt: ordersTable.paidAt,
        importedFrom: ordersTable.importedFrom,
        // An uncorrelated subquery runs once: unlike count(*) over (), the page can stop after its rows.
        fullCount: filter ? sql<number>`(select count(*)::int from ${ordersTable} where ${filter})` : sql<number>`(select count(*)::int from ${ordersTable})`,
      })
      .from(ordersTable)
      .where(filter)
      .orderBy(order(SORT_COLUMNS[sort]), order(ordersTable.number))
      .limit(pageSize)
      .offset(offset);
  const found = await query((page - 1) * pageSize);
  // Past the last page no row carries the count: only then a second query counts.
  const total = found[0]?.fullCount ?? (page > 1 ? await countOrders(filter) : 0);
  return { rows: found.map(({ fullCount: _, ...r }) => ({ ...r, itemCount: Number(r.itemCount) })), total: Number(total), page, pageSize };
}

async function countOrders(filter: SQL | undefined): Promise<number> {
  const db = await getDb();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(ordersTable).where(filter);
  return Number(r?.n ?? 0);
}

type TimelineEntry = {
  id: number;
  at: Date;
  /** status: the order moved; event: the store recorded something; note: a staff note. */
  kind: "status" | "event" | "note";
  fromStatus: string | null;
  toStatus: string;
  text: string | null;
  author: string | null;
};

/** Everything the admin order page shows, with the timeline in time order. */
export async function getOrderAdminDetail(id: string) {
  const db = await getDb();
  const [order] = await db.select().from(ordersTable).where(eq(ordersTable.id, id));
  if (!order) throw new UserError("order_not_found", "Order not found.", 404);
  const [lines, taxLines, adjustments, events, fulfillments, refunds, returns, payment] = await Promise.all([
    db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, id)).orderBy(asc(orderLinesTable.id)),
    db.select().from(orderTaxLinesTable).where(eq(orderTaxLinesTable.orderId, id)),
    db.select().from(orderAdjustmentsTable).where(eq(orderAdjustmentsTable.orderId, id)),
    db.select().from(orderEventsTable).where(eq(orderEventsTable.orderId, id)).orderBy(asc(orderEventsTable.createdAt), asc(orderEventsTable.id)),
    db.select().from(fulfillmentsTable).where(eq(fulfillmentsTable.orderId, id)).orderBy(asc(fulfillmentsTable.createdAt)),
    db.select().from(refundsTable).where(eq(refundsTable.orderId, id)).orderBy(asc(refundsTable.createdAt)),
    db.select().from(returnRequestsTable).where(eq(returnRequestsTable.orderId, id)).orderBy(asc(returnRequestsTable.createdAt)),
    getPayment(order.paymentId),
  ]);
  const captured = payment?.status === "succeeded" || order.paidAt ? order.total : 0n;
  const timeline: TimelineEntry[] = events.map((e) => ({
    id: e.id,
    at: e.createdAt,
    // Events noted before kinds were recorded keep "status"; an unchanged status tells them apart.
    kind: e.kind === "status" && e.fromStatus === e.toStatus ? "event" : e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    text: e.note,
    author: e.author,
  }));
  return {
    order: order as OrderRow,
    lines,
    taxLines,
    adjustments,
    payment: {
      provider: payment?.provider ?? null,
      status: payment?.status ?? null,
      providerRef: payment?.providerRef ?? null,
      captured,
      refunded: order.refundedTotal,
      refundable: captured > order.refundedTotal ? captured - order.refundedTotal : 0n,
    },
    fulfillments,
    refunds,
    returns,
    notes: timeline.filter((t) => t.kind === "note"),
    timeline,
  };
}
