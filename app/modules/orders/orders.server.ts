import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
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
import { newId } from "~/lib/ids";
import { getEnv } from "~/lib/env.server";
import { signExpiring, verifyExpiring } from "~/lib/signing.server";
import { hashToken } from "~/lib/tokens.server";
import { restockCommitted } from "../inventory/reservations.server";
import { anonymisePaymentSnapshots } from "../payments/payments.server";
import { notifyOrderListeners } from "./order-listeners.server";
import { canTransition, type CheckoutSnapshot, type OrderStatus } from "./orders";

export type OrderRow = typeof ordersTable.$inferSelect;
type OrderLineRow = typeof orderLinesTable.$inferSelect;
export type RefundRow = typeof refundsTable.$inferSelect;

/** What an admin write changed, small enough for an audit log entry (before/after). */
export interface OrderSnapshot {
  status: OrderStatus;
  refundedTotal: string;
  lines: Record<string, { fulfilled: number; restocked: number }>;
}

export function orderSnapshot(order: OrderRow, lines: OrderLineRow[]): OrderSnapshot {
  return {
    status: order.status,
    refundedTotal: order.refundedTotal.toString(),
    lines: Object.fromEntries(lines.map((l) => [l.id, { fulfilled: l.fulfilledQuantity, restocked: l.restockedQuantity }])),
  };
}

/** A fresh order-status token, valid for ORDER_LINK_TTL_DAYS from now. */
export function orderAccessToken(orderId: string, now = new Date()): string {
  return signExpiring("order", orderId, new Date(now.getTime() + getEnv().server.orderLinkTtlDays * 86_400_000));
}

export function orderStatusPath(order: { id: string; market: string }): string {
  return `/${order.market}/orders/${order.id}?token=${orderAccessToken(order.id)}`;
}

/** Creates the order from the paid snapshot, inside the payment's transaction. */
export async function createOrderFromSnapshot(
  tx: Db,
  input: { cartId: string; paymentId: string; snapshot: CheckoutSnapshot; paidAt: Date | null },
): Promise<OrderRow> {
  const s = input.snapshot;
  const id = newId("ord");
  const lineIds = new Map(s.lines.map((l) => [l.lineId, newId("ol")]));
  const [order] = await tx
    .insert(ordersTable)
    .values({
      id,
      cartId: input.cartId,
      paymentId: input.paymentId,
      tokenHash: hashToken(orderAccessToken(id)),
      email: s.email,
      customerId: s.customerId ?? null,
      market: s.market,
      locale: s.language,
      currency: s.currency,
      status: input.paidAt ? "paid" : "pending_payment",
      subtotal: BigInt(s.totals.subtotal),
      discountTotal: BigInt(s.totals.discounts),
      shippingTotal: BigInt(s.totals.shipping),
      taxTotal: BigInt(s.totals.tax),
      dutyTotal: BigInt(s.totals.duties),
      total: BigInt(s.totals.total),
      dueOnDelivery: BigInt(s.totals.dueOnDelivery ?? "0"),
      taxMode: s.taxMode,
      dutyMode: s.dutyMode,
      baseCurrency: s.baseCurrency,
      fxRate: s.fxRate,
      baseTotal: BigInt(s.baseTotal),
      shippingAddress: s.shippingAddress,
      shippingMethod: {
        method: s.shippingMethod.method,
        amount: s.shippingMethod.amount,
        minDays: s.shippingMethod.minDays,
        maxDays: s.shippingMethod.maxDays,
        locationId: s.shippingMethod.locationId,
      },
      discountCodes: s.discountCodes,
      notices: s.notices,
      deliveryPromise: {
        earliest: s.shippingMethod.earliest,
        latest: s.shippingMethod.latest,
        shipments: (s.shipments ?? []).map((x) => ({
          locationId: x.locationId,
          shipsFrom: x.shipsFrom,
          earliest: x.earliest,
          latest: x.latest,
          lines: x.lines.flatMap((l) => (lineIds.has(l.lineId) ? [{ orderLineId: lineIds.get(l.lineId)!, quantity: l.quantity }] : [])),
        })),
      },
      paidAt: input.paidAt,
    })
    .returning();
  await tx.insert(orderLinesTable).values(
    s.lines.map((l) => ({
      id: lineIds.get(l.lineId)!,
      orderId: id,
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle,
      imageUrl: l.imageUrl ?? null,
      quantity: l.quantity,
      unitPrice: BigInt(l.unitPrice),
      subtotal: BigInt(l.subtotal),
      discount: BigInt(l.discount),
      tax: BigInt(l.tax),
      total: BigInt(l.total),
      shipFromLocationId: l.shipFromLocationId ?? null,
      shipFromCountry: l.shipFromCountry ?? null,
      taxRegime: l.taxRegime ?? null,
    })),
  );
  if (s.taxLines.length) {
    await tx.insert(orderTaxLinesTable).values(
      s.taxLines.map((t) => ({
        id: newId("otl"),
        orderId: id,
        orderLineId: t.lineId ? (lineIds.get(t.lineId) ?? null) : null,
        kind: t.kind,
        jurisdiction: t.jurisdiction,
        name: t.name,
        rateBp: t.rateBp,
        base: BigInt(t.base),
        amount: BigInt(t.amount),
        included: t.included ? 1 : 0,
      })),
    );
  }
  if (s.adjustments.length) {
    await tx.insert(orderAdjustmentsTable).values(
      s.adjustments.map((a) => ({ id: newId("oadj"), orderId: id, source: a.source, code: a.code ?? null, target: a.target, amount: BigInt(a.amount) })),
    );
  }
  await tx.insert(orderEventsTable).values([
    { orderId: id, fromStatus: null, toStatus: "pending_payment", note: "checkout" },
    ...(input.paidAt ? [{ orderId: id, fromStatus: "pending_payment", toStatus: "paid", note: `payment ${input.paymentId}` }] : []),
  ]);
  if (input.paidAt) await notifyOrderListeners("paid", tx, order!);
  return order!;
}

