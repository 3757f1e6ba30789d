import { cartApi } from "~/modules/cart/cart-api.server";
import { jsonResponse } from "~/modules/catalog/api.server";
import { toMoneyV2 } from "~/lib/money";
import { getOrderDetails, getOrderForToken } from "~/modules/orders/orders.server";

/** GET /api/v1/orders/{id} for the holder of the order's token (X-Order-Token header or ?token=). */
export const loader = cartApi(async ({ request, params }) => {
  const token = request.headers.get("x-order-token") ?? new URL(request.url).searchParams.get("token");
  const order = await getOrderForToken(params.id ?? "", token);
  const d = await getOrderDetails(order.id);
  const m = (amount: bigint) => toMoneyV2({ amount, currency: order.currency });
  return jsonResponse({
    id: order.id,
    number: order.number,
    status: order.status,
    market: order.market,
    currencyCode: order.currency,
    email: order.email,
    lines: d.lines.map((l) => ({ id: l.id, variantId: l.variantId, sku: l.sku, title: l.title, variantTitle: l.variantTitle, quantity: l.quantity, unitPrice: m(l.unitPrice), discount: m(l.discount), tax: m(l.tax), total: m(l.total) })),
    totals: { subtotal: m(order.subtotal), discounts: m(order.discountTotal), shipping: m(order.shippingTotal), tax: m(order.taxTotal), duties: m(order.dutyTotal), total: m(order.total), refunded: m(order.refundedTotal) },
    taxLines: d.taxLines.map((t) => ({ kind: t.kind, jurisdiction: t.jurisdiction, name: t.name, rateBp: t.rateBp, base: m(t.base), amount: m(t.amount), included: t.included === 1 })),
    presentment: { currencyCode: order.currency, fxRate: order.fxRate, baseCurrency: order.baseCurrency, baseTotal: toMoneyV2({ amount: order.baseTotal, currency: order.baseCurrency }) },
    shippingAddress: order.shippingAddress,
    // The stored amount is in minor units; the API speaks MoneyV2 (and the stock location is internal).
    shippingMethod: { method: order.shippingMethod.method, amount: m(BigInt(order.shippingMethod.amount)), minDays: order.shippingMethod.minDays, maxDays: order.shippingMethod.maxDays },
    notices: order.notices,
    history: d.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, at: e.createdAt.toISOString() })),
    fulfillments: d.fulfillments.map((f) => ({ carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl })),
  });
});
