import type { LoaderFunctionArgs } from "@remix-run/node";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { getCartLines } from "~/modules/cart/cart.server";

/** Mini-cart data, fetched by the header after load so catalog pages stay cacheable. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMarket(params);
  const cart = await cartFromRequest(request);
  const count = cart && cart.status !== "completed" ? (await getCartLines(cart.id)).reduce((a, l) => a + l.quantity, 0) : 0;
  return Response.json({ count }, { headers: { "Cache-Control": "private, no-store" } });
}