export async function getOrder(id: string): Promise<OrderRow | null> {
  const db = await getDb();
  const [order] = await db.select().from(ordersTable).where(eq(ordersTable.id, id));
  return order ?? null;
}

/** The order for the holder of its signed token; otherwise 404 (no enumeration). */
export async function getOrderForToken(id: string, token: string | null | undefined): Promise<OrderRow> {
  const valid = verifyExpiring("order", id, token);
  const order = await getOrder(id);
  if (!order || !valid) throw new UserError("order_not_found", "Order not found.", 404);
  return order;
}

export async function getOrderDetails(orderId: string) {
  const db = await getDb();
  const [lines, taxLines, adjustments, events, fulfillments, refunds, returns] = await Promise.all([
    db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, orderId)),
    db.select().from(orderTaxLinesTable).where(eq(orderTaxLinesTable.orderId, orderId)),
    db.select().from(orderAdjustmentsTable).where(eq(orderAdjustmentsTable.orderId, orderId)),
    db.select().from(orderEventsTable).where(eq(orderEventsTable.orderId, orderId)).orderBy(asc(orderEventsTable.id)),
    db.select().from(fulfillmentsTable).where(eq(fulfillmentsTable.orderId, orderId)),
    db.select().from(refundsTable).where(eq(refundsTable.orderId, orderId)),
    db.select().from(returnRequestsTable).where(eq(returnRequestsTable.orderId, orderId)),
  ]);
  return { lines, taxLines, adjustments, events, fulfillments, refunds, returns };
}

/** The order made from the cart, if any (one order per cart). */
export async function findOrderForCart(tx: Db, cartId: string): Promise<OrderRow | null> {
  const [order] = await tx.select().from(ordersTable).where(eq(ordersTable.cartId, cartId));
  return order ?? null;
}

/** A pending order (voucher) was paid: record when, and move it to paid. */
export async function markOrderPaid(tx: Db, orderId: string, paidAt: Date, note: string): Promise<OrderRow> {
  return transitionOrder(tx, orderId, "paid", note, { paidAt });
}

/** Cancels the order if it is still waiting for its payment (the payment failed or was canceled). */
export async function cancelUnpaidOrder(tx: Db, orderId: string, note: string): Promise<void> {
  const [order] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId));
  if (order?.status === "pending_payment") await transitionOrder(tx, order.id, "cancelled", note);
}

