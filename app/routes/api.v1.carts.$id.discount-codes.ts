import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart, updateCartDetails } from "~/modules/cart/cart.server";
import { toCartView } from "~/modules/cart/cart-view.server";
import { priceCart } from "~/modules/checkout/pricing.server";
import { normalizeCode } from "~/modules/discounts/discounts";

const Body = z.object({ code: z.string().trim().min(1).max(64) });

/** POST { code } applies a code (one per cart; refused codes are not kept) · DELETE removes codes. */
export const action = cartApi(async ({ request, params }) => {
  const cart = await cartFromApi(request, params.id);
  if (request.method === "DELETE") {
    await updateCartDetails(cart, { discountCodes: [] });
    return cartJson(await reloadCart(cart));
  }
  if (request.method !== "POST") throw new UserError("method_not_allowed", "Use POST or DELETE.", 400);
  const code = normalizeCode((await readBody(request, Body)).code);
  await updateCartDetails(cart, { discountCodes: [code] });
  const view = toCartView(await priceCart(await reloadCart(cart)));
  const applied = view.discountCodes.find((d) => d.code === code);
  if (applied && !applied.applicable) {
    await updateCartDetails(cart, { discountCodes: [] });
    throw new UserError("discount_rejected", `The code ${code} cannot be used: ${applied.reason?.replace(/_/g, " ")}.`, 422, "code", { reason: applied.reason });
  }
  return cartJson(await reloadCart(cart));
});
