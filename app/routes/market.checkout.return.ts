import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { completePayment, verifyPaymentReturnToken } from "~/modules/checkout/checkout.server";
import { findPaymentByProviderRef, getPayment } from "~/modules/payments/payments.server";
import { getPaymentProvider } from "~/modules/payments/providers.server";
import { getOrder, orderStatusPath } from "~/modules/orders/orders.server";

const notFound = () => new Response("Not found", { status: 404 });

/**
 * Where the shopper lands after paying. Asks the provider for the status and applies it — racing
 * safely with the webhook (both go through completePayment, one order either way).
 *
 * The cart cookie is not required: a bank app or wallet may return the shopper in another browser.
 * Our return URL carries the payment id and a signed token; Stripe appends `payment_intent`,
 * `payment_intent_client_secret` and `redirect_status`
 * (https://docs.stripe.com/payments/accept-a-payment?platform=web&ui=elements#web-submit-payment),
 * and the intent named there must be this payment's.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const query = new URL(request.url).searchParams;
  const intentId = query.get("payment_intent");
  const paymentId = query.get("payment");
  const payment = paymentId ? await getPayment(paymentId) : intentId ? await findPaymentByProviderRef(intentId) : null;
  if (!payment) throw notFound();
  if (intentId && payment.providerRef !== intentId) throw notFound();
  if (!verifyPaymentReturnToken(payment.id, query.get("token"))) {
    const cart = await cartFromRequest(request);
    if (!cart || cart.id !== payment.cartId) throw notFound();
  }
  let orderId = payment.orderId;
  if (payment.provider === "stripe" && payment.providerRef && payment.status !== "succeeded") {
    const status = await getPaymentProvider().retrieveStatus(payment.providerRef);
    orderId = await completePayment(payment.id, status);
  }
  const order = orderId ? await getOrder(orderId) : null;
  if (order) return redirect(orderStatusPath(order), { headers: { "Cache-Control": "no-store" } });
  return redirect(`/${market.handle}/checkout?payment=${payment.status}`, { headers: { "Cache-Control": "no-store" } });
}
