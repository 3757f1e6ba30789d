import { createHash } from "node:crypto";
import { isEmail } from "~/lib/validation";
import { getDb, type Db } from "~db/index";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { sign, verifySignature } from "~/lib/signing.server";
import { completeCart, lockCart, markCartCheckingOut, reloadCart, reopenCart, type CartRow } from "../cart/cart.server";
import { priceCart, type CartPricing } from "../cart/pricing.server";
import { claimCodeUses, redeemCodes, releaseCodeUses } from "../discounts/discounts.server";
import { getLocations, shippingLocations } from "../inventory/inventory.server";
import {
  commitReservations,
  expiredPaymentIds,
  extendReservations,
  releaseReservations,
  reserveStock,
} from "../inventory/reservations.server";
import { enqueue } from "../jobs/jobs.server";
import { intlLocale } from "../markets/markets";
import type { CheckoutSnapshot } from "../orders/orders";
import { cancelUnpaidOrder, createOrderFromSnapshot, findOrderForCart, markOrderPaid } from "../orders/orders.server";
import type { ProviderPaymentStatus } from "../payments/payments";
import {
  awaitingPayments,
  deletePayment,
  findCartPayment,
  insertPayment,
  lockPayment,
  updatePayment,
  type PaymentRow,
} from "../payments/payments.server";
import { getPaymentProvider } from "../payments/providers.server";
import { enforceRateLimits, MAX_RESERVED_UNITS_PER_CART, RATE_LIMITS } from "../ratelimit/ratelimit.server";
import { validateAddress } from "./address";

/** How long stock stays reserved while the shopper pays; vouchers (Konbini, Boleto) get days. */
export const RESERVATION_MINUTES = 30;
export const VOUCHER_RESERVATION_HOURS = 72;


/** Everything that must hold before money can be taken, as user-facing problems. */
export function checkoutProblems(p: CartPricing): UserError[] {
  const problems: UserError[] = [];
  if (!p.lines.length) problems.push(new UserError("cart_empty", "Your cart is empty.", 422, "lines"));
  if (p.lines.length !== p.cartLineCount) problems.push(new UserError("variant_not_sold_in_market", "Some items in your cart are no longer sold here. Remove them to continue.", 422, "lines"));
  for (const l of p.lines) {
    if (l.quantity > l.available) problems.push(new UserError("insufficient_stock", `${l.title}: only ${l.available} left.`, 409, "lines", { lineId: l.id, available: l.available }));
  }
  if (!p.cart.email || !isEmail(p.cart.email)) problems.push(new UserError("email_required", "Enter an email address for your receipt.", 422, "email"));
  if (!p.cart.shippingAddress) problems.push(new UserError("address_required", "Enter a shipping address.", 422, "shippingAddress"));
  else {
    const v = validateAddress(p.cart.shippingAddress);
    if (!v.ok) problems.push(new UserError("address_invalid", "Check the shipping address.", 422, "shippingAddress", { errors: v.errors }));
    if (!p.market.shipTo.includes(p.cart.shippingAddress.country)) problems.push(new UserError("country_not_served", "This market does not ship to that country.", 422, "shippingAddress.country"));
  }
  if (!p.shipping) problems.push(new UserError("shipping_method_required", "Choose a shipping method.", 422, "shippingMethod"));
  for (const pr of p.problems) problems.push(new UserError(pr.code, `The code ${pr.subject ?? ""} cannot be used (${pr.reason.replace(/_/g, " ")}). Remove it to continue.`, 422, "discountCodes", { reason: pr.reason, code: pr.subject }));
  return problems;
}

