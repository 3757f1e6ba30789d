import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { completePayment } from "~/modules/checkout/checkout.server";
import { getPayment } from "~/modules/payments/payments.server";
import { getPaymentProvider } from "~/modules/payments/providers.server";
import { getOrder, orderStatusPath } from "~/modules/orders/orders.server";

/**
 * Where the shopper lands after paying. Asks the provider for the status and applies it — racing
 * safely with the webhook (both go through completePayment, one order either way).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const paymentId = new URL(request.url).searchParams.get("payment") ?? "";
  const payment = await getPayment(paymentId);
  const cart = await cartFromRequest(request);
  if (!payment || !cart || cart.id !== payment.cartId) throw new Response("Not found", { status: 404 });
  let orderId = payment.orderId;
  if (payment.provider === "stripe" && payment.providerRef && payment.status !== "succeeded") {
    const status = await getPaymentProvider().retrieveStatus(payment.providerRef);
    orderId = await completePayment(payment.id, status);
  }
  const order = orderId ? await getOrder(orderId) : null;
  if (order) return redirect(orderStatusPath(order), { headers: { "Cache-Control": "no-store" } });
  return redirect(`/${market.handle}/checkout?payment=${payment.status}`);
}
