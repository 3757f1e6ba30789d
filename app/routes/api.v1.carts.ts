import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { createCart } from "~/modules/cart/cart.server";
import { getMarket } from "~/modules/markets/markets.server";

const Body = z.object({ market: z.string().regex(/^[a-z]{2}-[a-z]{2}$/, "must be a market handle such as de-de"), currency: z.string().length(3).optional() });

/** POST /api/v1/carts { market } → 201 with the cart and its secret `token` (send it back as X-Cart-Token). */
export const action = cartApi(async ({ request }) => {
  if (request.method !== "POST") throw new UserError("method_not_allowed", "Use POST to create a cart.", 400);
  const body = await readBody(request, Body);
  const market = await getMarket(body.market);
  if (!market) throw new UserError("invalid_parameter", `market: unknown market "${body.market}"`, 400, "market");
  const { cart, token } = await createCart(market, { currency: body.currency?.toUpperCase() });
  return cartJson(cart, 201, { token });
});
export const loader = cartApi(async () => {
  throw new UserError("method_not_allowed", "Use POST to create a cart.", 400);
});
