/**
 * Admin API: referral campaigns (create, list, stats) and the review queue of held rewards
 * (approve, reject with a reason). Writes are audited in their own transaction.
 */
import { z } from "zod";
import { named } from "~/lib/api/schema";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { toMoneyV2 } from "~/lib/money";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { CampaignInputSchema } from "~/modules/referrals/campaign-input";
import { createCampaign, getCampaign, listCampaigns, type CampaignRow } from "~/modules/referrals/campaigns.server";
import { campaignStats, getReward, listRewards, type ReferralView } from "~/modules/referrals/referral-reads.server";
import { approveReward, rejectReward } from "~/modules/referrals/rewards.server";
import { REWARD_STATUSES } from "~/modules/referrals/statuses";
import { referralAuditHook } from "~/server/referral-admin.server";
import { defineAdminEndpoint } from "./define.server";

const iso = z.string().describe("ISO 8601 timestamp (UTC).");
const amounts = z.record(z.string(), z.string()).describe("Minor units per currency.");

const CampaignSchema = named(
  "ReferralCampaign",
  "A referral campaign.",
  z.object({
    id: z.string().describe("Campaign id (`rcmp_…`)."),
    name: z.string(),
    startsAt: iso,
    endsAt: iso.nullable(),
    friendOfferKind: z.enum(["percentage", "fixed"]),
    friendPercentBp: z.number().int().nullable(),
    friendAmounts: amounts,
    friendCodeMode: z.enum(["unique", "shared"]),
    sharedCode: z.string().nullable(),
    rewardKind: z.enum(["points", "discount"]),
    rewardPoints: z.number().int().nullable(),
    rewardAmounts: amounts,
    perReferrerCap: z.number().int().nullable(),
    minOrderBase: z.string().describe("Minimum first order in the base currency's minor units."),
    returnWindowDays: z.number().int(),
    ipDailyLimit: z.number().int(),
    createdAt: iso,
  }),
);

const CampaignInputBody = named("ReferralCampaignInput", "A new referral campaign.", CampaignInputSchema, { io: "input" });

const CampaignListSchema = named("ReferralCampaignList", "Every referral campaign, latest start first.", z.object({ nodes: z.array(CampaignSchema) }));

const StatsSchema = named(
  "ReferralCampaignStats",
  "What a campaign brought in.",
  z.object({
    campaignId: z.string(),
    clicks: z.number().int().describe("Share links opened."),
    signUps: z.number().int().describe("Referred friends who hold an account."),
    firstOrders: z.number().int().describe("Friends' first paid orders attributed to the campaign (existing customers left out)."),
    revenue: z.object({ amount: z.string(), currencyCode: z.string() }).describe("Those orders' totals in the base currency, refunded ones left out."),
    rewards: z.object(Object.fromEntries(REWARD_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof REWARD_STATUSES)[number], z.ZodNumber>).describe("Rewards by status."),
  }),
);

const RewardSchema = named(
  "ReferralReward",
  "A friend's first order and the referrer's reward for it.",
  z.object({
    id: z.string().describe("Reward id (`rfl_…`)."),
    campaignId: z.string(),
    campaignName: z.string(),
    referrerContactId: z.string(),
    referrerEmail: z.string(),
    friendContactId: z.string(),
    friendEmail: z.string(),
    orderId: z.string(),
    status: z.enum(REWARD_STATUSES).describe("pending (return window), held (review), granted, rejected, cancelled (refunded), ineligible."),
    reasons: z.array(z.string()).describe("Why held (self_email, same_address, same_payment, same_device, ip_daily_limit) or ineligible (existing_customer, below_minimum, cap_reached); `refunded` when cancelled."),
    ip: z.string().describe("The IP that opened the share link."),
    grantAt: iso.describe("The end of the return window: no reward before."),
    rewardPoints: z.number().int().nullable(),
    rewardCode: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: iso,
  }),
);

const RewardListSchema = named("ReferralRewardList", "Referral rewards, oldest first.", z.object({ nodes: z.array(RewardSchema) }));
const RejectBody = named("ReferralRewardRejection", "Why a held reward is rejected.", z.object({ reason: z.string().trim().min(1).max(500).describe("Shown in the audit log and to staff.") }), { io: "input" });

function campaignJson(c: CampaignRow) {
  return { ...c, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(), minOrderBase: c.minOrderBase.toString() };
}

function rewardJson(r: ReferralView) {
  const { revenueBase: _revenue, ...rest } = r;
  return { ...rest, grantAt: r.grantAt.toISOString(), createdAt: r.createdAt.toISOString(), decidedBy: r.decidedBy, decisionReason: r.decisionReason };
}

