/**
 * A referral's reward: pending (waiting for the return window), held (fraud check, waits for staff),
 * granted, rejected (by staff), cancelled (refunded in the window), ineligible (never counted).
 */
export const REWARD_STATUSES = ["pending", "held", "granted", "rejected", "cancelled", "ineligible"] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];
