import { eq } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { orderEventsTable, orderLinesTable, ordersTable, refundsTable } from "~db/schema/orders";
import { UserError } from "~/lib/errors";
import { toDecimalString } from "~/lib/money";
import { enqueue } from "../jobs/jobs.server";
import { assertNotImported } from "./imported-orders.server";
import { paymentGranularity } from "../payments/stripe-amount";
import { getPayment, type PaymentRow } from "../payments/payments.server";
import { getPaymentProvider } from "../payments/providers.server";
import {
  fulfillOrder,
  getOrder,
  orderSnapshot,
  recordRefund,
  transitionOrder,
  type OrderRow,
  type OrderSnapshot,
  type RefundRow,
} from "./orders.server";

/**
 * Called inside the transaction that makes a staff change, with the order's state before and after,
 * so the admin layer writes its audit entry atomically with the change. Not called for a replay.
 */
export type OrderChangeHook = (tx: Db, change: { entityId: string; before: unknown; after: unknown }) => Promise<void>;

const MAX_KEY_LENGTH = 200;
const MAX_NOTE_LENGTH = 2000;

function checkKey(key: string | undefined): void {
  if (key !== undefined && (!key.trim() || key.length > MAX_KEY_LENGTH)) {
    throw new UserError("invalid_idempotency_key", `The idempotency key must be 1 to ${MAX_KEY_LENGTH} characters.`, 422, "idempotencyKey");
  }
}

/**
 * Ships some or all lines and emails the tracking details (queued in the same transaction). The same
 * `idempotencyKey` returns the first shipment and sends no second email.
 */
export async function shipOrder(
  orderId: string,
  input: { carrier: string; trackingNumber: string; lines?: { orderLineId: string; quantity: number }[]; idempotencyKey?: string },
  onChange?: OrderChangeHook,
) {
  if (!input.carrier.trim()) throw new UserError("invalid_fulfillment", "Enter the carrier.", 422, "carrier");
  if (!input.trackingNumber.trim()) throw new UserError("invalid_fulfillment", "Enter the tracking number.", 422, "trackingNumber");
  checkKey(input.idempotencyKey);
  const order = await getOrder(orderId);
  if (order) assertNotImported(order);
  const key = input.idempotencyKey ? `ship:${orderId}:${input.idempotencyKey}` : undefined;
  return fulfillOrder(orderId, { ...input, carrier: input.carrier.trim(), trackingNumber: input.trackingNumber.trim(), idempotencyKey: key }, async (tx, fulfillmentId, change) => {
    await enqueue("orders.email", { orderId, template: "shipping-confirmation", refId: fulfillmentId }, { dedupeKey: `mail:shipping:${fulfillmentId}`, tx });
    await onChange?.(tx, { entityId: orderId, ...change, after: { ...change.after, fulfillmentId } });
  });
}

export async function markDelivered(orderId: string): Promise<OrderRow> {
  const db = await getDb();
  return db.transaction((tx) => transitionOrder(tx, orderId, "delivered", "carrier reported delivery"));
}

export interface RefundInput {
  /** Minor units of the order's currency. */
  amount: bigint;
  reason?: string | null;
  /** The caller's key: the same key returns the same refund, with no second provider call. */
  idempotencyKey?: string;
  /** Units to put back on hand with this refund. */
  restock?: { orderLineId: string; quantity: number }[];
  /** The most this caller may refund at once (support's configurable limit); refused above it. */
  maxAmount?: bigint;
}

export interface RefundResult {
  order: OrderRow;
  refund: RefundRow;
  /** True when the key had been used: nothing was refunded now. */
  replayed: boolean;
  before: OrderSnapshot;
  after: OrderSnapshot;
}

/** Money the provider holds for this order: the whole total once its payment succeeded. */
function captured(order: OrderRow, payment: PaymentRow | null): bigint {
  return payment?.status === "succeeded" || order.paidAt ? order.total : 0n;
}

const REFUNDABLE = ["paid", "partially_fulfilled", "fulfilled", "delivered", "partially_refunded", "cancelled"];

