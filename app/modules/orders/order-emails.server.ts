import { emailLinkOrigin } from "~/lib/http.server";
import type { EmailMoney } from "../../../emails";
import { registerHandler } from "../jobs/jobs.server";
import { sendEmail, type SendEmailPayload } from "../mail/send-email.server";
import { getPayment } from "../payments/payments.server";
import { mergeTaxRows, type CheckoutSnapshot } from "./orders";
import { getOrder, getOrderDetails, orderStatusPath } from "./orders.server";

const ORDER_EMAIL = "orders.email";
type OrderEmailTemplate = "order-confirmation" | "payment-pending" | "shipping-confirmation" | "refund-confirmation" | "payment-refunded";

/** Builds an order email from the stored order (never from request data) and sends it, once per key. */
async function sendOrderEmail(payload: { orderId: string; template: OrderEmailTemplate; refId?: string }): Promise<void> {
  const order = await getOrder(payload.orderId);
  if (!order) return;
  const details = await getOrderDetails(order.id);
  const m = (amount: bigint): EmailMoney => ({ amount: amount.toString(), currency: order.currency });
  const payment = await getPayment(order.paymentId);
  const snapshot = payment?.snapshot as unknown as CheckoutSnapshot | undefined;
  const intlLocale = snapshot?.intlLocale ?? order.locale;
  const statusUrl = `${emailLinkOrigin()}${orderStatusPath(order)}`;
  const common = {
    to: order.email,
    locale: order.locale,
    intlLocale,
    orderId: order.id,
    idempotencyKey: `${payload.template}:${order.id}${payload.refId ? `:${payload.refId}` : ""}`,
  };
  const lines = details.lines.map((l) => ({ title: l.title, variantTitle: l.variantTitle, quantity: l.quantity, price: m(l.subtotal) }));
  let message: SendEmailPayload;
  switch (payload.template) {
    case "order-confirmation": {
      const promise = order.deliveryPromise;
      message = {
        ...common,
        template: "order-confirmation",
        data: {
          orderNumber: String(order.number),
          customerName: order.shippingAddress.name,
          lines: details.lines.map((l, i) => ({ ...lines[i]!, imageUrl: l.imageUrl ? `${emailLinkOrigin()}${l.imageUrl}` : null })),
          subtotal: m(order.subtotal),
          discounts: m(order.discountTotal),
          discountCodes: order.discountCodes,
          shipping: m(order.shippingTotal),
          taxLines: mergeTaxRows(details.taxLines.filter((t) => t.kind === "tax").map((t) => ({ ...t, included: t.included === 1 }))).map((t) => ({
            name: t.name,
            rateBp: t.rateBp,
            amount: m(t.amount),
            included: t.included,
          })),
          duties: m(order.dutyTotal),
          total: m(order.total),
          shippingAddress: order.shippingAddress,
          // The promise stored on the order at payment, not a recomputation.
          deliveryWindow: promise
            ? { earliest: promise.earliest, latest: promise.latest, method: order.shippingMethod.method }
            : snapshot
              ? { earliest: snapshot.shippingMethod.earliest, latest: snapshot.shippingMethod.latest }
              : null,
          shipments: promise?.shipments.map((x) => ({ shipsFrom: x.shipsFrom, earliest: x.earliest, latest: x.latest })) ?? [],
          dduNotice: order.notices.some((n) => n.code === "duties_due_on_delivery"),
          dueOnDelivery: order.dueOnDelivery > 0n ? m(order.dueOnDelivery) : null,
          statusUrl,
        },
      };
      break;
    }
    case "payment-pending":
      message = {
        ...common,
        template: "payment-pending",
        data: { orderNumber: String(order.number), customerName: order.shippingAddress.name, method: "voucher", amount: m(order.total), statusUrl },
      };
      break;
    case "shipping-confirmation": {
      const f = details.fulfillments.find((x) => x.id === payload.refId) ?? details.fulfillments.at(-1);
      if (!f) return;
      message = {
        ...common,
        template: "shipping-confirmation",
        data: { orderNumber: String(order.number), carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl, lines, shippingAddress: order.shippingAddress, statusUrl },
      };
      break;
    }
    case "refund-confirmation": {
      // refId is the refunded total before this refund: the refunds are in creation order.
      const sorted = [...details.refunds].sort((a, b) => +a.createdAt - +b.createdAt);
      let before = 0n;
      const r = sorted.find((x) => {
        const match = `${before}` === payload.refId;
        before += x.amount;
        return match;
      }) ?? sorted.at(-1);
      if (!r) return;
      message = {
        ...common,
        template: "refund-confirmation",
        data: { orderNumber: String(order.number), refunded: m(r.amount), remainingTotal: m(order.total - before), reason: r.reason, statusUrl },
      };
      break;
    }
    case "payment-refunded":
      message = {
        ...common,
        template: "payment-refunded",
        data: { orderNumber: String(order.number), customerName: order.shippingAddress.name, refunded: m(order.refundedTotal), lines, statusUrl },
      };
      break;
  }
  await sendEmail(message);
}

export function registerOrderEmailJobs(): void {
  registerHandler(ORDER_EMAIL, async (payload) => sendOrderEmail(payload as { orderId: string; template: OrderEmailTemplate; refId?: string }));
}
