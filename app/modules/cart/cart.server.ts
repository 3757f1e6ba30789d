import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { cartLinesTable, cartsTable } from "~db/schema/cart";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { hashToken, newToken, tokenMatches } from "~/lib/tokens.server";
import { getVariantSaleStatus } from "../catalog/priced-variants.server";
import { getAvailability, getLocations } from "../inventory/inventory.server";
import { locationsServing } from "../inventory/delivery";
import type { Market } from "../markets/markets";
import { getMarket } from "../markets/markets.server";
import { getVariantMarketPrices } from "../pricing/pricing.server";
import { MAX_LINE_QUANTITY, type Address } from "./cart";
import { releasedForCart } from "./early-access.server";

const MAX_LINES = 100;

export type CartRow = typeof cartsTable.$inferSelect;
export type CartLineRow = typeof cartLinesTable.$inferSelect;

/** A new cart; `customerId` makes it the signed-in customer's (its order then belongs to the account). */
export async function createCart(market: Market, opts: { currency?: string; customerId?: string | null } = {}): Promise<{ cart: CartRow; token: string }> {
  if (opts.currency && opts.currency !== market.currency) {
    throw new UserError("currency_not_enabled", `The ${market.name} market sells in ${market.currency}, not ${opts.currency}.`, 400, "currency");
  }
  const db = await getDb();
  const token = newToken();
  const [cart] = await db
    .insert(cartsTable)
    .values({ id: newId("cart"), tokenHash: hashToken(token), market: market.handle, currency: market.currency, customerId: opts.customerId ?? null })
    .returning();
  return { cart: cart!, token };
}

/** The cart, only for the holder of its token. Unknown id and wrong token look the same (404). */
export async function getCart(id: string, token: string | null | undefined): Promise<CartRow> {
  const db = await getDb();
  const [cart] = await db.select().from(cartsTable).where(eq(cartsTable.id, id));
  if (!cart || !tokenMatches(token, cart.tokenHash)) throw new UserError("cart_not_found", "Cart not found.", 404);
  return cart;
}

export async function getCartLines(cartId: string): Promise<CartLineRow[]> {
  const db = await getDb();
  return db.select().from(cartLinesTable).where(eq(cartLinesTable.cartId, cartId)).orderBy(asc(cartLinesTable.createdAt), asc(cartLinesTable.id));
}

function assertOpen(cart: CartRow) {
  if (cart.status === "completed") throw new UserError("cart_completed", "This cart has already been ordered. Start a new cart.", 409);
}

async function touch(cartId: string) {
  const db = await getDb();
  await db.update(cartsTable).set({ updatedAt: new Date() }).where(eq(cartsTable.id, cartId));
}

/** Stock of a variant that can ship to the market (sum over locations serving its country). */
async function sellableStock(market: Market, variantId: string): Promise<number> {
  const serving = new Set(locationsServing(await getLocations(), market.country));
  const stock = (await getAvailability([variantId])).get(variantId) ?? new Map();
  let n = 0;
  for (const [loc, q] of stock) if (serving.has(loc)) n += q;
  return n;
}

async function assertSellable(cart: CartRow, market: Market, variantId: string): Promise<void> {
  const row = (await getVariantSaleStatus(market, [variantId])).get(variantId);
  if (!row || row.status !== "active") throw new UserError("variant_not_found", "This product variant does not exist or is no longer sold.", 404, "variantId");
  if (!(await releasedForCart(cart, [row.releasedAt]))(row.releasedAt)) {
    throw new UserError("early_access_only", "This product is not released yet: until its release only members whose tier includes early access can buy it.", 403, "variantId", { releasedAt: row.releasedAt!.toISOString() });
  }
  if (row.price === null) throw new UserError("variant_not_sold_in_market", `This item is not sold in the ${market.name} market.`, 422, "variantId");
}

export async function addLine(cart: CartRow, variantId: string, quantity: number): Promise<void> {
  assertOpen(cart);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new UserError("invalid_quantity", `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`, 400, "quantity", { max: MAX_LINE_QUANTITY });
  }
  const market = await marketOfCart(cart);
  await assertSellable(cart, market, variantId);
  const db = await getDb();
  const lines = await getCartLines(cart.id);
  const existing = lines.find((l) => l.variantId === variantId);
  if (!existing && lines.length >= MAX_LINES) throw new UserError("too_many_lines", `A cart holds at most ${MAX_LINES} different items.`, 422, undefined, { max: MAX_LINES });
  const wanted = (existing?.quantity ?? 0) + quantity;
  if (wanted > MAX_LINE_QUANTITY) throw new UserError("invalid_quantity", `At most ${MAX_LINE_QUANTITY} of one item per order.`, 422, "quantity", { max: MAX_LINE_QUANTITY });
  const stock = await sellableStock(market, variantId);
  if (wanted > stock) {
    throw new UserError(
      "insufficient_stock",
      stock === 0 ? "This item is sold out." : `Only ${stock} left in stock.`,
      409,
      "quantity",
      { available: stock },
    );
  }
  await db
    .insert(cartLinesTable)
    .values({ id: newId("cl"), cartId: cart.id, variantId, quantity })
    .onConflictDoUpdate({
      target: [cartLinesTable.cartId, cartLinesTable.variantId],
      set: { quantity: sql`${cartLinesTable.quantity} + ${quantity}` },
    });
  await touch(cart.id);
}

