import { eq } from "drizzle-orm";
import { getDb } from "~db/index";
import { ordersTable } from "~db/schema/orders";
import { UserError } from "~/lib/errors";
import { enqueue } from "../jobs/jobs.server";
import { paymentGranularity } from "../payments/stripe-amount";
import { getPayment } from "../payments/payments.server";
import { getPaymentProvider } from "../payments/providers.server";
import { fulfillOrder, getOrder, recordCancelledOrderRefund, recordRefund, transitionOrder, type OrderRow } from "./orders.server";

/** Ships some or all lines and emails the tracking details (queued in the same transaction). */
export async function shipOrder(orderId: string, input: { carrier: string; trackingNumber: string; lines?: { orderLineId: string; quantity: number }[] }) {
  if (!input.carrier.trim() || !input.trackingNumber.trim()) throw new UserError("invalid_fulfillment", "Carrier and tracking number are required.", 422, "trackingNumber");
  return fulfillOrder(orderId, input, async (tx, fulfillmentId) => {
    await enqueue("orders.email", { orderId, template: "shipping-confirmation", refId: fulfillmentId }, { dedupeKey: `mail:shipping:${fulfillmentId}`, tx });
  });
}

export async function markDelivered(orderId: string): Promise<OrderRow> {
  const db = await getDb();
  return db.transaction((tx) => transitionOrder(tx, orderId, "delivered", "carrier reported delivery"));
}

/**
 * Refunds part or all of a paid order through its payment provider (same minor units as the charge;
 * three-decimal currencies in multiples of 10), records it, and emails the shopper.
 */
export async function refundOrder(orderId: string, amount: bigint, reason: string | null = null): Promise<OrderRow> {
  const order = await getOrder(orderId);
  if (!order) throw new UserError("order_not_found", "Order not found.", 404);
  if (!["paid", "partially_fulfilled", "fulfilled", "delivered", "partially_refunded"].includes(order.status)) {
    throw new UserError("invalid_transition", `An order that is ${order.status.replace(/_/g, " ")} cannot be refunded.`, 409);
  }
  if (amount <= 0n || amount > order.total - order.refundedTotal) {
    throw new UserError("invalid_refund", "Refund must be more than zero and at most what is left to refund.", 422, "amount");
  }
  if (amount % paymentGranularity(order.currency) !== 0n) {
    throw new UserError("invalid_refund", `${order.currency} refunds must be a multiple of ${paymentGranularity(order.currency)} minor units.`, 422, "amount");
  }
  const payment = await getPayment(order.paymentId);
  let providerRef: string | null = null;
  if (payment?.providerRef && payment.provider === "stripe") {
    const r = await getPaymentProvider().refund({
      providerRef: payment.providerRef,
      amount,
      currency: order.currency,
      idempotencyKey: `refund:${order.id}:${order.refundedTotal}:${amount}`,
    });
    providerRef = r.refundRef;
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Read inside the transaction: on PGlite a second connection would wait for this one forever.
    const [fresh] = await tx.select().from(ordersTable).where(eq(ordersTable.id, orderId)).for("update");
    if (!fresh) throw new UserError("order_not_found", "Order not found.", 404);
    if (amount > fresh.total - fresh.refundedTotal) throw new UserError("invalid_refund", "Refund must be more than zero and at most what is left to refund.", 422, "amount");
    const updated = await recordRefund(tx, fresh, amount, providerRef, reason);
    await enqueue("orders.email", { orderId, template: "refund-confirmation", refId: `${fresh.refundedTotal}` }, { dedupeKey: `mail:refund:${orderId}:${fresh.refundedTotal}`, tx });
    return updated;
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
  const payment = await getPayment(order.paymentId);
  let providerRef: string | null = null;
  if (payment?.providerRef && payment.provider === "stripe") {
    const r = await getPaymentProvider().refund({
      providerRef: payment.providerRef,
      amount: order.total,
      currency: order.currency,
      idempotencyKey: `refund_unfulfillable:${order.id}`,
    });
    providerRef = r.refundRef;
  }
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (!(await recordCancelledOrderRefund(tx, orderId, providerRef, reason))) return;
    await enqueue("orders.email", { orderId, template: "payment-refunded" }, { dedupeKey: `mail:payment-refunded:${orderId}`, tx });
  });
}