export function toSnapshot(p: CartPricing): CheckoutSnapshot {
  const s = (v: bigint) => v.toString();
  const lineTax = (id: string) => p.tax.taxLines.filter((t) => t.lineId === id && t.kind === "tax").reduce((a, t) => a + t.amount, 0n);
  return {
    market: p.market.handle,
    currency: p.currency,
    language: p.market.language,
    intlLocale: intlLocale(p.market),
    email: p.cart.email!.trim().toLowerCase(),
    shippingAddress: p.cart.shippingAddress!,
    shippingMethod: {
      method: p.shipping!.method,
      amount: s(p.shipping!.amount),
      minDays: p.shipping!.minDays,
      maxDays: p.shipping!.maxDays,
      earliest: p.shipping!.earliest.toISOString(),
      latest: p.shipping!.latest.toISOString(),
      locationId: p.shipping!.locationId,
    },
    lines: p.lines.map((l) => {
      const tax = lineTax(l.id);
      const included = p.market.taxDisplay === "inclusive";
      return {
        lineId: l.id,
        variantId: l.variantId,
        productId: l.productId,
        sku: l.sku,
        title: l.title,
        variantTitle: l.variantTitle,
        quantity: l.quantity,
        unitPrice: s(l.unitPrice),
        subtotal: s(l.subtotal),
        discount: s(l.discount),
        tax: s(tax),
        total: s(included ? l.amount : l.amount + tax),
      };
    }),
    adjustments: p.adjustments.map((a) => ({ source: a.source, code: a.code, target: a.target, amount: s(a.amount) })),
    taxLines: p.tax.taxLines.map((t) => ({ ...t, base: s(t.base), amount: s(t.amount) })),
    totals: {
      subtotal: s(p.totals.subtotal),
      discounts: s(p.totals.discounts),
      shipping: s(p.totals.shipping),
      tax: s(p.totals.tax),
      duties: s(p.totals.duties),
      total: s(p.totals.total),
    },
    notices: p.tax.notices,
    taxMode: p.market.taxDisplay,
    dutyMode: p.tax.notices.some((n) => n.code === "duties_due_on_delivery") ? "DDU" : p.tax.duties > 0n ? "DDP" : "none",
    discountCodes: p.adjustments.filter((a) => a.source === "discount_code" && a.code).map((a) => a.code!),
    baseCurrency: p.baseCurrency,
    fxRate: p.fxRate,
    baseTotal: s(p.baseTotal),
  };
}

function fingerprint(snapshot: CheckoutSnapshot): string {
  const { shippingMethod, ...rest } = snapshot;
  // Delivery dates move with the clock; they do not change what is being paid for.
  const stable = { ...rest, shippingMethod: { ...shippingMethod, earliest: undefined, latest: undefined } };
  return createHash("sha256").update(JSON.stringify(stable)).digest("hex");
}

async function stockPlan(p: CartPricing): Promise<{ variantId: string; quantity: number; locations: string[] }[]> {
  const local = p.shipping?.method === "local" ? p.shipping.locationId : null;
  const locations = await shippingLocations(p.cart.shippingAddress!.country, local);
  return p.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, locations }));
}

/** The demo payment page lives under the market so it speaks the shopper's language. */
export function demoPayPath(market: string, paymentId: string): string {
  return `/${market}/pay/demo/${paymentId}?token=${sign(DEMO_PAY_PURPOSE, paymentId)}`;
}

const DEMO_PAY_PURPOSE = "demo-pay";

/** Whether the request may act on the demo payment: it holds the paying cart's cookie or the page's signed token. */
export function canUseDemoPayment(payment: PaymentRow, cookieCartId: string | null, token: string | null): boolean {
  return payment.cartId === cookieCartId || verifySignature(DEMO_PAY_PURPOSE, payment.id, token);
}

export interface StartedPayment {
  payment: PaymentRow;
  clientSecret: string | null;
  redirectUrl: string | null;
  orderId: string | null;
}

/**
 * Starts paying for the cart as it is now. The cart row lock plus the (cart, fingerprint) key make a
 * double-submitted pay button yield one payment (one PaymentIntent) and one order. Stock is reserved
 * per location in the same transaction.
 */
