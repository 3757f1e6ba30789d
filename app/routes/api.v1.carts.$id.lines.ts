import { z } from "zod";
import { cartApi, cartFromApi, cartJson, readBody } from "~/modules/cart/cart-api.server";
import { addLine, reloadCart } from "~/modules/cart/cart.server";

// Unknown keys (e.g. a client-sent "price") are dropped: prices always come from the catalog.
const Body = z.object({ variantId: z.string().min(1).max(100), quantity: z.number().int().min(1).max(99).default(1) });

/** POST /api/v1/carts/{id}/lines { variantId, quantity } — prices come from the catalog, never the client. */
export const action = cartApi(async ({ request, params }) => {
  const cart = await cartFromApi(request, params.id);
  const body = await readBody(request, Body);
  await addLine(cart, body.variantId, body.quantity);
  return cartJson(await reloadCart(cart), 201);
});
