import { createHash } from "node:crypto";
import { isEmail } from "~/lib/validation";
import { getDb, type Db } from "~db/index";
import { isUserError, UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { sign, verifySignature } from "~/lib/signing.server";
import { completeCart, lockCart, markCartCheckingOut, reloadCart, reopenCart, type CartRow } from "../cart/cart.server";
import { priceCart, type CartPricing } from "../cart/pricing.server";
import { adjustmentSources } from "../pricing/adjustments";
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
import { cancelUnpaidOrder, createOrderFromSnapshot, findOrderForCart, markOrderPaid, noteOrderEvent, reopenCancelledOrderAsPaid } from "../orders/orders.server";
import type { ProviderPaymentStatus } from "../payments/payments";
import {
  awaitingPayments,
  findCartPayment,
  getPayment,
  insertPayment,
  lockPayment,
  recordWebhookEvent,
  updatePayment,
  type PaymentRow,
} from "../payments/payments.server";
import { getPaymentProvider } from "../payments/providers.server";
import { enforceRateLimits, MAX_RESERVED_UNITS_PER_CART, RATE_LIMITS } from "../ratelimit/ratelimit.server";
import { validateAddress } from "./address";

/** How long stock stays reserved while the shopper pays; vouchers (Konbini, Boleto) get days. */
const RESERVATION_MINUTES = 30;
const VOUCHER_RESERVATION_HOURS = 72;


/** Everything that must hold before money can be taken, as user-facing problems. */
function checkoutProblems(p: CartPricing): UserError[] {
  const problems: UserError[] = [];
  if (!p.lines.length) problems.push(new UserError("cart_empty", "Your cart is empty.", 422, "lines"));
  if (p.lines.length !== p.cartLineCount) problems.push(new UserError("variant_not_sold_in_market", "Some items in your cart are no longer sold here. Remove them to continue.", 422, "lines"));
  for (const l of p.lines) {
    if (l.quantity > l.available) problems.push(new UserError("insufficient_stock", `${l.title}: only ${l.available} left.`, 409, "lines", { lineId: l.id, title: l.title, available: l.available }));
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

function toSnapshot(p: CartPricing): CheckoutSnapshot {
  const s = (v: bigint) => v.toString();
  const lineTax = (id: string) => p.tax.taxLines.filter((t) => t.lineId === id && t.kind === "tax").reduce((a, t) => a + t.amount, 0n);
  return {
    market: p.market.handle,
    currency: p.currency,
    language: p.market.language,
    intlLocale: intlLocale(p.market),
    email: p.cart.email!.trim().toLowerCase(),
    ...(p.cart.customerId ? { customerId: p.cart.customerId } : {}),
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
    shipments: p.shipping!.shipments.map((x) => ({
      locationId: x.locationId,
      shipsFrom: x.country,
      earliest: x.earliest.toISOString(),
      latest: x.latest.toISOString(),
      lines: x.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
    })),
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
        imageUrl: l.imageUrl,
        quantity: l.quantity,
        unitPrice: s(l.unitPrice),
        subtotal: s(l.subtotal),
        discount: s(l.discount),
        tax: s(tax),
        total: s(included ? l.amount : l.amount + tax),
        shipFromLocationId: l.shipFrom?.locationId ?? null,
        shipFromCountry: l.shipFrom?.country ?? null,
        taxRegime: l.taxRegime,
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
      dueOnDelivery: s(p.tax.dueOnDelivery),
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
  const { shippingMethod, shipments, ...rest } = snapshot;
  // Delivery dates move with the clock; they do not change what is being paid for.
  const stable = {
    ...rest,
    shippingMethod: { ...shippingMethod, earliest: undefined, latest: undefined },
    shipments: shipments?.map((x) => ({ ...x, earliest: undefined, latest: undefined })),
  };
  return createHash("sha256").update(JSON.stringify(stable)).digest("hex");
}

async function stockPlan(p: CartPricing): Promise<{ variantId: string; quantity: number; locations: string[] }[]> {
  const local = p.shipping?.method === "local" ? p.shipping.locationId : null;
  const locations = await shippingLocations(p.cart.shippingAddress!.country, local);
  return p.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, locations }));
}

const RETURN_TOKEN_PURPOSE = "payment-return";

/**
 * Where the provider sends the shopper back. The signed token lets the return page find the payment
 * without the cart cookie (a bank app or wallet may hand the shopper to another browser).
 */
export function paymentReturnPath(market: string, paymentId: string): string {
  return `/${market}/checkout/return?payment=${encodeURIComponent(paymentId)}&token=${sign(RETURN_TOKEN_PURPOSE, paymentId)}`;
}

export function verifyPaymentReturnToken(paymentId: string, token: string | null | undefined): boolean {
  return verifySignature(RETURN_TOKEN_PURPOSE, paymentId, token);
}

/** The demo payment page lives under the market so it speaks the shopper's language. */
function demoPayPath(market: string, paymentId: string): string {
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
    // Each new payment re-reserves the stock; capped so a script cannot keep re-holding it.
    await enforceRateLimits([{ rule: RATE_LIMITS.reservationsPerCart, subject: cart.id }], { tx, now });
    const id = newId("pay");
    // Kept, not deleted: the earlier intent can still succeed (a declined card retried in the same
    // Payment Element, a bank transfer arriving late) and its webhook must still find the payment.
    if (existing) await updatePayment(tx, existing.id, { supersededBy: id });
    const [rejected] = await claimCodeUses(tx, snapshot.discountCodes, { paymentId: id, email: snapshot.email });
    if (rejected) {
      const message = rejected.reason === "customer_limit" ? `You have already used the code ${rejected.code}.` : `The code ${rejected.code} has been used up.`;
      throw new UserError("discount_rejected", message, 409, "discountCodes", { reason: rejected.reason, code: rejected.code });
    }
    await claimAdjustments(tx, snapshot, { cartId: cart.id, paymentId: id });
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
  await cancelProviderIntents(superseded.flatMap((o) => (o.providerRef && o.provider !== "demo" ? [o.providerRef] : [])));

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
      returnUrl: `${opts.origin}${paymentReturnPath(snapshot.market, payment.id)}`,
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

/** Lets every adjustment source take what the snapshot spends (points, rewards) for this payment. */
async function claimAdjustments(tx: Db, snapshot: CheckoutSnapshot, claim: { cartId: string; paymentId: string; late?: boolean }): Promise<void> {
  for (const source of adjustmentSources()) {
    await source.claim?.(tx, { ...claim, customerId: snapshot.customerId ?? null, adjustments: snapshot.adjustments, currency: snapshot.currency });
  }
}

/** Gives back what a payment held (stock, code uses) and reopens the cart. Caller holds the row lock. */
async function abandonPayment(tx: Db, p: PaymentRow, status: "failed" | "canceled", why = `payment ${status}`): Promise<void> {
  await releaseReservations(tx, p.id);
  const snapshot = p.snapshot as unknown as CheckoutSnapshot;
  await releaseCodeUses(tx, snapshot.discountCodes ?? [], p.id);
  for (const source of adjustmentSources()) await source.release?.(tx, p.id);
  await updatePayment(tx, p.id, { status });
  await reopenCart(tx, p.cartId);
  if (p.orderId) await cancelUnpaidOrder(tx, p.orderId, why);
}

/**
 * Staff cancelled an order still waiting for its payment (a voucher not paid yet): the payment is
 * given up like a canceled one (stock and code uses released, the order cancelled with the reason)
 * and the provider's intent is cancelled so the voucher can no longer be paid.
 */
export async function cancelAwaitingOrderPayment(order: { id: string; paymentId: string }, reason: string, inTx?: (tx: Db) => Promise<void>): Promise<void> {
  const db = await getDb();
  const ref = await db.transaction(async (tx) => {
    const p = await lockPayment(tx, order.paymentId);
    if (!p || (p.status !== "pending" && p.status !== "requires_payment")) {
      throw new UserError("payment_state_changed", "The payment of this order changed meanwhile; reload the order and try again.", 409);
    }
    await abandonPayment(tx, p, "canceled", reason);
    await inTx?.(tx);
    return p.providerRef && p.provider !== "demo" ? p.providerRef : null;
  });
  if (ref) await cancelProviderIntents([ref]);
}

/** Why a late success could not become an order, as recorded on the order's events. */
const LATE_PAYMENT_UNFULFILLABLE = "paid after the payment was given up; the stock is no longer available, so the payment is refunded";

/**
 * Applies a payment outcome from any source (webhook, return page, demo page, expiry job). Row-locked
 * and idempotent: replays and races produce one state change and at most one order per cart.
 * Returns the order id when there is one.
 */
export async function completePayment(paymentId: string, status: ProviderPaymentStatus, now = new Date()): Promise<string | null> {
  const db = await getDb();
  // Loaded before the transaction: on PGlite (one connection) a query outside it would wait forever.
  const allLocations = (await getLocations()).map((l) => l.id);
  const before = status === "succeeded" ? await getPayment(paymentId) : null;
  const card = before && before.status !== "succeeded" && !before.cardFingerprint ? await paidCardFingerprint(before.provider, before.providerRef) : null;
  const { orderId, cancelIntents } = await db.transaction(async (tx) => applyPaymentStatus(tx, await lockPayment(tx, paymentId), status, now, allLocations, card));
  await cancelProviderIntents(cancelIntents);
  return orderId;
}

export interface WebhookOutcome {
  duplicate: boolean;
  orderId: string | null;
}

/**
 * The webhook's path: the event id is recorded in the same transaction as its effect, so a crash in
 * between rolls both back and the provider's redelivery is processed instead of seen as a duplicate.
 * `providerRef` is written when the payment did not know it yet (found through the intent metadata).
 */
export async function completePaymentFromWebhook(
  paymentId: string,
  status: ProviderPaymentStatus,
  event: { id: string; provider: string; type: string; providerRef: string },
  now = new Date(),
): Promise<WebhookOutcome> {
  const db = await getDb();
  const allLocations = (await getLocations()).map((l) => l.id);
  const card = status === "succeeded" ? await paidCardFingerprint(event.provider, event.providerRef) : null;
  const result = await db.transaction(async (tx) => {
    if (!(await recordWebhookEvent(tx, event))) return { duplicate: true, orderId: null, cancelIntents: [] as string[] };
    let p = await lockPayment(tx, paymentId);
    if (p && !p.providerRef) {
      await updatePayment(tx, p.id, { providerRef: event.providerRef });
      p = { ...p, providerRef: event.providerRef };
    }
    return { duplicate: false, ...(await applyPaymentStatus(tx, p, status, now, allLocations, card)) };
  });
  await cancelProviderIntents(result.cancelIntents);
  return { duplicate: result.duplicate, orderId: result.orderId };
}

/**
 * The fingerprint of the card a provider charged (the referral fraud rule "same payment card"), asked
 * before the completion's transaction so no lock waits on the network. A failed lookup loses only
 * that signal: it is logged and the order goes ahead.
 */
async function paidCardFingerprint(provider: string, providerRef: string | null): Promise<string | null> {
  if (provider !== "stripe" || !providerRef) return null;
  try {
    return await getPaymentProvider().cardFingerprint(providerRef);
  } catch (e) {
    console.error(`[checkout] card fingerprint of ${providerRef} not read: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

async function cancelProviderIntents(refs: string[]): Promise<void> {
  for (const ref of refs) await getPaymentProvider().cancel(ref).catch(() => {});
}

/** Takes the stock again for a payment that had given it back; false when it is gone. */
async function reserveAgain(tx: Db, p: PaymentRow, snapshot: CheckoutSnapshot, allLocations: string[], now: Date): Promise<boolean> {
  const locations = snapshot.shippingMethod.locationId ? [snapshot.shippingMethod.locationId, ...allLocations] : allLocations;
  const plan = snapshot.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, locations }));
  try {
    // A savepoint: a line that no longer fits must not abort the payment's transaction.
    await tx.transaction((sp) => reserveStock(sp, p.id, plan, new Date(now.getTime() + 60_000)));
    return true;
  } catch (e) {
    if (isUserError(e) && e.code === "insufficient_stock") return false;
    throw e;
  }
}

/** Applies a provider status to a payment the caller has row-locked in `tx`. */
async function applyPaymentStatus(
  tx: Db,
  p: PaymentRow | null,
  status: ProviderPaymentStatus,
  now: Date,
  allLocations: string[],
  cardFingerprint: string | null = null,
): Promise<{ orderId: string | null; cancelIntents: string[] }> {
  const done = (orderId: string | null, cancelIntents: string[] = []) => ({ orderId, cancelIntents });
  if (!p) throw new UserError("payment_not_found", "Payment not found.", 404);
  const snapshot = p.snapshot as unknown as CheckoutSnapshot;
  if (p.status === "succeeded") return done(p.orderId);
  if (status === "requires_payment") return done(p.orderId);
  // Written before the order is paid: the order's `paid` listeners (referral fraud checks) read it.
  if (status === "succeeded" && cardFingerprint) await updatePayment(tx, p.id, { cardFingerprint });
  if (status === "failed" || status === "canceled") {
    if (p.status === "failed" || p.status === "canceled") return done(p.orderId);
    await abandonPayment(tx, p, status);
    return done(p.orderId);
  }
  const late = p.status === "failed" || p.status === "canceled";
  // One order per cart: a second payment of the same cart cannot create another order.
  const cartOrder = await findOrderForCart(tx, p.cartId);
  if (cartOrder && cartOrder.paymentId !== p.id) {
    await releaseReservations(tx, p.id);
    await updatePayment(tx, p.id, { status: "succeeded", orderId: cartOrder.id, updatedAt: now });
    await enqueue("checkout.refund_duplicate", { paymentId: p.id }, { dedupeKey: `refund_duplicate:${p.id}`, tx });
    return done(cartOrder.id);
  }
  const cancelIntents: string[] = [];
  if (late) {
    // Paid after we gave up on it (a voucher paid after expiry, a declined card retried): the attempts
    // that replaced it can no longer be paid, and the stock must be taken again if it is still there.
    for (const other of await awaitingPayments(tx, p.cartId)) {
      const locked = await lockPayment(tx, other.id);
      if (!locked || locked.id === p.id || locked.status !== "requires_payment") continue;
      await abandonPayment(tx, locked, "canceled");
      if (locked.providerRef && locked.provider !== "demo") cancelIntents.push(locked.providerRef);
    }
    if (!(await reserveAgain(tx, p, snapshot, allLocations, now))) {
      return done(await refundUnfulfillable(tx, p, snapshot, cartOrder?.id ?? null, now), cancelIntents);
    }
    // The shopper has paid the discounted price: a use that no longer fits the limit is honoured.
    await claimCodeUses(tx, snapshot.discountCodes, { paymentId: p.id, email: snapshot.email });
    await claimAdjustments(tx, snapshot, { cartId: p.cartId, paymentId: p.id, late: true });
  }
  if (status === "pending") {
    if (p.status === "pending") return done(p.orderId, cancelIntents);
    await extendReservations(tx, p.id, new Date(now.getTime() + VOUCHER_RESERVATION_HOURS * 3_600_000));
    const order = cartOrder ?? (await createOrderFromSnapshot(tx, { cartId: p.cartId, paymentId: p.id, snapshot, paidAt: null }));
    await updatePayment(tx, p.id, { status: "pending", orderId: order.id, updatedAt: now });
    await completeCart(tx, p.cartId, now);
    await enqueue("orders.email", { orderId: order.id, template: "payment-pending" }, { dedupeKey: `mail:payment-pending:${order.id}`, tx });
    return done(order.id, cancelIntents);
  }
  // succeeded
  await commitReservations(tx, p.id);
  let orderId: string;
  if (cartOrder?.status === "cancelled") {
    await reopenCancelledOrderAsPaid(tx, cartOrder.id, now, `payment ${p.id} succeeded after the order was cancelled; stock reserved again`);
    orderId = cartOrder.id;
  } else if (cartOrder) {
    await markOrderPaid(tx, cartOrder.id, now, `payment ${p.id}`);
    orderId = cartOrder.id;
  } else {
    orderId = (await createOrderFromSnapshot(tx, { cartId: p.cartId, paymentId: p.id, snapshot, paidAt: now })).id;
  }
  await redeemCodes(tx, orderId, snapshot.discountCodes, snapshot.email, p.id);
  await updatePayment(tx, p.id, { status: "succeeded", orderId, updatedAt: now });
  await completeCart(tx, p.cartId, now);
  await enqueue("orders.email", { orderId, template: "order-confirmation" }, { dedupeKey: `mail:order-confirmation:${orderId}`, tx });
  return done(orderId, cancelIntents);
}

/**
 * Money arrived for goods we can no longer reserve. The payment keeps a cancelled order (created now
 * if it never had one) that records why; a job refunds through the provider and emails the shopper.
 */
async function refundUnfulfillable(tx: Db, p: PaymentRow, snapshot: CheckoutSnapshot, orderId: string | null, now: Date): Promise<string> {
  const id = orderId ?? (await createOrderFromSnapshot(tx, { cartId: p.cartId, paymentId: p.id, snapshot, paidAt: null })).id;
  if (orderId) await noteOrderEvent(tx, id, `payment ${p.id} succeeded: ${LATE_PAYMENT_UNFULFILLABLE}`);
  await cancelUnpaidOrder(tx, id, `payment ${p.id} succeeded: ${LATE_PAYMENT_UNFULFILLABLE}`);
  await updatePayment(tx, p.id, { status: "succeeded", orderId: id, updatedAt: now });
  await enqueue("checkout.refund_unfulfillable", { orderId: id, reason: LATE_PAYMENT_UNFULFILLABLE }, { dedupeKey: `refund_unfulfillable:${p.id}`, tx });
  return id;
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
