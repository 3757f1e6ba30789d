import { and, count, eq, gte, inArray, lt, ne } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { referralsTable } from "~db/schema/referrals";
import { addDays, now } from "~/lib/clock.server";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { ensureContact, findContactByEmail, getContact } from "../contacts/contacts.server";
import { issueDiscountCode } from "../discounts/issue-code.server";
import { enqueue, registerHandler } from "../jobs/jobs.server";
import { postPoints } from "../loyalty/ledger.server";
import { registerOrderListener, type OrderListener } from "../orders/order-listeners.server";
import { paidOrdersOfBuyer } from "../orders/orders-by-buyer.server";
import { cardFingerprintsOf } from "../payments/payments.server";
import { getCampaign, type CampaignRow, type ReferralAuditHook } from "./campaigns.server";
import { selfReferralSignals, type HoldReason, type IneligibleReason } from "./fraud";
import { clickForOrder, referrerDevices } from "./links.server";

export type ReferralRow = typeof referralsTable.$inferSelect;
type OrderRow = Parameters<NonNullable<OrderListener["paid"]>>[1];

const GRANT_JOB = "referrals.grant";
/** Statuses that take a place under a referrer's cap. */
const COUNTED = ["pending", "held", "granted"] as const;

async function referrerParty(tx: Db, contact: { email: string; customerId: string | null; id: string }) {
  const orders = await paidOrdersOfBuyer(tx, { emails: [contact.email], customerId: contact.customerId });
  return {
    email: contact.email,
    addresses: orders.map((o) => o.shippingAddress),
    cardFingerprints: await cardFingerprintsOf(tx, orders.map((o) => o.paymentId)),
    devices: await referrerDevices(tx, contact.id),
  };
}

async function countFromIpToday(tx: Db, ip: string, at: Date): Promise<number> {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const [row] = await tx
    .select({ n: count() })
    .from(referralsTable)
    .where(and(eq(referralsTable.ip, ip), gte(referralsTable.createdAt, day), lt(referralsTable.createdAt, addDays(day, 1)), ne(referralsTable.status, "ineligible")));
  return row?.n ?? 0;
}

async function countedForReferrer(tx: Db, campaignId: string, referrerId: string, statuses: readonly ReferralRow["status"][]): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(referralsTable)
    .where(and(eq(referralsTable.campaignId, campaignId), eq(referralsTable.referrerContactId, referrerId), inArray(referralsTable.status, [...statuses])));
  return row?.n ?? 0;
}

/** The order listener: a friend's first paid order becomes a referral, checked for fraud, its reward scheduled. */
async function linkReferral(tx: Db, order: OrderRow): Promise<void> {
  const click = await clickForOrder(tx, order);
  if (!click) return;
  const campaign = await getCampaign(click.campaignId, tx);
  const referrer = await getContact(click.referrerContactId, tx);
  if (!campaign || !referrer || referrer.erasedAt) return;
  const friend =
    (await findContactByEmail(order.email, tx)) ??
    (await ensureContact(tx, { email: order.email, customerId: order.customerId, locale: order.locale, market: order.market, source: "order" }));
  // A friend is referred once: the first referrer keeps them.
  const [already] = await tx.select({ id: referralsTable.id }).from(referralsTable).where(eq(referralsTable.friendContactId, friend.id));
  if (already) return;
  const paidAt = order.paidAt ?? now();
  const friendOrders = await paidOrdersOfBuyer(tx, { emails: [order.email], customerId: order.customerId });
  const ineligible: IneligibleReason[] = [];
  if (friendOrders.some((o) => o.id !== order.id && o.paidAt! <= paidAt)) ineligible.push("existing_customer");
  if ((order.baseTotal ?? 0n) < campaign.minOrderBase) ineligible.push("below_minimum");
  if (campaign.perReferrerCap !== null && (await countedForReferrer(tx, campaign.id, referrer.id, COUNTED)) >= campaign.perReferrerCap) ineligible.push("cap_reached");
  const holds: HoldReason[] = [];
  if (!ineligible.length) {
    holds.push(
      ...selfReferralSignals(await referrerParty(tx, referrer), {
        email: order.email,
        addresses: [order.shippingAddress],
        cardFingerprints: await cardFingerprintsOf(tx, [order.paymentId]),
        devices: [click.deviceId],
      }),
    );
    if ((await countFromIpToday(tx, click.ip, now())) >= campaign.ipDailyLimit) holds.push("ip_daily_limit");
  }
  const status = ineligible.length ? "ineligible" : holds.length ? "held" : "pending";
  const [row] = await tx
    .insert(referralsTable)
    .values({
      id: newId("rfl"),
      campaignId: campaign.id,
      referrerContactId: referrer.id,
      friendContactId: friend.id,
      orderId: order.id,
      clickId: click.id,
      ip: click.ip,
      deviceId: click.deviceId,
      status,
      reasons: ineligible.length ? ineligible : holds,
      revenueBase: order.baseTotal ?? 0n,
      grantAt: addDays(paidAt, campaign.returnWindowDays),
      createdAt: now(),
    })
    .onConflictDoNothing()
    .returning();
  if (row && status !== "ineligible") await enqueue(GRANT_JOB, { referralId: row.id }, { runAt: row.grantAt, dedupeKey: `referral-grant:${row.id}`, tx });
}

