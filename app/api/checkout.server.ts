/**
 * The checkout and order endpoints of the Storefront API: start paying for a cart, read an order
 * with its token.
 */
import { z } from "zod";
import { defineEndpoint, type Endpoint } from "~/lib/api/endpoint.server";
import { clientIp, publicOrigin } from "~/lib/http.server";
import { toMoneyV2 } from "~/lib/money";
import { OrderSchema, PaymentStartSchema } from "~/modules/cart/cart-api.schema";
import { getCart } from "~/modules/cart/cart.server";
import { startPayment } from "~/modules/checkout/checkout.server";
import { getOrderDetails, getOrderForToken, orderAccessToken } from "~/modules/orders/orders.server";
import { enforceRateLimits, paymentStartLimits } from "~/modules/ratelimit/ratelimit.server";
import { cartId, cartNotFound, rateLimited } from "./carts.server";

const startPaymentEndpoint = defineEndpoint({
  operationId: "startPayment",
  method: "POST",
  path: "/carts/{id}/payment",
  summary: "Start payment",
  description:
    "Starts paying for the cart as priced now and reserves the stock. Idempotent: calling it again for an unchanged cart returns the same payment; after a change, the earlier payment is cancelled and a new one started. The order is created when the payment succeeds; read it with GET /orders/{id}.",
  tag: "Checkout",
  security: "cartToken",
  params: cartId,
  response: { status: 201, description: "The payment: `clientSecret` (Stripe) or `redirectUrl` (demo payment page).", schema: PaymentStartSchema },
  errors: {
    404: cartNotFound,
    409: {
      codes: ["cart_completed", "insufficient_stock", "discount_rejected", "payment_unavailable"],
      description: "The cart is already ordered, an item is short of stock (`details`), a code has been used up or the provider is unavailable; retry after fixing the cart.",
    },
    422: {
      codes: ["cart_empty", "email_required", "address_required", "address_invalid", "country_not_served", "shipping_method_required", "variant_not_sold_in_market", "discount_rejected", "too_many_units"],
      description:
        "The cart is not ready for checkout; `error.code` and `error.field` name the first problem (lines, email, shippingAddress, shippingMethod or discountCodes). `too_many_units`: more units than one cart may hold during checkout (`details.max`).",
    },
    429: rateLimited,
  },
  handler: async ({ params, token, request }) => {
    const cart = await getCart(params.id, token);
    await enforceRateLimits(paymentStartLimits(clientIp(request), cart.id));
    const origin = publicOrigin(request);
    const started = await startPayment(cart, { origin });
    return {
      paymentId: started.payment.id,
      provider: started.payment.provider,
      status: started.payment.status,
      amount: toMoneyV2({ amount: started.payment.amount, currency: started.payment.currency }),
      clientSecret: started.clientSecret,
      redirectUrl: started.redirectUrl ? new URL(started.redirectUrl, origin).toString() : null,
      orderId: started.orderId,
      orderToken: started.orderId ? orderAccessToken(started.orderId) : null,
    };
  },
});

const getOrderEndpoint = defineEndpoint({
  operationId: "getOrder",
  method: "GET",
  path: "/orders/{id}",
  summary: "Get an order",
  description:
    "The order for the holder of its token (`PaymentStart.orderToken`, or the link in the confirmation email): send it as `X-Order-Token` or, for links, as `?token=`.",
  tag: "Orders",
  security: "orderToken",
  params: z.object({ id: z.string().min(1).describe("Order id.") }),
  response: { status: 200, description: "The order.", schema: OrderSchema },
  errors: { 404: { codes: ["order_not_found"], description: "No order with this id for this token; the same answer for an unknown id and a wrong or missing token." } },
  handler: async ({ params, token }) => {
    const order = await getOrderForToken(params.id, token);
    const d = await getOrderDetails(order.id);
    const m = (amount: bigint) => toMoneyV2({ amount, currency: order.currency });
    return {
      id: order.id,
      number: order.number,
      status: order.status,
      market: order.market,
      currencyCode: order.currency,
      email: order.email,
      lines: d.lines.map((l) => ({ id: l.id, variantId: l.variantId, sku: l.sku, title: l.title, variantTitle: l.variantTitle, quantity: l.quantity, unitPrice: m(l.unitPrice), discount: m(l.discount), tax: m(l.tax), total: m(l.total) })),
      totals: { subtotal: m(order.subtotal), discounts: m(order.discountTotal), shipping: m(order.shippingTotal), tax: m(order.taxTotal), duties: m(order.dutyTotal), total: m(order.total), refunded: m(order.refundedTotal), dueOnDelivery: order.dueOnDelivery > 0n ? m(order.dueOnDelivery) : null },
      taxLines: d.taxLines.map((t) => ({ kind: t.kind, jurisdiction: t.jurisdiction, name: t.name, rateBp: t.rateBp, base: m(t.base), amount: m(t.amount), included: t.included === 1 })),
      // Set on every order placed here; only imported orders may lack them, and no token opens those.
      presentment: { currencyCode: order.currency, fxRate: order.fxRate!, baseCurrency: order.baseCurrency, baseTotal: toMoneyV2({ amount: order.baseTotal!, currency: order.baseCurrency }) },
      shippingAddress: order.shippingAddress,
      // The stored amount is in minor units; the API speaks MoneyV2 (and the stock location is internal).
      shippingMethod: { method: order.shippingMethod.method, amount: m(BigInt(order.shippingMethod.amount)), minDays: order.shippingMethod.minDays, maxDays: order.shippingMethod.maxDays },
      notices: order.notices,
      history: d.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, at: e.createdAt.toISOString() })),
      fulfillments: d.fulfillments.map((f) => ({ carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl })),
    };
  },
});

export const checkoutEndpoints: readonly Endpoint[] = [startPaymentEndpoint, getOrderEndpoint];
