import { and, asc, eq } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { cartPointRedemptionsTable, loyaltyRewardsTable, pointsLedgerTable } from "~db/schema/loyalty";
import { UserError } from "~/lib/errors";
import { applyRounding, convertMinor, currencyExponent, parseRoundingRule } from "~/lib/money";
import { contactForCustomer, lockContact } from "../contacts/contacts.server";
import type { Market } from "../markets/markets";
import { getStoreConfig } from "../markets/markets.server";
import type { Adjustment, AdjustmentSource } from "../pricing/adjustments";
import { pointsBalance, postPoints } from "./ledger.server";
import { getLoyaltySettings } from "./settings.server";

export type RewardRow = typeof loyaltyRewardsTable.$inferSelect;
type CartRedemption = typeof cartPointRedemptionsTable.$inferSelect;

/** A redemption as the shopper asks for it: a number of points, or one of the listed rewards. */
type RedemptionRequest = { points: number; rewardId?: undefined } | { rewardId: string; points?: undefined };

export async function listRewards(db?: Db): Promise<RewardRow[]> {
  return (db ?? (await getDb())).select().from(loyaltyRewardsTable).where(eq(loyaltyRewardsTable.active, true)).orderBy(asc(loyaltyRewardsTable.position), asc(loyaltyRewardsTable.points));
}

/** Demo rewards (seed): idempotent. */
export async function ensureDemoRewards(db: Db): Promise<void> {
  const unit = 10n ** BigInt(currencyExponent((await getStoreConfig(db)).baseCurrency));
  await db
    .insert(loyaltyRewardsTable)
    .values([
      { id: "rwd_5_off", kind: "fixed", points: 500, amount: 5n * unit, position: 0 },
      { id: "rwd_10_percent", kind: "percentage", points: 1000, percentBp: 1000, position: 1 },
      { id: "rwd_free_shipping", kind: "free_shipping", points: 300, position: 2 },
    ])
    .onConflictDoNothing();
}

/**
 * A base-currency amount in the cart's currency: converted at today's rate, then the market's step
 * rounding (ceil:10 on JPY gives whole tens of yen). Charm endings (ending:95) shape shelf prices, not
 * an amount off, so they are not applied.
 */
export async function baseAmountIn(amount: bigint, market: Market): Promise<bigint> {
  const config = await getStoreConfig();
  const rate = config.fxRates.get(market.currency);
  if (!rate) return 0n;
  const converted = convertMinor(amount, config.baseCurrency, market.currency, rate);
  const rule = parseRoundingRule(market.roundingRule);
  return rule.kind === "ceil" ? applyRounding(converted, rule, market.currency) : converted;
}

/** What `points` entered at checkout are worth in the base currency, rounded down to its minor unit. */
async function pointsValueInBase(points: number, db?: Db): Promise<bigint> {
  const [{ redeemPointsPerUnit }, config] = await Promise.all([getLoyaltySettings(db), getStoreConfig()]);
  return (BigInt(points) * 10n ** BigInt(currencyExponent(config.baseCurrency))) / BigInt(redeemPointsPerUnit);
}

export async function getCartRedemption(cartId: string, db?: Db): Promise<CartRedemption | null> {
  const [row] = await (db ?? (await getDb())).select().from(cartPointRedemptionsTable).where(eq(cartPointRedemptionsTable.cartId, cartId));
  return row ?? null;
}

/**
 * Chooses what the cart redeems (replacing an earlier choice). Points are only checked here; they are
 * taken when payment starts (the adjustment source's `claim`), so an abandoned cart holds nothing.
 */
export async function setCartRedemption(cart: { id: string; customerId: string | null }, request: RedemptionRequest): Promise<CartRedemption> {
  if (!cart.customerId) throw new UserError("sign_in_required", "Sign in to redeem points.", 401);
  const db = await getDb();
  const contact = await contactForCustomer(cart.customerId, db);
  if (!contact) throw new UserError("no_points", "Your account has no points yet.", 409, "points");
  let points: number;
  let rewardId: string | null = null;
  if (request.rewardId !== undefined) {
    const reward = (await listRewards(db)).find((r) => r.id === request.rewardId);
    if (!reward) throw new UserError("reward_not_found", "That reward is not available. Choose one of the listed rewards.", 422, "rewardId");
    points = reward.points;
    rewardId = reward.id;
  } else {
    points = request.points;
    if (!Number.isSafeInteger(points) || points <= 0) throw new UserError("invalid_points", "Enter a whole number of points greater than zero.", 422, "points");
    if ((await pointsValueInBase(points, db)) <= 0n) throw new UserError("too_few_points", "That is too few points to take anything off; enter more.", 422, "points");
  }
  const { available } = await pointsBalance(contact.id, db);
  if (points > available) throw new UserError("insufficient_points", `You have ${available} points available; redeem at most that many.`, 409, request.rewardId !== undefined ? "rewardId" : "points", { available });
  const values = { cartId: cart.id, contactId: contact.id, points, rewardId };
  const [row] = await db
    .insert(cartPointRedemptionsTable)
    .values(values)
    .onConflictDoUpdate({ target: cartPointRedemptionsTable.cartId, set: { contactId: contact.id, points, rewardId } })
    .returning();
  return row!;
}

