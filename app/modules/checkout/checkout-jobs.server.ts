import { registerHandler } from "../jobs/jobs.server";
import { refundCancelledOrder, registerUnpaidOrderCancellation } from "../orders/order-operations.server";
import { getPayment } from "../payments/payments.server";
import { getPaymentProvider } from "../payments/providers.server";
import { cancelAwaitingOrderPayment, expireReservations } from "./checkout.server";

export function registerCheckoutJobs(): void {
  // Not a job: how the orders module cancels an order whose payment is still awaited (it cannot import checkout).
  registerUnpaidOrderCancellation(cancelAwaitingOrderPayment);
  registerHandler("checkout.expire_reservations", async () => {
    await expireReservations();
  });
  // A second payment of a cart that already has an order (e.g. paid twice in two tabs) is refunded.
  registerHandler("checkout.refund_duplicate", async (payload) => {
    const { paymentId } = payload as { paymentId: string };
    const p = await getPayment(paymentId);
    if (!p?.providerRef || p.provider === "demo") return;
    await getPaymentProvider().refund({ providerRef: p.providerRef, amount: p.amount, currency: p.currency, idempotencyKey: `refund_duplicate:${p.id}` });
  });
  // A payment that succeeded after we gave it up, for stock that is gone: the money goes back.
  registerHandler("checkout.refund_unfulfillable", async (payload) => {
    const { orderId, reason } = payload as { orderId: string; reason: string };
    await refundCancelledOrder(orderId, reason);
  });
  // Demo provider: "pending, then succeeds later" (like a Konbini voucher paid at the store).
  registerHandler("payments.demo_settle", async (payload) => {
    const { paymentId } = payload as { paymentId: string };
    const { completePayment } = await import("./checkout.server");
    await completePayment(paymentId, "succeeded");
  });
}