export async function updateLine(cart: CartRow, lineId: string, quantity: number): Promise<void> {
  assertOpen(cart);
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
    throw new UserError("invalid_quantity", `Quantity must be a whole number from 0 to ${MAX_LINE_QUANTITY}.`, 400, "quantity", { max: MAX_LINE_QUANTITY });
  }
  const db = await getDb();
  const [line] = await db.select().from(cartLinesTable).where(and(eq(cartLinesTable.id, lineId), eq(cartLinesTable.cartId, cart.id)));
  if (!line) throw new UserError("line_not_found", "That item is not in this cart.", 404, "lineId");
  if (quantity === 0) {
    await db.delete(cartLinesTable).where(eq(cartLinesTable.id, lineId));
  } else {
    const market = await marketOfCart(cart);
    const stock = await sellableStock(market, line.variantId);
    if (quantity > line.quantity && quantity > stock) {
      throw new UserError("insufficient_stock", stock === 0 ? "This item is sold out." : `Only ${stock} left in stock.`, 409, "quantity", { available: stock });
    }
    await db.update(cartLinesTable).set({ quantity }).where(eq(cartLinesTable.id, lineId));
  }
  await touch(cart.id);
}

/**
 * Moves the cart to another market: it is re-priced in that market's currency from then on. Refused
 * (nothing changes) when an item is not sold there.
 */
export async function setCartMarket(cart: CartRow, market: Market): Promise<void> {
  assertOpen(cart);
  if (cart.market === market.handle) return;
  const db = await getDb();
  const lines = await getCartLines(cart.id);
  if (lines.length) {
    const priced = await getVariantMarketPrices(market.handle, lines.map((l) => l.variantId));
    const missing = lines.filter((l) => !priced.has(l.variantId));
    if (missing.length) {
      throw new UserError("variant_not_sold_in_market", `${missing.length} item(s) in your cart are not sold in the ${market.name} market.`, 422, "market", {
        lineIds: missing.map((l) => l.id),
      });
    }
  }
  const address = cart.shippingAddress && market.shipTo.includes(cart.shippingAddress.country) ? cart.shippingAddress : null;
  await db
    .update(cartsTable)
    .set({ market: market.handle, currency: market.currency, shippingAddress: address, shippingMethod: null, updatedAt: new Date() })
    .where(eq(cartsTable.id, cart.id));
}

export async function updateCartDetails(
  cart: CartRow,
  patch: { email?: string | null; shippingAddress?: Address | null; shippingMethod?: string | null; discountCodes?: string[] },
): Promise<void> {
  assertOpen(cart);
  const db = await getDb();
  await db
    .update(cartsTable)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(cartsTable.id, cart.id));
}

/** A guest cart becomes the customer's when they sign in (a cart already owned by someone stays theirs). */
export async function claimCart(cartId: string, customerId: string): Promise<void> {
  const db = await getDb();
  await db.update(cartsTable).set({ customerId }).where(and(eq(cartsTable.id, cartId), isNull(cartsTable.customerId), ne(cartsTable.status, "completed")));
}

/** Erasure: the customer's carts (and carts under their addresses) forget the email and address. */
export async function scrubCustomerCarts(tx: Db, customerId: string, emails: readonly string[]): Promise<void> {
  const who = emails.length ? or(eq(cartsTable.customerId, customerId), inArray(cartsTable.email, [...emails])) : eq(cartsTable.customerId, customerId);
  await tx.update(cartsTable).set({ email: null, shippingAddress: null }).where(who);
}

export async function reloadCart(cart: CartRow): Promise<CartRow> {
  const db = await getDb();
  const [fresh] = await db.select().from(cartsTable).where(eq(cartsTable.id, cart.id));
  return fresh!;
}

// ------------------------------------------------------------------------------ checkout transitions
// Checkout moves the cart through payment inside its own transactions, so these take the caller's `tx`.

/** The cart row, locked until the caller's transaction ends. */
export async function lockCart(tx: Db, cartId: string): Promise<CartRow | null> {
  const [cart] = await tx.select().from(cartsTable).where(eq(cartsTable.id, cartId)).for("update");
  return cart ?? null;
}

export async function markCartCheckingOut(tx: Db, cartId: string, now: Date): Promise<void> {
  await tx.update(cartsTable).set({ status: "checking_out", updatedAt: now }).where(eq(cartsTable.id, cartId));
}

/** A payment attempt ended without an order: the cart can be changed again (unless it was ordered meanwhile). */
export async function reopenCart(tx: Db, cartId: string): Promise<void> {
  await tx.update(cartsTable).set({ status: "active" }).where(and(eq(cartsTable.id, cartId), ne(cartsTable.status, "completed")));
}

export async function completeCart(tx: Db, cartId: string, now: Date): Promise<void> {
  await tx.update(cartsTable).set({ status: "completed", updatedAt: now }).where(eq(cartsTable.id, cartId));
}

/** The market a cart was created in; a market the merchant has since switched off is a 409, not a crash. */
export async function marketOfCart(cart: Pick<CartRow, "market">): Promise<Market> {
  const market = await getMarket(cart.market);
  if (!market) throw new UserError("market_unavailable", `The market ${cart.market} of this cart is no longer available; start a new cart.`, 409, "market");
  return market;
}
