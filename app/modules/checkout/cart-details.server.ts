import { UserError } from "~/lib/errors";
import type { Address } from "../cart/cart";
import { marketOfCart, reloadCart, updateCartDetails, type CartRow } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { normalizeCode } from "../discounts/discounts";
import { validateAddress, type AddressErrors } from "./address";

/**
 * Applies a discount code (one per cart: it replaces the previous code). A code that cannot be used
 * is not kept — the previous codes stay — and the refusal says why.
 */
export async function applyDiscountCode(cart: CartRow, rawCode: string): Promise<void> {
  const code = normalizeCode(rawCode);
  const previous = cart.discountCodes;
  await updateCartDetails(cart, { discountCodes: [code] });
  const problem = (await priceCart(await reloadCart(cart))).problems.find((p) => p.subject?.toUpperCase() === code);
  if (problem) {
    await updateCartDetails(cart, { discountCodes: previous });
    throw new UserError("discount_rejected", `The code ${code} cannot be used: ${problem.reason.replace(/_/g, " ")}.`, 422, "code", { reason: problem.reason });
  }
}

export async function removeDiscountCodes(cart: CartRow, code?: string): Promise<void> {
  await updateCartDetails(cart, { discountCodes: code ? cart.discountCodes.filter((c) => c !== normalizeCode(code)) : [] });
}

/** Validates the address against the country's rules and the market's ship-to list, then saves it. */
export async function setShippingAddress(
  cart: CartRow,
  input: unknown,
  opts: { email?: string; chooseDefaultMethod?: boolean } = {},
): Promise<{ ok: true; address: Address } | { ok: false; errors: AddressErrors }> {
  const market = await marketOfCart(cart);
  const v = validateAddress(input, { countries: market.shipTo });
  if (!v.ok) return v;
  await updateCartDetails(cart, { shippingAddress: v.address, shippingMethod: null, ...(opts.email ? { email: opts.email.toLowerCase() } : {}) });
  if (opts.chooseDefaultMethod) {
    const preselected = (await priceCart(await reloadCart(cart))).defaultShipping;
    if (preselected) await updateCartDetails(cart, { shippingMethod: preselected.method });
  }
  return v;
}

/** Chooses one of the methods the cart can actually use now. */
export async function setShippingMethod(cart: CartRow, method: string): Promise<void> {
  const priced = await priceCart(cart);
  if (!priced.shippingQuotes.some((q) => q.method === method)) {
    throw new UserError("shipping_method_unavailable", `method: "${method}" is not available for this cart and address.`, 422, "method");
  }
  await updateCartDetails(cart, { shippingMethod: method });
}