/**
 * A pending order cancelled by the reservation expiry whose payment succeeded afterwards, with the
 * stock taken again: it becomes paid. Only this path may leave "cancelled", and only if never paid.
 */
export async function reopenCancelledOrderAsPaid(tx: Db, orderId: string, paidAt: Date, note: string): Promise<void> {
  await transitionOrder(tx, orderId, "paid", note, { paidAt, reopenUnpaidCancelled: true });
}

/** Records why something happened to an order without changing its status. */
export async function noteOrderEvent(tx: Db, orderId: string, note: string): Promise<void> {
  const [order] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId));
  if (order) await tx.insert(orderEventsTable).values({ orderId, fromStatus: order.status, toStatus: order.status, kind: "event", note });
}

/**
 * Moves an order along the status machine, recording the transition. Row-locked. `paidAt` is written
 * with the move to paid. `reopenUnpaidCancelled` is the one way out of "cancelled": to paid, for an
 * order that was never paid nor refunded (its late payment arrived and the stock was taken again).
 */
export async function transitionOrder(
  tx: Db,
  orderId: string,
  to: OrderStatus,
  note?: string,
  opts: { paidAt?: Date; reopenUnpaidCancelled?: boolean } = {},
): Promise<OrderRow> {
  const [order] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId)).for("update");
  if (!order) throw new UserError("order_not_found", "Order not found.", 404);
  if (opts.reopenUnpaidCancelled) {
    if (order.status !== "cancelled" || to !== "paid" || order.paidAt || order.refundedTotal > 0n) {
      throw new UserError("invalid_transition", "Only an unpaid cancelled order can be reopened as paid.", 409);
    }
  } else {
    if (order.status === to && to !== "partially_refunded") return order;
    if (!canTransition(order.status, to)) {
      throw new UserError("invalid_transition", `An order that is ${order.status.replace(/_/g, " ")} cannot become ${to.replace(/_/g, " ")}.`, 409);
    }
  }
  const [updated] = await tx
    .update(ordersTable)
    .set({ status: to, ...(opts.paidAt ? { paidAt: opts.paidAt } : {}) })
    .where(eq(ordersTable.id, orderId))
    .returning();
  await tx.insert(orderEventsTable).values({ orderId, fromStatus: order.status, toStatus: to, note: note ?? null });
  if (to === "paid") await notifyOrderListeners("paid", tx, updated!);
  if (to === "delivered") await notifyOrderListeners("delivered", tx, updated!);
  return updated!;
}

const CARRIER_TRACKING: Record<string, string> = {
  dhl: "https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}",
  ups: "https://www.ups.com/track?tracknum={n}",
  fedex: "https://www.fedex.com/fedextrack/?trknbr={n}",
  usps: "https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
  "japan-post": "https://trackings.post.japanpost.jp/services/srv/search/?requestNo1={n}",
  "royal-mail": "https://www.royalmail.com/track-your-item#/tracking-results/{n}",
  yunexpress: "https://www.yuntrack.com/parcelTracking?id={n}",
};

function trackingUrl(carrier: string, number: string): string | null {
  const t = CARRIER_TRACKING[carrier.toLowerCase()];
  return t ? t.replace("{n}", encodeURIComponent(number)) : null;
}

/**
 * Records a shipment of some or all lines (default: every unit not yet shipped nor restocked) and
 * moves the order to (partially) fulfilled. With an idempotency key, a second call with the same key
 * returns the first shipment (`replayed`) instead of shipping again.
 */