export async function startPayment(cartIn: CartRow, opts: { origin: string; now?: Date }): Promise<StartedPayment> {
  const now = opts.now ?? new Date();
  const cart = await reloadCart(cartIn);
  if (cart.status === "completed") throw new UserError("cart_completed", "This cart has already been ordered.", 409);
  const pricing = await priceCart(cart, now);
  const problems = checkoutProblems(pricing);
  if (problems.length) throw problems[0]!;
  const snapshot = toSnapshot(pricing);
  const fp = fingerprint(snapshot);
  const provider = getPaymentProvider();
  const db = await getDb();
  const plan = await stockPlan(pricing);
  const units = plan.reduce((a, l) => a + l.quantity, 0);
  if (units > MAX_RESERVED_UNITS_PER_CART) {
    throw new UserError("too_many_units", `A cart can hold at most ${MAX_RESERVED_UNITS_PER_CART} units during checkout.`, 422, "lines", { max: MAX_RESERVED_UNITS_PER_CART });
  }
  const { payment, superseded } = await db.transaction(async (tx) => {
    const locked = await lockCart(tx, cart.id);
    if (locked!.status === "completed") throw new UserError("cart_completed", "This cart has already been ordered.", 409);
    const existing = await findCartPayment(tx, cart.id, fp);
    if (existing && existing.status !== "failed" && existing.status !== "canceled") return { payment: existing, superseded: [] as PaymentRow[] };
    // The cart changed since an earlier attempt: that attempt can no longer be paid.
    const older = await awaitingPayments(tx, cart.id);
    for (const o of older) await abandonPayment(tx, o, "canceled");
    if (existing) await deletePayment(tx, existing.id);
    // Each new payment re-reserves the stock; capped so a script cannot keep re-holding it.
    await enforceRateLimits([{ rule: RATE_LIMITS.reservationsPerCart, subject: cart.id }], { tx, now });
    const failedCodes = await claimCodeUses(tx, snapshot.discountCodes);
    if (failedCodes.length) throw new UserError("discount_rejected", `The code ${failedCodes[0]} has been used up.`, 409, "discountCodes");
    const id = newId("pay");
    const created = await insertPayment(tx, {
      id,
      cartId: cart.id,
      fingerprint: fp,
      provider: snapshot.totals.total === "0" ? "demo" : provider.name,
      amount: BigInt(snapshot.totals.total),
      currency: snapshot.currency,
      snapshot: snapshot as unknown as Record<string, unknown>,
      idempotencyKey: id,
    });
    await reserveStock(tx, id, plan, new Date(now.getTime() + RESERVATION_MINUTES * 60_000));
    await markCartCheckingOut(tx, cart.id, now);
    await enqueue("checkout.expire_reservations", {}, { runAt: new Date(now.getTime() + (RESERVATION_MINUTES + 1) * 60_000), tx });
    return { payment: created, superseded: older };
  });
  for (const o of superseded) if (o.providerRef) await getPaymentProvider().cancel(o.providerRef).catch(() => {});

  if (payment.status === "succeeded") return { payment, clientSecret: null, redirectUrl: null, orderId: payment.orderId };
  if (payment.amount === 0n) {
    const orderId = await completePayment(payment.id, "succeeded", now);
    return { payment: { ...payment, status: "succeeded", orderId }, clientSecret: null, redirectUrl: null, orderId };
  }
  if (payment.providerRef) {
    return { payment, clientSecret: payment.clientSecret, redirectUrl: payment.provider === "demo" ? demoPayPath(snapshot.market, payment.id) : null, orderId: payment.orderId };
  }
  try {
    const created = await provider.createPayment({
      paymentId: payment.id,
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: payment.idempotencyKey,
      email: snapshot.email,
      description: `Order from cart ${cart.id}`,
      returnUrl: `${opts.origin}/${snapshot.market}/checkout/return?payment=${payment.id}`,
    });
    const updated = await updatePayment(db, payment.id, { providerRef: created.providerRef, clientSecret: created.clientSecret ?? null });
    const redirectUrl = provider.name === "demo" ? demoPayPath(snapshot.market, payment.id) : (created.redirectUrl ?? null);
    return { payment: updated, clientSecret: created.clientSecret ?? null, redirectUrl, orderId: null };
  } catch (e) {
    await db.transaction(async (tx) => {
      const p = await lockPayment(tx, payment.id);
      if (p && p.status === "requires_payment") await abandonPayment(tx, p, "failed");
    });
    throw e instanceof UserError ? e : new UserError("payment_unavailable", "The payment could not be started. Please try again.", 409);
  }
}

/** Gives back what a payment held (stock, code uses) and reopens the cart. Caller holds the row lock. */
async function abandonPayment(tx: Db, p: PaymentRow, status: "failed" | "canceled"): Promise<void> {
  await releaseReservations(tx, p.id);
  const snapshot = p.snapshot as unknown as CheckoutSnapshot;
  await releaseCodeUses(tx, snapshot.discountCodes ?? []);
  await updatePayment(tx, p.id, { status });
  await reopenCart(tx, p.cartId);
  if (p.orderId) await cancelUnpaidOrder(tx, p.orderId, `payment ${status}`);
}

