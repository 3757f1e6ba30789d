/** Orders and customers as the Admin API sends them: money as MoneyV2, times as ISO strings. */
import { UserError } from "~/lib/errors";
import { parseDecimal, toMoneyV2 } from "~/lib/money";
import type { getCustomerDetail } from "~/modules/customers/profile.server";
import type { getOrderAdminDetail, listOrders } from "~/modules/orders/order-admin.server";

type Detail = Awaited<ReturnType<typeof getOrderAdminDetail>>;
type Summary = Awaited<ReturnType<typeof listOrders>>["rows"][number];

const iso = (d: Date) => d.toISOString();

export function orderSummaryJson(o: Summary) {
  const m = (amount: bigint) => toMoneyV2({ amount, currency: o.currency });
  return {
    id: o.id,
    number: o.number,
    email: o.email,
    customerName: o.customerName ?? "",
    market: o.market,
    status: o.status,
    total: m(o.total),
    refunded: m(o.refundedTotal),
    itemCount: o.itemCount,
    createdAt: iso(o.createdAt),
    paidAt: o.paidAt ? iso(o.paidAt) : null,
    importedFrom: o.importedFrom,
  };
}

export function refundJson(r: Detail["refunds"][number]) {
  return { id: r.id, amount: toMoneyV2({ amount: r.amount, currency: r.currency }), reason: r.reason, providerRef: r.providerRef, restocked: r.restocked, createdAt: iso(r.createdAt) };
}

export function orderJson(d: Detail) {
  const o = d.order;
  const m = (amount: bigint) => toMoneyV2({ amount, currency: o.currency });
  return {
    ...orderSummaryJson({ ...o, customerName: o.shippingAddress.name, itemCount: d.lines.reduce((n, l) => n + l.quantity, 0) }),
    shippingAddress: Object.fromEntries(Object.entries(o.shippingAddress).filter((e): e is [string, string] => typeof e[1] === "string")),
    shippingMethod: o.shippingMethod.method,
    lines: d.lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle,
      quantity: l.quantity,
      fulfilledQuantity: l.fulfilledQuantity,
      restockedQuantity: l.restockedQuantity,
      unitPrice: m(l.unitPrice),
      total: m(l.total),
    })),
    totals: { subtotal: m(o.subtotal), discounts: m(o.discountTotal), shipping: m(o.shippingTotal), tax: m(o.taxTotal), duties: m(o.dutyTotal), total: m(o.total) },
    payment: { provider: d.payment.provider, status: d.payment.status, captured: m(d.payment.captured), refundable: m(d.payment.refundable) },
    fulfillments: d.fulfillments.map((f) => ({ id: f.id, carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl, lines: f.lines, createdAt: iso(f.createdAt) })),
    refunds: d.refunds.map(refundJson),
    timeline: d.timeline.map((t) => ({ at: iso(t.at), kind: t.kind, fromStatus: t.fromStatus, toStatus: t.toStatus, text: t.text, author: t.author })),
  };
}

/** "12.50" in the order's currency → minor units; more decimals than the currency has is a 400. */
export function parseRefundAmount(value: string, currency: string): bigint {
  try {
    return parseDecimal(value, currency);
  } catch {
    throw new UserError("invalid_parameter", `amount: ${currency} amounts have at most the currency's decimal places, e.g. "12.50"`, 400, "amount");
  }
}

export function customerJson(c: NonNullable<Awaited<ReturnType<typeof getCustomerDetail>>>) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    market: c.market,
    language: c.language,
    createdAt: iso(c.createdAt),
    emailVerifiedAt: c.emailVerifiedAt ? iso(c.emailVerifiedAt) : null,
    addresses: c.addresses.map((a) => ({
      id: a.id,
      isDefault: a.isDefault,
      address: Object.fromEntries(Object.entries(a.address).filter((e): e is [string, string] => typeof e[1] === "string")),
    })),
    orders: c.orders.map((o) => ({ id: o.id, number: o.number, status: o.status, total: toMoneyV2({ amount: o.total, currency: o.currency }), createdAt: iso(o.createdAt) })),
  };
}