async function providerRefund(order: OrderRow, payment: PaymentRow | null, amount: bigint, idempotencyKey: string): Promise<string | null> {
  // The demo provider holds no money: the refund is recorded offline.
  if (!payment?.providerRef || payment.provider !== "stripe") return null;
  try {
    const r = await getPaymentProvider().refund({ providerRef: payment.providerRef, amount, currency: order.currency, idempotencyKey });
    return r.refundRef;
  } catch (e) {
    // Stripe answers 4xx for a refund it will not make (already refunded, disputed): the person can act on that.
    const err = e as { type?: unknown; statusCode?: unknown; message?: unknown };
    if (typeof err.type === "string" && err.type.startsWith("Stripe") && typeof err.statusCode === "number" && err.statusCode < 500) {
      throw new UserError("refund_declined", `The payment provider refused the refund: ${String(err.message)}`, 409, "amount");
    }
    throw e;
  }
}

async function findRefundByKey(db: Db, key: string): Promise<RefundRow | null> {
  const [r] = await db.select().from(refundsTable).where(eq(refundsTable.idempotencyKey, key));
  return r ?? null;
}

async function snapshotOf(db: Db, order: OrderRow): Promise<OrderSnapshot> {
  return orderSnapshot(order, await db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, order.id)));
}

/**
 * Refunds part or all of an order through its payment provider (same minor units as the charge;
 * three-decimal currencies in multiples of 10), optionally puts units back on hand, records it and
 * emails the shopper. Never more than was captured minus what was refunded.
 */
export async function refundOrder(orderId: string, input: RefundInput, onChange?: OrderChangeHook): Promise<RefundResult> {
  checkKey(input.idempotencyKey);
  const db = await getDb();
  const order = await getOrder(orderId);
  if (!order) throw new UserError("order_not_found", "Order not found.", 404);
  assertNotImported(order);
  const key = input.idempotencyKey ? `refund:${order.id}:${input.idempotencyKey}` : `refund:${order.id}:${order.refundedTotal}:${input.amount}`;
  // `on` is the transaction when called inside one: on PGlite another connection would wait forever.
  const replay = async (on: Db, refund: RefundRow): Promise<RefundResult> => {
    if (refund.orderId !== orderId || refund.amount !== input.amount) {
      throw new UserError("idempotency_key_reused", "This idempotency key was used for a different refund; send a new key.", 409, "idempotencyKey");
    }
    const [now] = await on.select().from(ordersTable).where(eq(ordersTable.id, orderId));
    const snap = await snapshotOf(on, now!);
    return { order: now!, refund, replayed: true, before: snap, after: snap };
  };
  const earlier = await findRefundByKey(db, key);
  if (earlier) return replay(db, earlier);

  const payment = await getPayment(order.paymentId);
  const remaining = captured(order, payment) - order.refundedTotal;
  if (!REFUNDABLE.includes(order.status) || remaining <= 0n) {
    throw new UserError("invalid_transition", `An order that is ${order.status.replace(/_/g, " ")} has nothing left to refund.`, 409);
  }
  const money = (n: bigint) => `${toDecimalString(n, order.currency)} ${order.currency}`;
  if (input.amount <= 0n || input.amount > remaining) {
    throw new UserError("invalid_refund", `Refund more than zero and at most ${money(remaining)} (captured minus already refunded).`, 422, "amount", {
      refundable: remaining.toString(),
    });
  }
  if (input.amount % paymentGranularity(order.currency) !== 0n) {
    throw new UserError("invalid_refund", `${order.currency} refunds must be a multiple of ${paymentGranularity(order.currency)} minor units.`, 422, "amount");
  }
  if (input.maxAmount !== undefined && input.amount > input.maxAmount) {
    throw new UserError("refund_limit_exceeded", `Your role may refund at most ${money(input.maxAmount)} at once; ask an owner for a larger refund.`, 403, "amount", {
      limit: input.maxAmount.toString(),
    });
  }
  const providerRef = await providerRefund(order, payment, input.amount, key);
  return db.transaction(async (tx) => {
    // Read inside the transaction: on PGlite a second connection would wait for this one forever.
    const [fresh] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId)).for("update");
    if (!fresh) throw new UserError("order_not_found", "Order not found.", 404);
    const raced = await findRefundByKey(tx, key);
    if (raced) return replay(tx, raced);
    const before = await snapshotOf(tx, fresh);
    if (input.amount > captured(fresh, payment) - fresh.refundedTotal) {
      throw new UserError("invalid_refund", "Refund must be more than zero and at most what is left to refund.", 422, "amount");
    }
    const reason = input.reason?.trim() || null;
    const recorded = await recordRefund(tx, fresh, { amount: input.amount, providerRef, reason, idempotencyKey: key, restock: input.restock });
    await enqueue("orders.email", { orderId, template: "refund-confirmation", refId: `${fresh.refundedTotal}` }, { dedupeKey: `mail:refund:${orderId}:${fresh.refundedTotal}`, tx });
    const after = await snapshotOf(tx, recorded.order);
    await onChange?.(tx, { entityId: orderId, before, after: { ...after, refund: { id: recorded.refund.id, amount: recorded.refund.amount.toString(), restocked: recorded.refund.restocked } } });
    return { ...recorded, replayed: false, before, after };
  });
}