export async function clearCartRedemption(cartId: string): Promise<void> {
  const db = await getDb();
  await db.delete(cartPointRedemptionsTable).where(eq(cartPointRedemptionsTable.cartId, cartId));
}

/** The cart's redemption if the cart's signed-in customer is the contact who chose it. */
async function activeRedemption(cart: { id: string; customerId: string | null }): Promise<{ redemption: CartRedemption; reward: RewardRow | null } | null> {
  if (!cart.customerId) return null;
  const db = await getDb();
  const redemption = await getCartRedemption(cart.id, db);
  if (!redemption) return null;
  const contact = await contactForCustomer(cart.customerId, db);
  if (contact?.id !== redemption.contactId) return null;
  if (!redemption.rewardId) return { redemption, reward: null };
  const [reward] = await db.select().from(loyaltyRewardsTable).where(and(eq(loyaltyRewardsTable.id, redemption.rewardId), eq(loyaltyRewardsTable.active, true)));
  return reward ? { redemption, reward } : null;
}

/**
 * The `loyalty_points` adjustment source (pricing pipeline, ADR 0003): the cart's redemption as an
 * amount off the lines (or the shipping, for a free-shipping reward). The points are taken at payment
 * start in checkout's transaction, row-locked per contact, so a balance never goes below zero.
 */
export const loyaltyPointsSource: AdjustmentSource = {
  name: "loyalty_points",
  async lineAdjustments(ctx) {
    const active = await activeRedemption(ctx.cart);
    if (!active || active.reward?.kind === "free_shipping") return { adjustments: [], problems: [] };
    const { redemption, reward } = active;
    let amount: bigint;
    if (reward?.kind === "percentage") amount = (ctx.subtotal * BigInt(reward.percentBp ?? 0)) / 10_000n;
    else amount = await baseAmountIn(reward ? (reward.amount ?? 0n) : await pointsValueInBase(redemption.points), ctx.market);
    const adjustments: Adjustment[] = amount > 0n ? [{ source: "loyalty_points", code: reward?.id ?? `points:${redemption.points}`, target: "lines", amount }] : [];
    return { adjustments, problems: [] };
  },
  async shippingAdjustments(ctx, shipping) {
    const active = await activeRedemption(ctx.cart);
    if (active?.reward?.kind !== "free_shipping" || shipping <= 0n) return [];
    return [{ source: "loyalty_points", code: active.reward.id, target: "shipping", amount: shipping }];
  },
  async claim(tx, claim) {
    if (!claim.adjustments.some((a) => a.source === "loyalty_points")) return;
    const [redemption] = await tx.select().from(cartPointRedemptionsTable).where(eq(cartPointRedemptionsTable.cartId, claim.cartId));
    if (!redemption) return;
    const entry = { contactId: redemption.contactId, type: "redeem" as const, points: -redemption.points, source: "checkout", reason: redemption.rewardId, actor: "system" };
    if (!claim.late) {
      try {
        await postPoints(tx, { ...entry, dedupeKey: `redeem:${claim.paymentId}` });
      } catch (e) {
        if ((e as { code?: string }).code !== "insufficient_points") throw e;
        throw new UserError("insufficient_points", `You no longer have the ${redemption.points} points this order redeems. Remove the points redemption or redeem fewer points.`, 409, "pointsRedemption");
      }
      return;
    }
    // Paid after the payment was given up (its points were given back): the shopper has the discount,
    // so the points are taken again if they are still there; if not, the discount is honoured.
    await lockContact(tx, redemption.contactId);
    const { available } = await pointsBalance(redemption.contactId, tx);
    if (available >= redemption.points) await postPoints(tx, { ...entry, dedupeKey: `redeem:${claim.paymentId}:late` });
  },
  async release(tx, paymentId) {
    const [taken] = await tx.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.dedupeKey, `redeem:${paymentId}`));
    if (!taken) return;
    await postPoints(tx, { contactId: taken.contactId, type: "reverse", points: -taken.points, source: "checkout", reverses: taken.id, reason: "payment not completed", actor: "system", dedupeKey: `release:${paymentId}` });
  },
};
