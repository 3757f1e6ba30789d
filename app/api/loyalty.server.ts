/** Storefront API: the signed-in shopper's points and rewards, and redeeming them on a cart (ADR 0011). */
import { z } from "zod";
import { defineEndpoint, type ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { toMoneyV2 } from "~/lib/money";
import { toCartView } from "~/modules/cart/cart-view.server";
import { getCart } from "~/modules/cart/cart.server";
import { CartSchema, type ApiCart } from "~/modules/cart/cart-api.schema";
import { priceCart } from "~/modules/cart/pricing.server";
import { customerForToken } from "~/modules/customers/sessions.server";
import { customerLoyalty, tierSummaryFor } from "~/modules/loyalty/account.server";
import type { CurrentTier } from "~/modules/loyalty/tiers.server";
import { clearCartRedemption, setCartRedemption, type RewardRow } from "~/modules/loyalty/redemption.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { referralLinkFor } from "~/modules/referrals/links.server";
import { publicOrigin } from "~/lib/http.server";
import { cartId, cartNotFound } from "./carts.server";

/** The shopper's referral code and an absolute share link (the store's public URL, else the request's origin). */
async function referralSummaryFor(contactId: string, market: string, request: Request): Promise<{ code: string; url: string }> {
  const link = await referralLinkFor(contactId, market);
  return { code: link.code, url: link.url.startsWith("/") ? `${publicOrigin(request)}${link.url}` : link.url };
}

const TierSchema = z
  .object({
    id: z.string(),
    name: z.string().describe("In the shopper's language."),
    multiplier: z.string().describe("Points multiplier, a decimal string such as \"1.25\"."),
    discountPercent: z.number().describe("Discount on every order while signed in, in percent."),
    earlyAccess: z.boolean(),
  })
  .nullable();

const RewardSchema = z
  .object({
    id: z.string().describe("Send as `rewardId` to redeem it."),
    kind: z.enum(["fixed", "percentage", "free_shipping"]),
    points: z.number().int().describe("Points it costs."),
    amount: z.object({ amount: z.string(), currencyCode: z.string() }).nullable().describe("fixed: the amount off in the base currency (converted to the cart's currency at checkout)."),
    percentBp: z.number().int().nullable().describe("percentage: basis points off the lines (1000 = 10 %)."),
  })
  .describe("A reward the shopper can redeem points for.");

const CustomerLoyaltySchema = z
  .object({
    points: z.object({ available: z.number().int(), pending: z.number().int().describe("Purchase points still inside the return window.") }),
    tier: TierSchema.describe("The current tier, null when none."),
    nextTier: TierSchema.describe("The next tier, null when none."),
    referral: z.object({ code: z.string(), url: z.string() }).nullable().describe("The shopper's referral code and link, null when none."),
    rewards: z.array(RewardSchema),
  })
  .describe("The signed-in shopper's loyalty status.");

function rewardJson(r: RewardRow, baseCurrency: string): z.infer<typeof RewardSchema> {
  return { id: r.id, kind: r.kind, points: r.points, amount: r.kind === "fixed" && r.amount !== null ? toMoneyV2({ amount: r.amount, currency: baseCurrency }) : null, percentBp: r.percentBp };
}

function tierJson(t: CurrentTier | null): z.infer<typeof TierSchema> {
  return t ? { id: t.id, name: t.name, multiplier: t.multiplier, discountPercent: t.discountBps / 100, earlyAccess: t.earlyAccess } : null;
}

const unauthorized: ErrorResponseDoc = { codes: ["unauthorized"], description: "No `Authorization: Bearer` access token, or it expired or was signed out." };

const customerLoyaltyEndpoint = defineEndpoint({
  operationId: "getCustomerLoyalty",
  method: "GET",
  path: "/customer/loyalty",
  summary: "The shopper's points and rewards",
  description: "Available and pending points, tier, referral link and the rewards points can be redeemed for at checkout.",
  tag: "Customers",
  security: "customerToken",
  response: { status: 200, description: "The loyalty status.", schema: CustomerLoyaltySchema },
  errors: { 401: unauthorized },
  handler: async ({ token, request }) => {
    const found = await customerForToken(token, "api");
    if (!found) throw new UserError("unauthorized", "Send a customer access token as `Authorization: Bearer <token>` (POST /customer-sessions).", 401);
    const [loyalty, config] = await Promise.all([customerLoyalty(found.customer.id, { historyLimit: 0 }), getStoreConfig()]);
    const tiers = loyalty.contactId ? await tierSummaryFor(loyalty.contactId) : null;
    return {
      points: loyalty.balance,
      tier: tierJson(tiers?.tier ?? null),
      nextTier: tierJson(tiers?.nextTier ?? null),
      referral: loyalty.contactId ? await referralSummaryFor(loyalty.contactId, found.customer.market ?? config.defaultMarket, request) : null,
      rewards: loyalty.rewards.map((r) => rewardJson(r, config.baseCurrency)),
    };
  },
});

const RedemptionBodySchema = z
  .union([
    z.strictObject({ points: z.number().int().min(1).max(10_000_000).describe("Points to redeem.") }),
    z.strictObject({ rewardId: z.string().min(1).max(64).describe("A reward from GET /customer/loyalty.") }),
  ])
  .describe("Either a number of points or one reward.");

async function openCart(id: string, token: string | null) {
  const cart = await getCart(id, token);
  if (cart.status === "completed") throw new UserError("cart_completed", "This cart has already been ordered.", 409);
  return cart;
}

const cartResponse = async (id: string, token: string | null) => toCartView(await priceCart(await getCart(id, token))) as ApiCart;

const redeemEndpoint = defineEndpoint({
  operationId: "createCartPointsRedemption",
  method: "POST",
  path: "/carts/{id}/points-redemptions",
  summary: "Redeem points on the cart",
  description:
    "Redeems points (or a reward) on a cart created by a signed-in customer, replacing an earlier choice. The points are taken when payment starts and given back if the payment fails or is abandoned.",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  body: RedemptionBodySchema,
  response: { status: 201, description: "Redeemed. The cart, re-priced.", schema: CartSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is neither `{points}` nor `{rewardId}`." },
    401: { codes: ["sign_in_required"], description: "The cart has no customer: create it with a customer access token." },
    404: cartNotFound,
    409: { codes: ["insufficient_points", "no_points", "cart_completed"], description: "The available balance does not cover it (`details.available`), or the cart is completed." },
    422: { codes: ["invalid_points", "too_few_points", "reward_not_found"], description: "Not a usable number of points, or not a listed reward (`field`)." },
  },
  handler: async ({ params, token, body }) => {
    const cart = await openCart(params.id, token);
    await setCartRedemption(cart, "rewardId" in body ? { rewardId: body.rewardId } : { points: body.points });
    return cartResponse(params.id, token);
  },
});

const removeRedemptionEndpoint = defineEndpoint({
  operationId: "deleteCartPointsRedemption",
  method: "DELETE",
  path: "/carts/{id}/points-redemptions",
  summary: "Stop redeeming points on the cart",
  description: "Removes the cart's points redemption (nothing happens when there is none).",
  tag: "Cart",
  security: "cartToken",
  params: cartId,
  response: { status: 200, description: "Removed. The cart, re-priced.", schema: CartSchema },
  errors: { 404: cartNotFound, 409: { codes: ["cart_completed"], description: "The cart has already been ordered." } },
  handler: async ({ params, token }) => {
    await clearCartRedemption((await openCart(params.id, token)).id);
    return cartResponse(params.id, token);
  },
});

export const loyaltyEndpoints = [customerLoyaltyEndpoint, redeemEndpoint, removeRedemptionEndpoint];
