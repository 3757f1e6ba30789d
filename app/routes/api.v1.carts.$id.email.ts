import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart, updateCartDetails } from "~/modules/cart/cart.server";

const Body = z.object({ email: z.email("must be an email address") });

/** PUT { email } */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "PUT") throw new UserError("method_not_allowed", "Use PUT.", 400);
  const cart = await cartFromApi(request, params.id);
  await updateCartDetails(cart, { email: (await readBody(request, Body)).email.toLowerCase() });
  return cartJson(await reloadCart(cart));
});
