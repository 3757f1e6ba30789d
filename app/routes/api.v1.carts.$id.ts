import { cartApi, cartFromApi, cartJson } from "~/modules/cart/cart-api.server";

/** GET /api/v1/carts/{id} (X-Cart-Token) → the cart, re-priced now. */
export const loader = cartApi(async ({ request, params }) => cartJson(await cartFromApi(request, params.id)));
