import { z } from "zod";

const count = (max: number) => z.number().int().min(0).max(max);

/** A change of the loyalty settings, from the Admin API or the admin page (fields left out keep their value). */
export const LoyaltySettingsPatchSchema = z
  .strictObject({
    pointsPerUnit: count(10_000).optional(),
    redeemPointsPerUnit: z.number().int().min(1).max(1_000_000).optional(),
    returnWindowDays: count(365).optional(),
    returnWindowFrom: z.enum(["payment", "delivery"]).optional(),
    signupBonus: count(1_000_000).optional(),
    birthdayBonus: count(1_000_000).optional(),
    expiryMonths: z.number().int().min(1).max(120).nullable().optional(),
    warningDays: count(90).optional(),
  })
  .describe("The settings to change; fields left out keep their value. Switching expiry on never expires points retroactively.");