export async function fulfillOrder(
  orderId: string,
  input: { carrier: string; trackingNumber: string; lines?: { orderLineId: string; quantity: number }[]; idempotencyKey?: string },
  onFulfilled?: (tx: Db, fulfillmentId: string, change: { before: OrderSnapshot; after: OrderSnapshot }) => Promise<void>,
): Promise<{ fulfillmentId: string; status: OrderStatus; replayed: boolean; before: OrderSnapshot; after: OrderSnapshot }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId)).for("update");
    if (!order) throw new UserError("order_not_found", "Order not found.", 404);
    const lines = await tx.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, orderId));
    const before = orderSnapshot(order, lines);
    if (input.idempotencyKey) {
      const [done] = await tx.select().from(fulfillmentsTable).where(eq(fulfillmentsTable.idempotencyKey, input.idempotencyKey));
      if (done) {
        if (done.orderId !== orderId) throw new UserError("idempotency_key_reused", "This idempotency key was used for another order; send a new key.", 409, "idempotencyKey");
        return { fulfillmentId: done.id, status: order.status, replayed: true, before, after: before };
      }
    }
    const open = (l: OrderLineRow) => Math.max(0, l.quantity - l.fulfilledQuantity - l.restockedQuantity);
    const wanted = input.lines ?? lines.filter((l) => open(l) > 0).map((l) => ({ orderLineId: l.id, quantity: open(l) }));
    if (!wanted.length) throw new UserError("invalid_fulfillment", "Nothing is left to ship on this order.", 409, "lines");
    for (const w of wanted) {
      const line = lines.find((l) => l.id === w.orderLineId);
      if (!line || !Number.isInteger(w.quantity) || w.quantity < 1 || w.quantity > open(line)) {
        throw new UserError("invalid_fulfillment", "Cannot ship more than was ordered.", 422, "lines");
      }
      await tx.update(orderLinesTable).set({ fulfilledQuantity: line.fulfilledQuantity + w.quantity }).where(eq(orderLinesTable.id, line.id));
      line.fulfilledQuantity += w.quantity;
    }
    const id = newId("ful");
    await tx.insert(fulfillmentsTable).values({
      id,
      orderId,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      trackingUrl: trackingUrl(input.carrier, input.trackingNumber),
      lines: wanted,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    const all = lines.every((l) => open(l) === 0);
    const status: OrderStatus = all ? "fulfilled" : "partially_fulfilled";
    const updated = await transitionOrder(tx, orderId, status, `shipped with ${input.carrier} ${input.trackingNumber}`);
    const after = orderSnapshot(updated, lines);
    await onFulfilled?.(tx, id, { before, after });
    return { fulfillmentId: id, status, replayed: false, before, after };
  });
}

export async function requestReturn(order: OrderRow, input: { lines: { orderLineId: string; quantity: number }[]; reason: string }): Promise<string> {
  if (!["fulfilled", "delivered", "partially_fulfilled"].includes(order.status)) {
    throw new UserError("return_not_possible", "Returns can be requested once your order has shipped.", 409);
  }
  const db = await getDb();
  const lines = await db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, order.id));
  for (const l of input.lines) {
    const line = lines.find((x) => x.id === l.orderLineId);
    if (!line || l.quantity < 1 || l.quantity > line.fulfilledQuantity) {
      throw new UserError("invalid_return", "Choose items and quantities that were shipped to you.", 422, "lines");
    }
  }
  const id = newId("ret");
  await db.insert(returnRequestsTable).values({ id, orderId: order.id, lines: input.lines, reason: input.reason });
  return id;
}

/**
 * Records a refund of a locked order (the caller checked the amount against what was captured) and
 * puts the restocked units back on hand. A cancelled order stays cancelled (the refund and
 * refundedTotal show the money went back); any other becomes (partially) refunded.
 */
