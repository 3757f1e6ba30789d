import { z } from "zod";
import { UserError } from "~/lib/errors";
import { createTranslator } from "~/lib/i18n.server";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart } from "~/modules/cart/cart.server";
import { setShippingAddress } from "~/modules/checkout/cart-details.server";

const Body = z.object({ email: z.email().optional() }).catchall(z.unknown());
const english = createTranslator("en");

/** PUT { country, name, line1, … } → the cart with available shippingMethods and recalculated totals. */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "PUT") throw new UserError("method_not_allowed", "Use PUT.", 400);
  const cart = await cartFromApi(request, params.id);
  const { email, ...address } = await readBody(request, Body);
  const saved = await setShippingAddress(cart, address, { email });
  if (!saved.ok) {
    const [field, key] = Object.entries(saved.errors)[0]!;
    throw new UserError("invalid_address", `${field}: ${english(key!)}`, 422, field, { errors: saved.errors });
  }
  return cartJson(await reloadCart(cart));
});
