import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart, updateCartDetails } from "~/modules/cart/cart.server";
import { priceCart } from "~/modules/checkout/pricing.server";

const Body = z.object({ method: z.enum(["express", "dedicated", "postal", "local"]) });

/** PUT { method } — one of the cart's available shippingMethods. */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "PUT") throw new UserError("method_not_allowed", "Use PUT.", 400);
  const cart = await cartFromApi(request, params.id);
  const { method } = await readBody(request, Body);
  const priced = await priceCart(cart);
  if (!priced.shippingQuotes.some((q) => q.method === method)) {
    throw new UserError("shipping_method_unavailable", `method: "${method}" is not available for this cart and address.`, 422, "method");
  }
  await updateCartDetails(cart, { shippingMethod: method });
  return cartJson(await reloadCart(cart));
});
