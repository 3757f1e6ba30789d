import type { Db } from "../index";
import { insertCampaign } from "~/modules/referrals/campaigns.server";

/** One running demo campaign: 10% off a friend's first order (a code of their own), 500 points for the referrer. */
export async function seedReferrals(db: Db, now = new Date()): Promise<void> {
  await insertCampaign(db, {
    name: "Share the calm",
    startsAt: new Date(now.getTime() - 86_400_000).toISOString(),
    endsAt: null,
    friendOfferKind: "percentage",
    friendPercentBp: 1000,
    friendAmounts: {},
    friendCodeMode: "unique",
    sharedCode: null,
    rewardKind: "points",
    rewardPoints: 500,
    rewardAmounts: {},
    perReferrerCap: 20,
    // 10.00 in the demo store's base currency (USD): below the cheapest product after the friend's 10%.
    minOrderBase: "1000",
    returnWindowDays: 14,
    ipDailyLimit: 3,
  });
}
