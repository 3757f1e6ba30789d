/** A referral campaign as staff enter it (Admin API body and the admin form): validated here, pure. */
import { z } from "~/lib/zod";

const minor = z.string().regex(/^\d{1,15}$/, "Whole minor units, e.g. 1000 for 10.00");
const amounts = z
  .record(z.string().regex(/^[A-Z]{3}$/, "An ISO currency code, e.g. EUR"), minor)
  .describe("Amounts per currency in minor units, e.g. {\"EUR\":\"1000\",\"JPY\":\"1500\"}.");

export const CampaignInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120).describe("Shown to staff only."),
    startsAt: z.iso.datetime({ offset: true }).describe("When share links start to give the offer (ISO 8601)."),
    endsAt: z.iso.datetime({ offset: true }).nullable().default(null).describe("When the campaign ends; null: open-ended."),
    friendOfferKind: z.enum(["percentage", "fixed"]).describe("The friend's discount: a percentage or a fixed amount."),
    friendPercentBp: z.number().int().min(1).max(10000).nullable().default(null).describe("Percentage in basis points (1000 = 10%), for `percentage`."),
    friendAmounts: amounts.default({}).describe("Fixed amounts per currency (minor units), for `fixed`."),
    friendCodeMode: z.enum(["unique", "shared"]).describe("`unique`: each friend gets a single-use code; `shared`: everyone uses `sharedCode`."),
    sharedCode: z.string().trim().regex(/^[A-Za-z0-9-]{4,32}$/, "4–32 letters, digits or dashes").nullable().default(null).describe("The shared code, for `shared`."),
    rewardKind: z.enum(["points", "discount"]).describe("The referrer's reward: loyalty points or a single-use fixed-amount code."),
    rewardPoints: z.number().int().min(1).max(1_000_000).nullable().default(null).describe("Points per rewarded referral, for `points`."),
    rewardAmounts: amounts.default({}).describe("The reward code's amount per currency (minor units), for `discount`."),
    perReferrerCap: z.number().int().min(1).max(10_000).nullable().default(null).describe("Rewards one referrer may earn in this campaign; null: no cap."),
    minOrderBase: minor.default("0").describe("The friend's first order must total at least this, in the store's base currency (minor units)."),
    returnWindowDays: z.number().int().min(0).max(365).default(14).describe("Days after payment before the reward is granted (a refund in this time cancels it)."),
    ipDailyLimit: z.number().int().min(1).max(1000).default(3).describe("More referrals than this from one IP in a day are held for review."),
  })
  .superRefine((v, ctx) => {
    const need = (ok: boolean, path: string, message: string) => ok || ctx.addIssue({ code: "custom", path: [path], message });
    need(v.friendOfferKind !== "percentage" || v.friendPercentBp !== null, "friendPercentBp", "A percentage offer needs friendPercentBp");
    need(v.friendOfferKind !== "fixed" || Object.keys(v.friendAmounts).length > 0, "friendAmounts", "A fixed offer needs an amount in at least one currency");
    need(v.friendCodeMode !== "shared" || v.sharedCode !== null, "sharedCode", "A shared offer needs sharedCode");
    need(v.rewardKind !== "points" || v.rewardPoints !== null, "rewardPoints", "A points reward needs rewardPoints");
    need(v.rewardKind !== "discount" || Object.keys(v.rewardAmounts).length > 0, "rewardAmounts", "A discount reward needs an amount in at least one currency");
    need(!v.endsAt || new Date(v.endsAt) > new Date(v.startsAt), "endsAt", "Must be after startsAt");
  })
  .describe("A referral campaign.");

export type CampaignInput = z.infer<typeof CampaignInputSchema>;

