import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart } from "~/modules/cart/cart.server";
import { setShippingMethod } from "~/modules/checkout/cart-details.server";

const Body = z.object({ method: z.enum(["express", "dedicated", "postal", "local"]) });

/** PUT { method } — one of the cart's available shippingMethods. */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "PUT") throw new UserError("method_not_allowed", "Use PUT.", 400);
  const cart = await cartFromApi(request, params.id);
  await setShippingMethod(cart, (await readBody(request, Body)).method);
  return cartJson(await reloadCart(cart));
});
