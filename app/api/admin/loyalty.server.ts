/** Admin API: loyalty settings, a contact's points ledger and staff adjustments (ADR 0011). */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { getLoyaltySettings, type LoyaltySettings } from "~/modules/loyalty/settings.server";
import { LoyaltySettingsPatchSchema } from "~/modules/loyalty/settings-schema";
import { listPointsLedger } from "~/modules/loyalty/points-admin.server";
import type { PointsEntry } from "~/modules/loyalty/ledger.server";
import { adjustContactPoints, saveLoyaltySettings } from "~/server/loyalty-admin.server";
import { defineAdminEndpoint } from "./define.server";

const LoyaltySettingsSchema = z
  .object({
    pointsPerUnit: z.number().int().describe("Points per whole unit of the base currency spent (after discounts, without tax and shipping)."),
    redeemPointsPerUnit: z.number().int().describe("Points a shopper enters at checkout for one unit of the base currency off."),
    returnWindowDays: z.number().int().describe("Days purchase points stay pending."),
    returnWindowFrom: z.enum(["payment", "delivery"]).describe("Whether the window starts at payment or at delivery."),
    signupBonus: z.number().int().describe("Points for a confirmed sign-up (0 = none)."),
    birthdayBonus: z.number().int().describe("Points on the contact's birthday, once a year (0 = none)."),
    expiryMonths: z.number().int().nullable().describe("Months without points activity after which available points expire; null = never."),
    expirySince: z.string().nullable().describe("When expiry was switched on (ISO 8601): inactivity counts from then, never before."),
    warningDays: z.number().int().describe("Days before expiry the warning email is sent."),
  })
  .describe("The loyalty program's settings.");

const settingsJson = (s: LoyaltySettings): z.infer<typeof LoyaltySettingsSchema> => ({ ...s, expirySince: s.expirySince?.toISOString() ?? null });

const PointsEntrySchema = z
  .object({
    id: z.number().int(),
    type: z.enum(["earn", "redeem", "expire", "reverse", "adjust"]),
    points: z.number().int().describe("Signed: positive adds, negative takes away."),
    status: z.enum(["pending", "available"]),
    availableAt: z.string().nullable().describe("When pending points become available (null: waiting for delivery, or available already)."),
    source: z.string().describe("order, refund, checkout, signup, birthday, admin, expiry…"),
    orderId: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .describe("One ledger entry.");

const entryJson = (e: PointsEntry): z.infer<typeof PointsEntrySchema> => ({
  id: e.id,
  type: e.type,
  points: e.points,
  status: e.status,
  availableAt: e.availableAt?.toISOString() ?? null,
  source: e.source,
  orderId: e.orderId,
  reason: e.reason,
  createdAt: e.createdAt.toISOString(),
});

const BalanceSchema = z.object({ available: z.number().int(), pending: z.number().int() }).describe("Points by status.");

const contactId = z.object({ id: z.string().min(1).max(64).describe("Contact id.") });
const contactNotFound: ErrorResponseDoc = { codes: ["contact_not_found"], description: "No contact with this id." };

const getSettingsEndpoint = defineAdminEndpoint({
  operationId: "getLoyaltySettings",
  method: "GET",
  path: "/loyalty-settings",
  summary: "Read the loyalty settings",
  description: "Earning and redemption rates, the return window, bonuses and expiry.",
  tag: "Loyalty",
  permission: "read:campaigns",
  response: { status: 200, description: "The settings.", schema: LoyaltySettingsSchema },
  errors: {},
  handler: async () => settingsJson(await getLoyaltySettings()),
});

const patchSettingsEndpoint = defineAdminEndpoint({
  operationId: "updateLoyaltySettings",
  method: "PATCH",
  path: "/loyalty-settings",
  summary: "Change the loyalty settings",
  description: "Changes the fields given; they apply to orders paid from now on. Audited as `update:loyalty-settings`.",
  tag: "Loyalty",
  permission: "write:campaigns",
  body: LoyaltySettingsPatchSchema,
  response: { status: 200, description: "The settings after the change.", schema: LoyaltySettingsSchema },
  errors: { 400: { codes: ["invalid_body"], description: "A field is invalid (`field` names it)." } },
  handler: async ({ auth, body }) => settingsJson(await saveLoyaltySettings(auth, body)),
});

const ledgerEndpoint = defineAdminEndpoint({
  operationId: "listContactPointsLedger",
  method: "GET",
  path: "/contacts/{id}/points-ledger",
  summary: "A contact's points ledger",
  description: "Every points entry of the contact, newest first, and the balance they add up to.",
  tag: "Loyalty",
  permission: "read:customers",
  params: contactId,
  response: { status: 200, description: "The entries and the balance.", schema: z.object({ balance: BalanceSchema, nodes: z.array(PointsEntrySchema) }).describe("The ledger.") },
  errors: { 404: contactNotFound },
  handler: async ({ params }) => {
    const { entries, balance } = await listPointsLedger(params.id);
    return { balance, nodes: entries.map(entryJson) };
  },
});

const AdjustmentBodySchema = z
  .strictObject({
    points: z.number().int().describe("Signed points: positive adds, negative takes away (never below the available balance)."),
    reason: z.string().min(1).max(500).describe("Why; shown in the shopper's history."),
  })
  .describe("A points adjustment.");

const adjustEndpoint = defineAdminEndpoint({
  operationId: "createPointsAdjustment",
  method: "POST",
  path: "/contacts/{id}/points-adjustments",
  summary: "Adjust a contact's points",
  description: "Adds or takes away points with a reason, available at once. Audited as `create:points-adjustments`.",
  tag: "Loyalty",
  permission: "write:customers",
  params: contactId,
  body: AdjustmentBodySchema,
  response: { status: 201, description: "The entry written and the new balance.", schema: z.object({ entry: PointsEntrySchema, balance: BalanceSchema }).describe("The adjustment.") },
  errors: {
    400: { codes: ["invalid_body"], description: "`points` or `reason` is missing or not valid." },
    404: contactNotFound,
    409: { codes: ["insufficient_points"], description: "Taking that many points would take the available balance below zero." },
    422: { codes: ["invalid_points", "reason_required"], description: "Zero or too many points, or an empty reason." },
  },
  handler: async ({ auth, params, body }) => {
    const entry = await adjustContactPoints(auth, { contactId: params.id, points: body.points, reason: body.reason });
    const { balance } = await listPointsLedger(params.id);
    return { entry: entryJson(entry), balance };
  },
});

export const loyaltyEndpoints = [getSettingsEndpoint, patchSettingsEndpoint, ledgerEndpoint, adjustEndpoint];
