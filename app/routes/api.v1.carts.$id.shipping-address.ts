import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart, updateCartDetails } from "~/modules/cart/cart.server";
import { validateAddress } from "~/modules/checkout/address";
import { getMarket } from "~/modules/markets/markets.server";

const Body = z.object({ email: z.email().optional() }).catchall(z.unknown());

/** PUT { country, name, line1, … } → the cart with available shippingMethods and recalculated totals. */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "PUT") throw new UserError("method_not_allowed", "Use PUT.", 400);
  const cart = await cartFromApi(request, params.id);
  const { email, ...address } = await readBody(request, Body);
  const market = (await getMarket(cart.market))!;
  const v = validateAddress(address, { countries: market.shipTo });
  if (!v.ok) {
    const [field, key] = Object.entries(v.errors)[0]!;
    throw new UserError("invalid_address", `${field}: ${String(key).split(".").pop()}`, 422, field, { errors: v.errors });
  }
  await updateCartDetails(cart, { shippingAddress: v.address, shippingMethod: null, ...(email ? { email: email.toLowerCase() } : {}) });
  return cartJson(await reloadCart(cart));
});
