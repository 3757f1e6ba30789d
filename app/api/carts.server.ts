/**
 * The cart endpoints of the Storefront API. Bodies are parsed with the schemas in
 * modules/cart/cart-api.schema.ts by the endpoint layer; domain refusals are `UserError`s from the
 * cart and checkout modules, rendered as the one error body.
 */
import { z } from "zod";
import { defineEndpoint, type Endpoint, type ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { createTranslator } from "~/lib/i18n.server";
import { toCartView } from "~/modules/cart/cart-view.server";
import { addLine, createCart, getCart, reloadCart, setCartMarket, updateCartDetails, updateLine, type CartRow } from "~/modules/cart/cart.server";
import { addressFieldsFor } from "~/modules/checkout/address";
import { applyDiscountCode, removeDiscountCodes, setShippingAddress, setShippingMethod } from "~/modules/checkout/cart-details.server";
import { priceCart } from "~/modules/cart/pricing.server";
import { getMarket } from "~/modules/markets/markets.server";
import { bearerToken, clientIp } from "~/lib/http.server";
import { customerForToken } from "~/modules/customers/sessions.server";
import { cartCreationLimits, discountCodeLimits, enforceRateLimits } from "~/modules/ratelimit/ratelimit.server";
import {
  CartCreateBodySchema,
  CartEmailInputSchema,
  CartLineInputSchema,
  CartLineUpdateSchema,
  CartMarketInputSchema,
  CartSchema,
  DiscountCodeInputSchema,
  ShippingAddressInputSchema,
  ShippingMethodInputSchema,
  type ApiCart,
} from "~/modules/cart/cart-api.schema";

async function cartResponse(cart: CartRow): Promise<ApiCart> {
  // CartView types status and method codes as plain strings; the schema's drift guard
  // (cart-api.schema.ts) proves the shapes are otherwise identical.
  return toCartView(await priceCart(cart)) as ApiCart;
}

/** The customer of an optional bearer token; a token that no longer works is a 401, not a silent guest cart. */
async function cartOwner(request: Request) {
  const token = bearerToken(request);
  if (!token && !request.headers.has("authorization")) return null;
  const found = await customerForToken(token, "api");
  if (!found) throw new UserError("unauthorized", "The customer access token is not valid; sign in again or create the cart without `Authorization`.", 401);
  return found.customer;
}

export const cartId = z.object({ id: z.string().min(1).describe("Cart id (`Cart.id`).") });
const english = createTranslator("en");

// ---------------------------------------------------------------------------------------------
// Error responses shared by the cart operations

const badBody: ErrorResponseDoc = {
  codes: ["invalid_body", "invalid_parameter"],
  description: 'The body is not JSON or a field is invalid; `error.field` names it, e.g. `{ "error": { "code": "invalid_parameter", "message": "quantity: Too big: expected number to be <=99", "field": "quantity" } }`.',
};
export const cartNotFound: ErrorResponseDoc = {
  codes: ["cart_not_found"],
  description: "No cart with this id for this `X-Cart-Token`; the same answer for an unknown id and a wrong or missing token.",
};
const cartCompleted: ErrorResponseDoc = { codes: ["cart_completed", "market_unavailable"], description: "The cart has already been ordered and cannot change, or its market has been switched off; start a new cart." };
const unknownMarket = "Invalid body, or `market` names no enabled market (field `market`).";
export const rateLimited: ErrorResponseDoc = {
  codes: ["rate_limited"],
  description: "Too many attempts from this client IP or for this cart; wait the `Retry-After` seconds and try again.",
};

// ---------------------------------------------------------------------------------------------
// Carts

const createCartEndpoint = defineEndpoint({
  operationId: "createCart",
  method: "POST",
  path: "/carts",
  summary: "Create a cart",
  description:
    "A new, empty cart in a market. The response carries the cart's secret `token` (only here): send it as `X-Cart-Token` with every other cart request. With a customer access token (`Authorization: Bearer`) the cart, and the order it becomes, belong to that customer.",
  tag: "Cart",
  security: "public",
  body: CartCreateBodySchema,
  response: { status: 201, description: "The new cart, with `token`.", schema: CartSchema },
  errors: {
    400: {
      codes: ["invalid_body", "invalid_parameter", "currency_not_enabled"],
      description: `${unknownMarket} \`currency_not_enabled\` (field \`currency\`): the market does not sell in that currency.`,
    },
    401: { codes: ["unauthorized"], description: "An `Authorization` header was sent but its customer access token is expired or signed out." },
    429: rateLimited,
  },
  handler: async ({ body, request }) => {
    await enforceRateLimits(cartCreationLimits(clientIp(request)));
    const market = await getMarket(body.market);
    if (!market) throw new UserError("invalid_parameter", `market: unknown market "${body.market}"`, 400, "market");
    const customer = await cartOwner(request);
    const { cart, token } = await createCart(market, { currency: body.currency?.toUpperCase(), customerId: customer?.id });
    return { ...(await cartResponse(cart)), token };
  },
});

const getCartEndpoint = defineEndpoint({
  operationId: "getCart",
  method: "GET",
  path: "/carts/{id}",
  summary: "Get a cart",
  description: "The cart, re-priced now (prices, stock, discounts, shipping and tax may have changed since it was last read).",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  response: { status: 200, description: "The cart.", schema: CartSchema },
  errors: { 404: cartNotFound },
  handler: async ({ params, token }) => cartResponse(await getCart(params.id, token)),
});

const addLineEndpoint = defineEndpoint({
  operationId: "addCartLine",
  method: "POST",
  path: "/carts/{id}/lines",
  summary: "Add a line",
  description:
    "Adds `quantity` of a variant (to the existing line of that variant, if any). The price always comes from the catalog; a `price` sent by the client is ignored.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: CartLineInputSchema,
  response: { status: 201, description: "Added. The cart, re-priced.", schema: CartSchema },
  errors: {
    400: badBody,
    403: {
      codes: ["early_access_only"],
      description: "The product is not released yet (`details.releasedAt`) and the cart's customer has no early access (a membership tier benefit; create the cart with that customer's access token).",
    },
    404: { codes: ["cart_not_found", "variant_not_found"], description: "Unknown cart / wrong token, or no active variant with this id (field `variantId`)." },
    409: { codes: ["insufficient_stock", "cart_completed"], description: "Not enough stock that ships to the market (`details.available`), or the cart is completed." },
    422: {
      codes: ["variant_not_sold_in_market", "invalid_quantity", "too_many_lines"],
      description: "The variant is not sold in the cart's market, the line would exceed 99 units or the cart has 100 lines.",
    },
  },
  handler: async ({ params, token, body }) => {
    const cart = await getCart(params.id, token);
    await addLine(cart, body.variantId, body.quantity);
    return cartResponse(await reloadCart(cart));
  },
});

const cartLineId = cartId.extend({ lineId: z.string().min(1).describe("`CartLine.id`.") });
const lineNotFound: ErrorResponseDoc = {
  codes: ["cart_not_found", "line_not_found"],
  description: "Unknown cart / wrong token, or no such line in this cart (field `lineId`).",
};

const updateLineEndpoint = defineEndpoint({
  operationId: "updateCartLine",
  method: "PATCH",
  path: "/carts/{id}/lines/{lineId}",
  summary: "Change a line's quantity",
  description: "Sets the line's quantity; 0 removes it.",
  tag: "Cart",
  security: "cartToken",
  params: cartLineId,
  body: CartLineUpdateSchema,
  response: { status: 200, description: "Changed. The cart, re-priced.", schema: CartSchema },
  errors: {
    400: badBody,
    404: lineNotFound,
    409: { codes: ["insufficient_stock", "cart_completed"], description: "Not enough stock for a larger quantity (`details.available`), or the cart is completed." },
  },
  handler: async ({ params, token, body }) => {
    const cart = await getCart(params.id, token);
    await updateLine(cart, params.lineId, body.quantity);
    return cartResponse(await reloadCart(cart));
  },
});

const removeLineEndpoint = defineEndpoint({
  operationId: "removeCartLine",
  method: "DELETE",
  path: "/carts/{id}/lines/{lineId}",
  summary: "Remove a line",
  description: "Removes the line from the cart.",
  tag: "Cart",
  security: "cartToken",
  params: cartLineId,
  response: { status: 200, description: "Removed. The cart, re-priced.", schema: CartSchema },
  errors: { 404: lineNotFound, 409: cartCompleted },
  handler: async ({ params, token }) => {
    const cart = await getCart(params.id, token);
    await updateLine(cart, params.lineId, 0);
    return cartResponse(await reloadCart(cart));
  },
});

const applyDiscountEndpoint = defineEndpoint({
  operationId: "applyDiscountCode",
  method: "POST",
  path: "/carts/{id}/discount-codes",
  summary: "Apply a discount code",
  description: "Applies a code, replacing any code already on the cart. A code that cannot be used is refused and not kept.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: DiscountCodeInputSchema,
  response: { status: 200, description: "Applied. The cart, re-priced.", schema: CartSchema },
  errors: {
    400: badBody,
    404: cartNotFound,
    409: cartCompleted,
    422: {
      codes: ["discount_rejected"],
      description:
        "The code does not exist or does not apply to this cart (field `code`, `details.reason`: not_found, inactive, not_started, expired, market, currency, min_subtotal, usage_limit or customer_limit).",
    },
    429: rateLimited,
  },
  handler: async ({ params, token, body, request }) => {
    const cart = await getCart(params.id, token);
    await enforceRateLimits(discountCodeLimits(clientIp(request), cart.id));
    await applyDiscountCode(cart, body.code);
    return cartResponse(await reloadCart(cart));
  },
});

const removeDiscountsEndpoint = defineEndpoint({
  operationId: "removeDiscountCodes",
  method: "DELETE",
  path: "/carts/{id}/discount-codes",
  summary: "Remove discount codes",
  description: "Removes every code from the cart.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  response: { status: 200, description: "Removed. The cart, re-priced.", schema: CartSchema },
  errors: { 404: cartNotFound, 409: cartCompleted },
  handler: async ({ params, token }) => {
    const cart = await getCart(params.id, token);
    await removeDiscountCodes(cart);
    return cartResponse(await reloadCart(cart));
  },
});

const setMarketEndpoint = defineEndpoint({
  operationId: "setCartMarket",
  method: "PUT",
  path: "/carts/{id}/market",
  summary: "Move the cart to another market",
  description:
    "Re-prices the whole cart in the new market's currency and language. A shipping address the new market does not ship to is cleared, and so is the shipping method.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: CartMarketInputSchema,
  response: { status: 200, description: "Moved. The cart, re-priced.", schema: CartSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter"], description: unknownMarket },
    404: cartNotFound,
    409: cartCompleted,
    422: { codes: ["variant_not_sold_in_market"], description: "An item in the cart is not sold in that market (field `market`, `details.lineIds`); nothing changed." },
  },
  handler: async ({ params, token, body }) => {
    const cart = await getCart(params.id, token);
    const market = await getMarket(body.market);
    if (!market) throw new UserError("invalid_parameter", `market: unknown market "${body.market}"`, 400, "market");
    await setCartMarket(cart, market);
    return cartResponse(await reloadCart(cart));
  },
});

const setEmailEndpoint = defineEndpoint({
  operationId: "setCartEmail",
  method: "PUT",
  path: "/carts/{id}/email",
  summary: "Set the email",
  description: "Sets the email address for the order confirmation.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: CartEmailInputSchema,
  response: { status: 200, description: "Set. The cart, re-priced.", schema: CartSchema },
  errors: { 400: badBody, 404: cartNotFound, 409: cartCompleted },
  handler: async ({ params, token, body }) => {
    const cart = await getCart(params.id, token);
    await updateCartDetails(cart, { email: body.email.toLowerCase() });
    return cartResponse(await reloadCart(cart));
  },
});

const setAddressEndpoint = defineEndpoint({
  operationId: "setCartShippingAddress",
  method: "PUT",
  path: "/carts/{id}/shipping-address",
  summary: "Set the shipping address",
  description:
    "Validates and normalizes the address with its country's rules and stores it (clearing the chosen shipping method). The response lists the available `shippingMethods` and totals with tax for the destination.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: ShippingAddressInputSchema,
  response: { status: 200, description: "Set; `shippingMethods` lists what can ship there.", schema: CartSchema },
  errors: {
    400: badBody,
    404: cartNotFound,
    409: cartCompleted,
    422: {
      codes: ["invalid_address"],
      description:
        'The address is not valid for its country or the market does not ship there; `error.field` is the first bad field and `details.errors` maps every bad field to a message key, e.g. `{ "postalCode": "address.errors.postalCodeFormat" }`.',
    },
  },
  handler: async ({ params, token, body }) => {
    const cart = await getCart(params.id, token);
    const { email, ...address } = body;
    const saved = await setShippingAddress(cart, address, { email });
    if (!saved.ok) {
      const [field, key] = Object.entries(saved.errors)[0]!;
      // Format messages name what is expected ("5 digits, e.g. 10115"), from the country's field spec.
      const values = addressFieldsFor(address.country).find((f) => f.name === field)?.errorValues;
      throw new UserError("invalid_address", `${field}: ${english(key!, values)}`, 422, field, { errors: saved.errors });
    }
    return cartResponse(await reloadCart(cart));
  },
});

const setMethodEndpoint = defineEndpoint({
  operationId: "setCartShippingMethod",
  method: "PUT",
  path: "/carts/{id}/shipping-method",
  summary: "Choose a shipping method",
  description: "Chooses one of the cart's `shippingMethods`. Setting or changing the shipping address clears the choice.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: ShippingMethodInputSchema,
  response: { status: 200, description: "Chosen. The cart, re-priced.", schema: CartSchema },
  errors: {
    400: badBody,
    404: cartNotFound,
    409: cartCompleted,
    422: { codes: ["shipping_method_unavailable"], description: "The method is not available for this cart and address (field `method`)." },
  },
  handler: async ({ params, token, body }) => {
    const cart = await getCart(params.id, token);
    await setShippingMethod(cart, body.method);
    return cartResponse(await reloadCart(cart));
  },
});

export const cartEndpoints: readonly Endpoint[] = [
  createCartEndpoint,
  getCartEndpoint,
  addLineEndpoint,
  updateLineEndpoint,
  removeLineEndpoint,
  applyDiscountEndpoint,
  removeDiscountsEndpoint,
  setMarketEndpoint,
  setEmailEndpoint,
  setAddressEndpoint,
  setMethodEndpoint,
];