const badBody: ErrorResponseDoc = { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or a field is invalid (`field` names it)." };
const campaignNotFound: ErrorResponseDoc = { codes: ["campaign_not_found"], description: "No campaign with this id." };
const rewardId = z.object({ id: z.string().min(1).max(100).describe("Reward id (`rfl_…`).") });
const notHeld: ErrorResponseDoc = { codes: ["reward_not_held"], description: "The reward is not waiting for review (already decided, pending, granted or cancelled)." };
const rewardNotFound: ErrorResponseDoc = { codes: ["reward_not_found"], description: "No reward with this id." };

const listCampaignsEndpoint = defineAdminEndpoint({
  operationId: "listReferralCampaigns",
  method: "GET",
  path: "/referral-campaigns",
  summary: "List referral campaigns",
  description: "Every referral campaign, latest start first.",
  tag: "Referrals",
  permission: "read:campaigns",
  response: { status: 200, description: "The campaigns.", schema: CampaignListSchema },
  errors: {},
  handler: async () => ({ nodes: (await listCampaigns()).map(campaignJson) }),
});

const createCampaignEndpoint = defineAdminEndpoint({
  operationId: "createReferralCampaign",
  method: "POST",
  path: "/referral-campaigns",
  summary: "Create a referral campaign",
  description: "Dates, the friend's offer (unique single-use codes or one shared code), the referrer's reward (points or a code), the per-referrer cap, the minimum first order (base currency) and the return window. Audited as `create:campaigns`.",
  tag: "Referrals",
  permission: "write:campaigns",
  body: CampaignInputBody,
  response: { status: 201, description: "The campaign.", schema: CampaignSchema },
  errors: { 400: badBody, 409: { codes: ["code_taken"], description: "The shared code already exists as a discount code." } },
  handler: async ({ auth, body }) => campaignJson(await createCampaign(body, referralAuditHook(auth, "create:campaigns"))),
});

const statsEndpoint = defineAdminEndpoint({
  operationId: "getReferralCampaignStats",
  method: "GET",
  path: "/referral-campaigns/{id}/stats",
  summary: "A campaign's results",
  description: "Clicks, sign-ups, first orders, revenue in the base currency and rewards by status.",
  tag: "Referrals",
  permission: "read:campaigns",
  params: z.object({ id: z.string().min(1).max(100).describe("Campaign id (`rcmp_…`).") }),
  response: { status: 200, description: "The campaign's results.", schema: StatsSchema },
  errors: { 404: campaignNotFound },
  handler: async ({ params }) => {
    if (!(await getCampaign(params.id))) throw new UserError("campaign_not_found", "No referral campaign with this id.", 404);
    const s = await campaignStats(params.id);
    const { baseCurrency } = await getStoreConfig();
    return { campaignId: params.id, clicks: s.clicks, signUps: s.signUps, firstOrders: s.firstOrders, revenue: toMoneyV2({ amount: s.revenueBase, currency: baseCurrency }), rewards: s.rewards };
  },
});

const listRewardsEndpoint = defineAdminEndpoint({
  operationId: "listReferralRewards",
  method: "GET",
  path: "/referral-rewards",
  summary: "List referral rewards",
  description: "Rewards by status, oldest first; `status=held` is the review queue.",
  tag: "Referrals",
  permission: "read:campaigns",
  query: z.object({ status: z.enum(REWARD_STATUSES).optional().describe("Only rewards in this status.") }),
  response: { status: 200, description: "The rewards.", schema: RewardListSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "`status` is not a reward status." } },
  handler: async ({ query }) => ({ nodes: (await listRewards(query.status)).map(rewardJson) }),
});

const approveEndpoint = defineAdminEndpoint({
  operationId: "approveReferralReward",
  method: "POST",
  path: "/referral-rewards/{id}/approve",
  summary: "Approve a held reward",
  description: "Clears a held reward: granted at once when the friend's return window has passed, otherwise granted when it does. Audited as `approve:campaigns`.",
  tag: "Referrals",
  permission: "write:campaigns",
  params: rewardId,
  response: { status: 200, description: "The reward after the decision.", schema: RewardSchema },
  errors: { 404: rewardNotFound, 409: notHeld },
  handler: async ({ auth, params }) => {
    const row = await approveReward(params.id, auth.email, referralAuditHook(auth, "approve:campaigns"));
    return rewardJson((await getReward(row.id))!);
  },
});

const rejectEndpoint = defineAdminEndpoint({
  operationId: "rejectReferralReward",
  method: "POST",
  path: "/referral-rewards/{id}/reject",
  summary: "Reject a held reward",
  description: "Refuses a held reward, with the reason. Audited as `reject:campaigns`.",
  tag: "Referrals",
  permission: "write:campaigns",
  params: rewardId,
  body: RejectBody,
  response: { status: 200, description: "The reward after the decision.", schema: RewardSchema },
  errors: { 400: badBody, 404: rewardNotFound, 409: notHeld },
  handler: async ({ auth, params, body }) => {
    const row = await rejectReward(params.id, body.reason, auth.email, referralAuditHook(auth, "reject:campaigns"));
    return rewardJson((await getReward(row.id))!);
  },
});

export const referralEndpoints = [listCampaignsEndpoint, createCampaignEndpoint, statsEndpoint, listRewardsEndpoint, approveEndpoint, rejectEndpoint];