/**
 * Gives back a payment that arrived for an order we had to cancel (the stock was gone): the whole
 * amount, through the provider with an idempotency key per order so a retried job refunds once, then
 * records it and emails the shopper in the order's language.
 */
export async function refundCancelledOrder(orderId: string, reason: string): Promise<void> {
  const order = await getOrder(orderId);
  if (!order || order.status !== "cancelled" || order.refundedTotal >= order.total) return;
  await refundRemainder(order, reason, `refund_unfulfillable:${order.id}`, "payment-refunded");
}

/**
 * Refunds what is left of a cancelled order's captured money (the late-payment job, a staff
 * cancellation) with one key per cause, and restocks every unit not restocked yet when asked.
 */
async function refundRemainder(
  order: OrderRow,
  reason: string,
  key: string,
  template: "payment-refunded" | "refund-confirmation",
  restockAll = false,
  inTx?: (tx: Db) => Promise<void>,
): Promise<void> {
  const db = await getDb();
  if (await findRefundByKey(db, key)) return;
  const payment = await getPayment(order.paymentId);
  const amount = captured(order, payment) - order.refundedTotal;
  if (amount <= 0n) {
    if (inTx) await db.transaction(inTx);
    return;
  }
  const providerRef = await providerRefund(order, payment, amount, key);
  await db.transaction(async (tx) => {
    const [fresh] = await tx.select().from(ordersTable).where(eq(ordersTable.id, order.id)).for("update");
    if (!fresh || fresh.status !== "cancelled" || fresh.refundedTotal + amount > fresh.total || (await findRefundByKey(tx, key))) return;
    const lines = restockAll ? await tx.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, order.id)) : [];
    const restock = lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.restockedQuantity })).filter((r) => r.quantity > 0);
    await recordRefund(tx, fresh, { amount, providerRef, reason, idempotencyKey: key, restock });
    const refId = template === "refund-confirmation" ? `${fresh.refundedTotal}` : undefined;
    await enqueue("orders.email", { orderId: order.id, template, ...(refId ? { refId } : {}) }, { dedupeKey: `mail:${template}:${order.id}${refId ? `:${refId}` : ""}`, tx });
    await inTx?.(tx);
  });
}

type UnpaidCancellation = (order: OrderRow, reason: string, inTx?: (tx: Db) => Promise<void>) => Promise<void>;
let cancelUnpaid: UnpaidCancellation | null = null;

/**
 * Checkout registers how an order still waiting for its payment is cancelled (the payment is given
 * up: stock and code uses released, the provider's intent cancelled); orders cannot import checkout.
 */
