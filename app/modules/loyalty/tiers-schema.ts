/**
 * Tier input and output shapes, shared by the Admin API (/api/admin/v1/tiers), the admin page and the
 * module's writes. Amounts are decimal strings in the store's base currency (stored as minor units).
 */
import { z } from "zod";
import { named } from "~/lib/api/schema";

const decimal = z.string().regex(/^\d{1,12}(\.\d+)?$/, 'must be a decimal string of at least 0 such as "500.00"');
const name = z.string().trim().min(1, "must not be empty").max(60, "must be at most 60 characters");

const names = z
  .object({
    en: name.describe("English name (required; other languages fall back to it)."),
    fr: name.optional(),
    de: name.optional(),
    es: name.optional(),
    ja: name.optional(),
    pt: name.optional(),
    ar: name.optional(),
  })
  .strict()
  .describe("The tier's name per catalog language.");

const fields = {
  names,
  position: z.number().int().min(0).max(1000).describe("Rank: a higher position is a better tier; unique."),
  spendThreshold: decimal.nullable().describe("Entry threshold: net spend over the trailing 12 months, in the base currency. Null: not by spend."),
  pointsThreshold: z.number().int().min(0, "must be at least 0").max(100_000_000).nullable().describe("Entry threshold: points earned over the trailing 12 months. Null: not by points."),
  multiplier: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a decimal with at most two places such as "1.25"')
    .refine((v) => Number(v) >= 1, "must be at least 1")
    .describe('Points multiplier, a decimal string of at least 1, e.g. "1.25".'),
  discountBps: z.number().int().min(0, "must be between 0 and 10000 (0–100 %)").max(10_000, "must be between 0 and 10000 (0–100 %)").describe("Discount on the cart's lines in basis points (1000 = 10 %)."),
  freeShippingOver: decimal.nullable().describe("Shipping is free from this discounted subtotal (base currency, converted to the cart's). Null: the market's rule."),
  earlyAccess: z.boolean().describe("Early access to launches (shown on the Rewards page)."),
  retentionMonths: z.number().int().min(1).max(60).describe("How long the tier is kept after the member last qualified for it."),
  active: z.boolean().describe("Inactive tiers are not awarded; members holding one are placed anew."),
};

export const TierInputSchema = named(
  "TierInput",
  "A new tier. Thresholds: either reached qualifies; a tier with neither is the entry tier everyone holds.",
  z.object({
    ...fields,
    spendThreshold: fields.spendThreshold.default(null),
    pointsThreshold: fields.pointsThreshold.default(null),
    multiplier: fields.multiplier.default("1"),
    discountBps: fields.discountBps.default(0),
    freeShippingOver: fields.freeShippingOver.default(null),
    earlyAccess: fields.earlyAccess.default(false),
    retentionMonths: fields.retentionMonths.default(12),
    active: fields.active.default(true),
  }),
  { io: "input" },
);
export type TierInput = z.infer<typeof TierInputSchema>;

export const TierPatchSchema = named("TierPatch", "The fields to change; the others stay.", z.object(fields).partial(), { io: "input" });
export type TierPatch = z.infer<typeof TierPatchSchema>;

export const TierSchema = named(
  "Tier",
  "A membership tier with its thresholds and benefits.",
  z.object({
    id: z.string(),
    ...fields,
    names: z.record(z.string(), z.string()).describe("The tier's name per catalog language."),
    baseCurrency: z.string().describe("The currency of spendThreshold and freeShippingOver."),
  }),
);
export type TierRecord = z.infer<typeof TierSchema>;

export const TierListSchema = named("TierList", "Every tier, lowest position first.", z.object({ nodes: z.array(TierSchema) }));
