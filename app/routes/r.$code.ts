import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";
import { isUserError } from "~/lib/errors";
import { clientIp } from "~/lib/http.server";
import { createCart, updateCartDetails } from "~/modules/cart/cart.server";
import { cartCookie, cartFromRequest } from "~/modules/cart/cart-session.server";
import { getMarket, MARKET_COOKIE, resolveMarketForRequest } from "~/modules/markets/markets.server";
import { enforceRateLimits, cartCreationLimits } from "~/modules/ratelimit/ratelimit.server";
import { attributeCart, attributedClickId, attributionCookie, deviceIdFrom, newDevice, openReferralLink } from "~/modules/referrals/links.server";

/** The visitor's market; the sharer's (`?m=`) only when the request says nothing about the visitor. */
async function visitorMarket(request: Request) {
  const env = getEnv().server;
  const h = request.headers;
  const silent = !h.get("accept-language") && !h.get(env.geoCountryHeader) && !(h.get("cookie") ?? "").includes(`${MARKET_COOKIE}=`);
  const sharers = silent ? await getMarket(new URL(request.url).searchParams.get("m") ?? undefined) : undefined;
  return sharers ?? (await resolveMarketForRequest(request, env.geoCountryHeader));
}

/**
 * A share link: counts the click, sets the signed attribution cookie (30 days; an earlier referrer's
 * stays) and a device cookie, puts the friend's code on the visitor's cart, and sends them to it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const headers = new Headers({ "Cache-Control": "private, no-store", Vary: "Cookie, Accept-Language" });
  const market = await visitorMarket(request);
  let deviceId = deviceIdFrom(request);
  if (!deviceId) {
    const device = newDevice(request);
    deviceId = device.id;
    headers.append("Set-Cookie", device.cookie);
  }
  const ip = clientIp(request);
  const opened = await openReferralLink({ code: params.code ?? "", deviceId, ip, earlierClickId: attributedClickId(request) });
  if (!opened) return redirect(`/${market.handle}`, { status: 302, headers });
  if (opened.attributedTo.id === opened.click.id) headers.append("Set-Cookie", attributionCookie(opened.click.id, request));

  let cart = await cartFromRequest(request);
  // A cart in payment is left alone (a new one would drop it); only a finished or abandoned one is replaced.
  if (!cart || cart.status === "completed" || cart.status === "abandoned") {
    try {
      await enforceRateLimits(cartCreationLimits(ip));
    } catch (e) {
      // Over the cart limit: the cookie still attributes the checkout; only the code is not pre-applied.
      if (isUserError(e)) return redirect(`/${market.handle}`, { status: 302, headers });
      throw e;
    }
    const created = await createCart(market);
    cart = created.cart;
    headers.append("Set-Cookie", cartCookie(cart.id, created.token, request));
  }
  await attributeCart(cart.id, opened.attributedTo.id);
  const code = opened.attributedTo.friendCode;
  if (code && cart.status === "active" && !cart.discountCodes.includes(code)) await updateCartDetails(cart, { discountCodes: [...cart.discountCodes, code] });
  return redirect(`/${cart.market}/cart`, { status: 302, headers });
}
