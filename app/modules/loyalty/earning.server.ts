import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "~db/index";
import { pointsLedgerTable } from "~db/schema/loyalty";
import { addDays, now } from "~/lib/clock.server";
import { contactForCustomer, findContactByEmail, lockContact, type ContactRow } from "../contacts/contacts.server";
import { enqueue } from "../jobs/jobs.server";
import type { OrderListener } from "../orders/order-listeners.server";
import { pointsToReverse, pointsForSpend, wholeBaseUnits } from "./earning";
import { scheduleNextDaily } from "./daily.server";
import { pointsBalance, postPoints } from "./ledger.server";
import { tierMultiplier } from "./tiers.server";
import { getLoyaltySettings } from "./settings.server";

export const RELEASE_POINTS_JOB = "loyalty.release-points";

type Order = Parameters<NonNullable<OrderListener["paid"]>>[1];
type Refund = Parameters<NonNullable<OrderListener["refunded"]>>[2];

/** The contact who collects an order's points: the account's contact, else the buyer's address. */
async function orderContact(tx: Db, order: Order): Promise<ContactRow | null> {
  return (order.customerId ? await contactForCustomer(order.customerId, tx) : null) ?? (await findContactByEmail(order.email, tx));
}

/**
 * Points for a paid order, pending until the return window has passed: per whole unit of the base
 * currency spent on goods (subtotal − discounts, in the base currency at the order's FX rate, rounded
 * down), times the tier multiplier. Counting from delivery, availableAt stays empty until delivery.
 */
async function awardOrderPoints(tx: Db, order: Order): Promise<void> {
  const contact = await orderContact(tx, order);
  if (!contact || contact.erasedAt) return;
  const settings = await getLoyaltySettings(tx);
  // fxRate is null only on imported orders, which never reach the order listeners.
  const units = wholeBaseUnits(order.subtotal - order.discountTotal, order.currency, order.baseCurrency, order.fxRate ?? "1");
  const points = pointsForSpend(units, settings.pointsPerUnit, await tierMultiplier(tx, contact.id));
  if (points <= 0) return;
  const availableAt = settings.returnWindowFrom === "payment" ? addDays(order.paidAt ?? now(), settings.returnWindowDays) : null;
  const row = await postPoints(tx, { contactId: contact.id, type: "earn", points, pending: true, availableAt, source: "order", orderId: order.id, actor: "system", dedupeKey: `earn:${order.id}` });
  if (row && availableAt) await scheduleRelease(tx, order.id, availableAt);
  // Keeps the daily run (birthdays, expiry) scheduled on a store that was not seeded with it.
  await scheduleNextDaily(tx);
}

async function scheduleRelease(tx: Db, orderId: string, at: Date): Promise<void> {
  await enqueue(RELEASE_POINTS_JOB, { orderId }, { runAt: at, dedupeKey: `${RELEASE_POINTS_JOB}:${orderId}`, tx });
}

/** Counting from delivery: the order's waiting rows get their date now (once; amounts never change). */
async function startWindowAtDelivery(tx: Db, order: Order): Promise<void> {
  const { returnWindowDays } = await getLoyaltySettings(tx);
  const at = addDays(now(), returnWindowDays);
  const rows = await tx
    .update(pointsLedgerTable)
    .set({ availableAt: at })
    .where(and(eq(pointsLedgerTable.orderId, order.id), eq(pointsLedgerTable.status, "pending"), isNull(pointsLedgerTable.availableAt)))
    .returning({ id: pointsLedgerTable.id });
  if (rows.length) await scheduleRelease(tx, order.id, at);
}

/**
 * A refund takes back the order's points in proportion (earning.ts `pointsToReverse`). Pending points
 * are reversed as pending with the same date; available points only as far as the balance goes (points
 * already spent cannot be taken back, and a refund is never blocked by them). A full refund also
 * returns the points the order redeemed.
 */
async function reverseForRefund(tx: Db, order: Order, refund: Refund): Promise<void> {
  const rows = await tx.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.orderId, order.id));
  const earn = rows.find((r) => r.type === "earn");
  if (earn) {
    const reversed = -rows.filter((r) => r.type === "reverse" && r.reverses === earn.id).reduce((a, r) => a + r.points, 0);
    let points = pointsToReverse(earn.points, order.refundedTotal, order.total, reversed);
    const pending = earn.status === "pending";
    if (points > 0 && !pending) {
      await lockContact(tx, earn.contactId);
      points = Math.min(points, (await pointsBalance(earn.contactId, tx)).available);
    }
    if (points > 0) {
      await postPoints(tx, {
        contactId: earn.contactId, type: "reverse", points: -points, pending, availableAt: earn.availableAt, source: "refund",
        orderId: order.id, reverses: earn.id, actor: "system", dedupeKey: `reverse:${refund.id}`,
      });
    }
  }
  if (order.refundedTotal >= order.total) await returnRedeemedPoints(tx, order);
}

async function returnRedeemedPoints(tx: Db, order: Order): Promise<void> {
  const redeemed = await tx
    .select()
    .from(pointsLedgerTable)
    .where(inArray(pointsLedgerTable.dedupeKey, [`redeem:${order.paymentId}`, `redeem:${order.paymentId}:late`]));
  for (const r of redeemed) {
    await postPoints(tx, { contactId: r.contactId, type: "reverse", points: -r.points, source: "refund", orderId: order.id, reverses: r.id, actor: "system", dedupeKey: `return:${r.id}` });
  }
}

/** Sign-up bonus once the address is confirmed; at most once per contact, whoever calls it. */
export async function awardSignupBonus(tx: Db, contactId: string): Promise<void> {
  const { signupBonus } = await getLoyaltySettings(tx);
  if (signupBonus <= 0) return;
  await postPoints(tx, { contactId, type: "earn", points: signupBonus, source: "signup", actor: "system", dedupeKey: `signup:${contactId}` });
}

export const loyaltyOrderListener: OrderListener = {
  paid: awardOrderPoints,
  delivered: startWindowAtDelivery,
  refunded: reverseForRefund,
};