export function registerUnpaidOrderCancellation(handler: UnpaidCancellation): void {
  cancelUnpaid = handler;
}

export interface CancelResult {
  order: OrderRow;
  replayed: boolean;
  before: OrderSnapshot;
  after: OrderSnapshot;
}

/**
 * Cancels an order that has not shipped, with the reason on its timeline. Paid: everything captured
 * and not yet refunded goes back through the provider and every unit goes back on hand; unpaid: the
 * payment is given up. Cancelling a cancelled order changes nothing (`replayed`).
 */
export async function cancelOrder(orderId: string, input: { reason: string }, onChange?: OrderChangeHook): Promise<CancelResult> {
  const reason = input.reason.trim();
  if (!reason) throw new UserError("invalid_cancellation", "Enter the reason for cancelling.", 422, "reason");
  if (reason.length > MAX_NOTE_LENGTH) throw new UserError("invalid_cancellation", `Keep the reason under ${MAX_NOTE_LENGTH} characters.`, 422, "reason");
  const db = await getDb();
  const order = await getOrder(orderId);
  if (!order) throw new UserError("order_not_found", "Order not found.", 404);
  assertNotImported(order);
  const before = await snapshotOf(db, order);
  const key = `cancel:${order.id}`;
  // The audit entry is written with the last step of the cancellation (the refund, when one is owed).
  const audit = onChange && (async (tx: Db) => {
    const [now] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId));
    await onChange(tx, { entityId: orderId, before, after: { ...(await snapshotOf(tx, now!)), reason } });
  });
  if (order.status === "cancelled") {
    // A cancellation interrupted after the order was cancelled still owes the refund.
    if (captured(order, await getPayment(order.paymentId)) > order.refundedTotal && !(await findRefundByKey(db, key))) {
      await refundRemainder(order, reason, key, "refund-confirmation", true, audit);
    }
    const now = (await getOrder(orderId))!;
    return { order: now, replayed: true, before, after: await snapshotOf(db, now) };
  }
  if (Object.values(before.lines).some((l) => l.fulfilled > 0)) {
    throw new UserError("invalid_transition", "This order has shipped, so it cannot be cancelled; refund it instead.", 409);
  }
  if (order.status === "pending_payment") {
    if (!cancelUnpaid) throw new Error("registerUnpaidOrderCancellation was not called at startup");
    await cancelUnpaid(order, reason, audit);
  } else if (order.status === "paid" || order.status === "partially_refunded") {
    await db.transaction((tx) => transitionOrder(tx, order.id, "cancelled", reason));
    await refundRemainder((await getOrder(orderId))!, reason, key, "refund-confirmation", true, audit);
  } else {
    throw new UserError("invalid_transition", `An order that is ${order.status.replace(/_/g, " ")} cannot be cancelled.`, 409);
  }
  const after = (await getOrder(orderId))!;
  return { order: after, replayed: false, before, after: await snapshotOf(db, after) };
}

export interface OrderNote {
  id: number;
  author: string;
  text: string;
  createdAt: Date;
}

/** A staff note on the order's timeline (who wrote it, what, when). */
export async function addOrderNote(orderId: string, input: { author: string; text: string }, onChange?: OrderChangeHook): Promise<{ note: OrderNote; before: null; after: OrderNote }> {
  const text = input.text.trim();
  if (!text) throw new UserError("invalid_note", "Write the note first.", 422, "text");
  if (text.length > MAX_NOTE_LENGTH) throw new UserError("invalid_note", `Keep the note under ${MAX_NOTE_LENGTH} characters.`, 422, "text");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId));
    if (!order) throw new UserError("order_not_found", "Order not found.", 404);
    const [row] = await tx
      .insert(orderEventsTable)
      .values({ orderId, fromStatus: order.status, toStatus: order.status, kind: "note", note: text, author: input.author })
      .returning();
    const note = { id: row!.id, author: input.author, text, createdAt: row!.createdAt };
    await onChange?.(tx, { entityId: orderId, before: null, after: note });
    return { note, before: null, after: note };
  });
}