/**
 * Applies a payment outcome from any source (webhook, return page, demo page, expiry job). Row-locked
 * and idempotent: replays and races produce one state change and at most one order per cart.
 * Returns the order id when there is one.
 */
export async function completePayment(paymentId: string, status: ProviderPaymentStatus, now = new Date()): Promise<string | null> {
  const db = await getDb();
  // Loaded before the transaction: on PGlite (one connection) a query outside it would wait forever.
  const allLocations = (await getLocations()).map((l) => l.id);
  return db.transaction(async (tx) => {
    const p = await lockPayment(tx, paymentId);
    if (!p) throw new UserError("payment_not_found", "Payment not found.", 404);
    const snapshot = p.snapshot as unknown as CheckoutSnapshot;
    if (p.status === "succeeded") return p.orderId;
    if (status === "requires_payment") return p.orderId;
    if (status === "failed" || status === "canceled") {
      if (p.status === "failed" || p.status === "canceled") return p.orderId;
      await abandonPayment(tx, p, status);
      return p.orderId;
    }
    if (p.status === "failed" || p.status === "canceled") {
      // Paid after we gave up on it (e.g. a voucher paid after expiry): take the stock again if it's there.
      const plan = snapshot.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, locations: [] as string[] }));
      plan.forEach((x) => (x.locations = snapshot.shippingMethod.locationId ? [snapshot.shippingMethod.locationId, ...allLocations] : allLocations));
      await reserveStock(tx, p.id, plan, new Date(now.getTime() + 60_000));
      await claimCodeUses(tx, snapshot.discountCodes);
    }
    // One order per cart: a second payment of the same cart cannot create another order.
    const cartOrder = await findOrderForCart(tx, p.cartId);
    if (cartOrder && cartOrder.paymentId !== p.id) {
      await releaseReservations(tx, p.id);
      await updatePayment(tx, p.id, { status: "succeeded", orderId: cartOrder.id, updatedAt: now });
      await enqueue("checkout.refund_duplicate", { paymentId: p.id }, { dedupeKey: `refund_duplicate:${p.id}`, tx });
      return cartOrder.id;
    }
    if (status === "pending") {
      if (p.status === "pending") return p.orderId;
      await extendReservations(tx, p.id, new Date(now.getTime() + VOUCHER_RESERVATION_HOURS * 3_600_000));
      const order = cartOrder ?? (await createOrderFromSnapshot(tx, { cartId: p.cartId, paymentId: p.id, snapshot, paidAt: null }));
      await updatePayment(tx, p.id, { status: "pending", orderId: order.id, updatedAt: now });
      await completeCart(tx, p.cartId, now);
      await enqueue("orders.email", { orderId: order.id, template: "payment-pending" }, { dedupeKey: `mail:payment-pending:${order.id}`, tx });
      return order.id;
    }
    // succeeded
    await commitReservations(tx, p.id);
    let orderId: string;
    if (cartOrder) {
      await markOrderPaid(tx, cartOrder.id, now, `payment ${p.id}`);
      orderId = cartOrder.id;
    } else {
      orderId = (await createOrderFromSnapshot(tx, { cartId: p.cartId, paymentId: p.id, snapshot, paidAt: now })).id;
    }
    await redeemCodes(tx, orderId, snapshot.discountCodes, snapshot.email);
    await updatePayment(tx, p.id, { status: "succeeded", orderId, updatedAt: now });
    await completeCart(tx, p.cartId, now);
    await enqueue("orders.email", { orderId, template: "order-confirmation" }, { dedupeKey: `mail:order-confirmation:${orderId}`, tx });
    return orderId;
  });
}

/** Releases stock held by payments that were never completed in time (job). */
export async function expireReservations(now = new Date()): Promise<number> {
  const db = await getDb();
  const ids = await expiredPaymentIds(db, now);
  let n = 0;
  for (const id of ids) {
    const cancelled = await db.transaction(async (tx) => {
      const p = await lockPayment(tx, id);
      if (!p || p.status === "succeeded") return null;
      await abandonPayment(tx, p, "canceled");
      return p;
    });
    if (cancelled) {
      n++;
      if (cancelled.providerRef && cancelled.provider !== "demo") await getPaymentProvider().cancel(cancelled.providerRef).catch(() => {});
    }
  }
  return n;
}
