/**
 * What the admin pages and the Admin API add to the orders module's writes: the audit entry, written
 * in the change's own transaction, and support's refund limit. Composition above the modules.
 */
import { getEnv } from "~/lib/env.server";
import { convertMinor, parseDecimal } from "~/lib/money";
import type { OrderChangeHook } from "~/modules/orders/order-operations.server";
import type { OrderRow } from "~/modules/orders/orders.server";
import { paymentGranularity } from "~/modules/payments/stripe-amount";
import { writeAuditEntry, type Actor } from "~/modules/staff/audit.server";

export function orderAuditHook(actor: Actor, action: `${string}:orders`): OrderChangeHook {
  return (tx, change) => writeAuditEntry(tx, actor, action, change);
}

/**
 * The most `actor` may refund at once on `order`, in its currency: owners have no limit; support has
 * HARBOR_SUPPORT_REFUND_LIMIT (base currency) converted at the order's own rate, rounded down to an
 * amount the provider can refund.
 */
export function supportRefundLimit(actor: Actor, order: Pick<OrderRow, "baseCurrency" | "currency" | "fxRate">): bigint | undefined {
  if (actor.role === "owner") return undefined;
  const base = parseDecimal(getEnv().server.supportRefundLimit, order.baseCurrency);
  const limit = convertMinor(base, order.baseCurrency, order.currency, order.fxRate ?? "1");
  return limit - (limit % paymentGranularity(order.currency));
}
