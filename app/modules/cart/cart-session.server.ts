import { readCookie } from "~/lib/cookies";
import { isUserError } from "~/lib/errors";
import { getCart, type CartRow } from "./cart.server";

const CART_COOKIE = "harbor_cart";

/** The page cart lives in an httpOnly cookie as `<id>.<token>`; the API uses X-Cart-Token instead. */
export async function cartFromRequest(request: Request): Promise<CartRow | null> {
  const raw = readCookie(request.headers.get("cookie"), CART_COOKIE);
  if (!raw) return null;
  const [id, token] = raw.split(".");
  if (!id || !token) return null;
  try {
    return await getCart(id, token);
  } catch (e) {
    if (isUserError(e)) return null;
    throw e;
  }
}

export function cartCookie(id: string, token: string, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${CART_COOKIE}=${encodeURIComponent(`${id}.${token}`)}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax${secure}`;
}

export function clearCartCookie(): string {
  return `${CART_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
}
