import { UserError } from "~/lib/errors";
import { publicOrigin } from "~/lib/http.server";
import { cartApi, cartFromApi } from "~/modules/cart/cart-api.server";
import { jsonResponse } from "~/modules/catalog/api.server";
import { startPayment } from "~/modules/checkout/checkout.server";
import { toMoneyV2 } from "~/lib/money";
import { orderAccessToken } from "~/modules/orders/orders.server";

/**
 * POST — starts payment for the cart as priced now: a Stripe client secret, or the demo payment page
 * URL. Calling it again for an unchanged cart returns the same payment (no second PaymentIntent).
 */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "POST") throw new UserError("method_not_allowed", "Use POST.", 400);
  const cart = await cartFromApi(request, params.id);
  const origin = publicOrigin(request);
  const started = await startPayment(cart, { origin });
  return jsonResponse(
    {
      paymentId: started.payment.id,
      provider: started.payment.provider,
      status: started.payment.status,
      amount: toMoneyV2({ amount: started.payment.amount, currency: started.payment.currency }),
      clientSecret: started.clientSecret,
      redirectUrl: started.redirectUrl ? new URL(started.redirectUrl, origin).toString() : null,
      orderId: started.orderId,
      orderToken: started.orderId ? orderAccessToken(started.orderId) : null,
    },
    { status: 201 },
  );
});
