import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart } from "~/modules/cart/cart.server";
import { applyDiscountCode, removeDiscountCodes } from "~/modules/checkout/cart-details.server";

const Body = z.object({ code: z.string().trim().min(1).max(64) });

/** POST { code } applies a code (one per cart; refused codes are not kept) · DELETE removes codes. */
export const action = cartApi(async ({ request, params }) => {
  const cart = await cartFromApi(request, params.id);
  if (request.method === "DELETE") await removeDiscountCodes(cart);
  else if (request.method === "POST") await applyDiscountCode(cart, (await readBody(request, Body)).code);
  else throw new UserError("method_not_allowed", "Use POST or DELETE.", 400);
  return cartJson(await reloadCart(cart));
});