export async function recordRefund(
  tx: Db,
  order: OrderRow,
  input: { amount: bigint; providerRef: string | null; reason: string | null; idempotencyKey?: string; restock?: { orderLineId: string; quantity: number }[] },
): Promise<{ order: OrderRow; refund: RefundRow }> {
  const refundable = order.total - order.refundedTotal;
  if (input.amount <= 0n || input.amount > refundable) throw new UserError("invalid_refund", "Refund must be more than zero and at most what is left to refund.", 422, "amount");
  const restocked = input.restock?.filter((r) => r.quantity > 0) ?? [];
  if (restocked.length) {
    const lines = await tx.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, order.id));
    const items: { variantId: string; quantity: number; already: number }[] = [];
    for (const r of restocked) {
      const line = lines.find((l) => l.id === r.orderLineId);
      if (!line || !Number.isInteger(r.quantity) || line.restockedQuantity + r.quantity > line.quantity) {
        throw new UserError("invalid_restock", "Restock at most the units of each line that were not restocked yet.", 422, "restock");
      }
      items.push({ variantId: line.variantId, quantity: r.quantity, already: line.restockedQuantity });
      line.restockedQuantity += r.quantity;
      await tx.update(orderLinesTable).set({ restockedQuantity: line.restockedQuantity }).where(eq(orderLinesTable.id, line.id));
    }
    await restockCommitted(tx, order.paymentId, items);
  }
  const [refund] = await tx
    .insert(refundsTable)
    .values({
      id: newId("ref"),
      orderId: order.id,
      amount: input.amount,
      currency: order.currency,
      providerRef: input.providerRef,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey ?? null,
      restocked,
    })
    .returning();
  const refunded = order.refundedTotal + input.amount;
  const [updated] = await tx.update(ordersTable).set({ refundedTotal: refunded }).where(eq(ordersTable.id, order.id)).returning();
  if (order.status === "cancelled") {
    const note = `refunded ${input.amount} ${order.currency}${input.reason ? `: ${input.reason}` : ""}`;
    await tx.insert(orderEventsTable).values({ orderId: order.id, fromStatus: "cancelled", toStatus: "cancelled", kind: "event", note });
    await notifyOrderListeners("refunded", tx, updated!, refund!);
    return { order: updated!, refund: refund! };
  }
  const moved = await transitionOrder(tx, order.id, refunded === order.total ? "refunded" : "partially_refunded", input.reason ?? undefined);
  await notifyOrderListeners("refunded", tx, moved, refund!);
  return { order: moved, refund: refund! };
}


// ------------------------------------------------------------------------------ customer accounts

/**
 * Guest orders placed with this (verified) address become the customer's. Returns how many were attached.
 * Imported history stays apart (the account lists what was bought here; figures match by address anyway).
 */
export async function attachGuestOrders(email: string, customerId: string): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(ordersTable)
    .set({ customerId })
    .where(and(eq(ordersTable.email, email), isNull(ordersTable.customerId), isNull(ordersTable.importedFrom)))
    .returning({ id: ordersTable.id });
  return rows.length;
}

/** The customer's orders, newest first. */
export async function listCustomerOrders(customerId: string): Promise<OrderRow[]> {
  const db = await getDb();
  return db.select().from(ordersTable).where(eq(ordersTable.customerId, customerId)).orderBy(desc(ordersTable.createdAt));
}

/** One of the customer's orders; another customer's (or an unknown) order is null. */
export async function getCustomerOrder(customerId: string, orderId: string): Promise<OrderRow | null> {
  const db = await getDb();
  const [order] = await db.select().from(ordersTable).where(and(eq(ordersTable.id, orderId), eq(ordersTable.customerId, customerId)));
  return order ?? null;
}

/**
 * Erasure: the customer's orders (and guest orders under their addresses) keep their amounts, lines
 * and tax lines for the accounts, but no longer say who bought: email, name, street, postal code and
 * phone are replaced; country and region stay (tax reporting is per destination). The payments'
 * copies of the checkout are scrubbed the same way. Returns the ids of the orders changed.
 */
export async function anonymiseCustomerOrders(tx: Db, customerId: string, emails: readonly string[]): Promise<string[]> {
  const who = emails.length ? or(eq(ordersTable.customerId, customerId), inArray(ordersTable.email, [...emails])) : eq(ordersTable.customerId, customerId);
  const orders = await tx.select().from(ordersTable).where(who).for("update");
  const placeholder = erasedEmail(customerId);
  for (const order of orders) {
    const a = order.shippingAddress;
    await tx
      .update(ordersTable)
      .set({ email: placeholder, customerId, shippingAddress: { name: ERASED, line1: ERASED, city: ERASED, country: a.country, ...(a.region ? { region: a.region } : {}) } })
      .where(eq(ordersTable.id, order.id));
    await tx.update(returnRequestsTable).set({ reason: ERASED }).where(eq(returnRequestsTable.orderId, order.id));
  }
  await anonymisePaymentSnapshots(tx, orders.map((o) => o.paymentId), { email: placeholder, text: ERASED });
  return orders.map((o) => o.id);
}

const ERASED = "[erased]";

/** The address an erased record holds instead of a person's: reserved TLD .invalid (RFC 2606), never delivered. */
export function erasedEmail(customerId: string): string {
  return `${customerId}@erased.invalid`;
}
