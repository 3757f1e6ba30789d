import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { getDb } from "~db/index";
import { referralClicksTable, referralsTable } from "~db/schema/referrals";
import { getContact } from "../contacts/contacts.server";
import { getCampaign } from "./campaigns.server";
import type { RewardStatus } from "./statuses";

export interface ReferralView {
  id: string;
  campaignId: string;
  campaignName: string;
  referrerContactId: string;
  referrerEmail: string;
  friendContactId: string;
  friendEmail: string;
  orderId: string;
  status: RewardStatus;
  reasons: string[];
  ip: string;
  revenueBase: bigint;
  grantAt: Date;
  rewardPoints: number | null;
  rewardCode: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  createdAt: Date;
}

async function views(rows: (typeof referralsTable.$inferSelect)[]): Promise<ReferralView[]> {
  const emails = new Map<string, string>();
  const names = new Map<string, string>();
  for (const r of rows) {
    for (const id of [r.referrerContactId, r.friendContactId]) if (!emails.has(id)) emails.set(id, (await getContact(id))?.email ?? "");
    if (!names.has(r.campaignId)) names.set(r.campaignId, (await getCampaign(r.campaignId))?.name ?? "");
  }
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaignId,
    campaignName: names.get(r.campaignId)!,
    referrerContactId: r.referrerContactId,
    referrerEmail: emails.get(r.referrerContactId)!,
    friendContactId: r.friendContactId,
    friendEmail: emails.get(r.friendContactId)!,
    orderId: r.orderId,
    status: r.status,
    reasons: r.reasons,
    ip: r.ip,
    revenueBase: r.revenueBase,
    grantAt: r.grantAt,
    rewardPoints: r.rewardPoints,
    rewardCode: r.rewardCode,
    decidedBy: r.decidedBy,
    decisionReason: r.decisionReason,
    createdAt: r.createdAt,
  }));
}

/** The review queue (status `held`) or any other status, oldest first: first in, first reviewed. */
export async function listRewards(status: RewardStatus | undefined, limit = 200): Promise<ReferralView[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(referralsTable)
    .where(status ? eq(referralsTable.status, status) : undefined)
    .orderBy(referralsTable.createdAt)
    .limit(limit);
  return views(rows);
}

export async function getReward(id: string): Promise<ReferralView | null> {
  const db = await getDb();
  const [view] = await views(await db.select().from(referralsTable).where(eq(referralsTable.id, id)));
  return view ?? null;
}

/** Referrals a contact made, newest first (their account page, the admin contact profile). */
/** The referrals a contact made (as referrer) or, with `as: "friend"`, the one they received. */
export async function contactReferrals(contactId: string, opts: { as?: "referrer" | "friend" } = {}): Promise<ReferralView[]> {
  const db = await getDb();
  const column = opts.as === "friend" ? referralsTable.friendContactId : referralsTable.referrerContactId;
  return views(await db.select().from(referralsTable).where(eq(column, contactId)).orderBy(desc(referralsTable.createdAt)));
}

export interface CampaignStats {
  clicks: number;
  signUps: number;
  firstOrders: number;
  /** Base-currency minor units of the friends' first orders, refunded ones left out. */
  revenueBase: bigint;
  rewards: Record<RewardStatus, number>;
}

export async function campaignStats(campaignId: string): Promise<CampaignStats> {
  const db = await getDb();
  const [clicks] = await db.select({ n: count() }).from(referralClicksTable).where(eq(referralClicksTable.campaignId, campaignId));
  const byStatus = await db
    .select({
      status: referralsTable.status,
      n: count(),
      revenue: sql<string>`coalesce(sum(${referralsTable.revenueBase}), 0)`,
    })
    .from(referralsTable)
    .where(and(eq(referralsTable.campaignId, campaignId), sql`not ('existing_customer' = any(${referralsTable.reasons}))`))
    .groupBy(referralsTable.status);
  const rewards: Record<RewardStatus, number> = { pending: 0, held: 0, granted: 0, rejected: 0, cancelled: 0, ineligible: 0 };
  let revenueBase = 0n;
  for (const r of byStatus) {
    rewards[r.status] = r.n;
    if (r.status !== "cancelled") revenueBase += BigInt(r.revenue);
  }
  // Sign-ups: referred friends who hold an account (an account opened without an order has no referral link to count).
  const friends = await db.select({ id: referralsTable.friendContactId }).from(referralsTable).where(eq(referralsTable.campaignId, campaignId));
  let signUps = 0;
  for (const f of friends) if ((await getContact(f.id))?.customerId) signUps++;
  const firstOrders = byStatus.reduce((n, r) => n + r.n, 0);
  return { clicks: clicks?.n ?? 0, signUps, firstOrders, revenueBase, rewards };
}

/** SQL over "contacts"."id" (segments): friends this contact referred, rejected, cancelled and ineligible referrals left out. */
export function referredFriendsCountSql(): SQL<number> {
  return sql<number>`(select count(*) from referrals r where r.referrer_contact_id = "contacts"."id" and r.status not in ('rejected', 'cancelled', 'ineligible'))`;
}

/** SQL condition over "contacts"."id": the contact's first order was attributed to a referrer (not rejected, cancelled or ineligible). */
export function wasReferredSql(): SQL {
  return sql`exists (select 1 from referrals r where r.friend_contact_id = "contacts"."id" and r.status not in ('rejected', 'cancelled', 'ineligible'))`;
}