/** A refund inside the return window cancels the reward; after it, the reward stands. */
async function cancelOnRefund(tx: Db, order: OrderRow): Promise<void> {
  const [row] = await tx.select().from(referralsTable).where(eq(referralsTable.orderId, order.id)).for("update");
  if (!row || (row.status !== "pending" && row.status !== "held") || now() >= row.grantAt) return;
  await tx
    .update(referralsTable)
    .set({ status: "cancelled", reasons: [...row.reasons, "refunded"], decidedAt: now() })
    .where(eq(referralsTable.id, row.id));
}

async function grant(tx: Db, row: ReferralRow, campaign: CampaignRow): Promise<ReferralRow> {
  if (campaign.perReferrerCap !== null && (await countedForReferrer(tx, campaign.id, row.referrerContactId, ["granted"])) >= campaign.perReferrerCap) {
    const [capped] = await tx.update(referralsTable).set({ status: "ineligible", reasons: [...row.reasons, "cap_reached"] }).where(eq(referralsTable.id, row.id)).returning();
    return capped!;
  }
  let rewardPoints: number | null = null;
  let rewardCode: string | null = null;
  if (campaign.rewardKind === "points") {
    rewardPoints = campaign.rewardPoints!;
    await postPoints(tx, { contactId: row.referrerContactId, type: "earn", points: rewardPoints, source: "referral", orderId: row.orderId, reason: `Referral ${row.id}`, actor: "system", dedupeKey: `referral:${row.id}` });
  } else {
    rewardCode = await issueDiscountCode(tx, { prefix: "THANKS", kind: "fixed", amounts: campaign.rewardAmounts, usageLimit: 1, perCustomerLimit: 1 });
  }
  const [granted] = await tx.update(referralsTable).set({ status: "granted", rewardPoints, rewardCode }).where(eq(referralsTable.id, row.id)).returning();
  return granted!;
}

async function lockReferral(tx: Db, id: string): Promise<ReferralRow | null> {
  const [row] = await tx.select().from(referralsTable).where(eq(referralsTable.id, id)).for("update");
  return row ?? null;
}

/** The job at paid time + return window: a pending (unrefunded, not held) referral earns its reward. */
async function runGrantJob(payload: { referralId: string }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const row = await lockReferral(tx, payload.referralId);
    if (!row || row.status !== "pending" || now() < row.grantAt) return;
    const campaign = await getCampaign(row.campaignId, tx);
    if (campaign) await grant(tx, row, campaign);
  });
}

export function registerReferralJobs(): void {
  registerHandler<{ referralId: string }>(GRANT_JOB, runGrantJob);
  registerOrderListener("referrals", { paid: linkReferral, refunded: cancelOnRefund });
}

async function decide(id: string, audit: ReferralAuditHook, change: (tx: Db, row: ReferralRow) => Promise<ReferralRow>): Promise<ReferralRow> {
  const db = await getDb();
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const before = await lockReferral(tx, id);
    if (!before) throw new UserError("reward_not_found", "No referral reward with this id.", 404);
    if (before.status !== "held") throw new UserError("reward_not_held", `This reward is ${before.status}, not held for review.`, 409);
    const after = await change(tx, before);
    await audit(tx, { entityId: id, before, after });
    return after;
  });
}

/** Staff clear a held reward: granted now when its return window has passed, else it waits for it as pending. */
export async function approveReward(id: string, staffEmail: string, audit: ReferralAuditHook): Promise<ReferralRow> {
  return decide(id, audit, async (tx, row) => {
    const [approved] = await tx.update(referralsTable).set({ status: "pending", decidedBy: staffEmail, decidedAt: now() }).where(eq(referralsTable.id, id)).returning();
    if (now() < row.grantAt) return approved!;
    const campaign = await getCampaign(row.campaignId, tx);
    return campaign ? grant(tx, approved!, campaign) : approved!;
  });
}

export async function rejectReward(id: string, reason: string, staffEmail: string, audit: ReferralAuditHook): Promise<ReferralRow> {
  return decide(id, audit, async (tx) => {
    const [rejected] = await tx
      .update(referralsTable)
      .set({ status: "rejected", decisionReason: reason, decidedBy: staffEmail, decidedAt: now() })
      .where(eq(referralsTable.id, id))
      .returning();
    return rejected!;
  });
}
