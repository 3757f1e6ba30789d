import { and, desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { referralCampaignsTable } from "~db/schema/referrals";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { discountCodeExists, issueDiscountCode } from "../discounts/issue-code.server";
import type { CampaignInput } from "./campaign-input";

export type CampaignRow = typeof referralCampaignsTable.$inferSelect;

/** Inserts a campaign (and its shared friend code) in the caller's transaction: the seed and the audited write. */
export async function insertCampaign(tx: Db, input: CampaignInput): Promise<CampaignRow> {
  const startsAt = new Date(input.startsAt);
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  let sharedCode: string | null = null;
  if (input.friendCodeMode === "shared") {
    if (await discountCodeExists(tx, input.sharedCode!)) throw new UserError("code_taken", "This discount code already exists; choose another.", 409, "sharedCode");
    sharedCode = await issueDiscountCode(tx, {
      code: input.sharedCode!,
      kind: input.friendOfferKind,
      percentBp: input.friendPercentBp,
      amounts: input.friendAmounts,
      startsAt,
      endsAt,
      usageLimit: null,
      // One use per friend: the shared code is a first-order offer.
      perCustomerLimit: 1,
    });
  }
  const [row] = await tx
    .insert(referralCampaignsTable)
    .values({
      id: newId("rcmp"),
      name: input.name,
      startsAt,
      endsAt,
      friendOfferKind: input.friendOfferKind,
      friendPercentBp: input.friendOfferKind === "percentage" ? input.friendPercentBp : null,
      friendAmounts: input.friendOfferKind === "fixed" ? input.friendAmounts : {},
      friendCodeMode: input.friendCodeMode,
      sharedCode,
      rewardKind: input.rewardKind,
      rewardPoints: input.rewardKind === "points" ? input.rewardPoints : null,
      rewardAmounts: input.rewardKind === "discount" ? input.rewardAmounts : {},
      perReferrerCap: input.perReferrerCap,
      minOrderBase: BigInt(input.minOrderBase),
      returnWindowDays: input.returnWindowDays,
      ipDailyLimit: input.ipDailyLimit,
    })
    .returning();
  return row!;
}

/**
 * Staff writes take the audit entry as a hook (app/server/referral-admin.server.ts writes it), run in
 * the change's own transaction: referrals sits below staff and does not import it.
 */
export type ReferralAuditHook = (tx: Db, change: { entityId: string; before: unknown; after: unknown }) => Promise<void>;

export async function createCampaign(input: CampaignInput, audit: ReferralAuditHook): Promise<CampaignRow> {
  const db = await getDb();
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const row = await insertCampaign(tx, input);
    await audit(tx, { entityId: row.id, before: null, after: row });
    return row;
  });
}

export async function listCampaigns(): Promise<CampaignRow[]> {
  const db = await getDb();
  return db.select().from(referralCampaignsTable).orderBy(desc(referralCampaignsTable.startsAt));
}

export async function getCampaign(id: string, db?: Db): Promise<CampaignRow | null> {
  const [row] = await (db ?? (await getDb())).select().from(referralCampaignsTable).where(eq(referralCampaignsTable.id, id));
  return row ?? null;
}

/** The campaign a share link opened at `at` belongs to: the latest started one still running. */
export async function activeCampaign(at: Date, db?: Db): Promise<CampaignRow | null> {
  const [row] = await (db ?? (await getDb()))
    .select()
    .from(referralCampaignsTable)
    .where(and(lte(referralCampaignsTable.startsAt, at), or(isNull(referralCampaignsTable.endsAt), gt(referralCampaignsTable.endsAt, at))))
    .orderBy(desc(referralCampaignsTable.startsAt))
    .limit(1);
  return row ?? null;
}
