import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart, updateLine } from "~/modules/cart/cart.server";

const Body = z.object({ quantity: z.number().int().min(0).max(99) });

/** PATCH { quantity } (0 removes) · DELETE */
export const action = cartApi(async ({ request, params }) => {
  const cart = await cartFromApi(request, params.id);
  if (request.method === "DELETE") await updateLine(cart, params.lineId ?? "", 0);
  else if (request.method === "PATCH") await updateLine(cart, params.lineId ?? "", (await readBody(request, Body)).quantity);
  else throw new UserError("method_not_allowed", "Use PATCH or DELETE on a cart line.", 400);
  return cartJson(await reloadCart(cart));
});
