import { z } from "zod";
import { UserError } from "~/lib/errors";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { reloadCart, setCartMarket } from "~/modules/cart/cart.server";
import { getMarket } from "~/modules/markets/markets.server";

const Body = z.object({ market: z.string().regex(/^[a-z]{2}-[a-z]{2}$/, "must be a market handle such as de-de") });

/** PUT { market } — re-prices the whole cart in the new market's currency. */
export const action = cartApi(async ({ request, params }) => {
  if (request.method !== "PUT") throw new UserError("method_not_allowed", "Use PUT.", 400);
  const cart = await cartFromApi(request, params.id);
  const body = await readBody(request, Body);
  const market = await getMarket(body.market);
  if (!market) throw new UserError("invalid_parameter", `market: unknown market "${body.market}"`, 400, "market");
  await setCartMarket(cart, market);
  return cartJson(await reloadCart(cart));
});
