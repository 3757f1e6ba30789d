/** Admin API: membership tiers (marketers and owners write; every change audited). */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { createTier, listTiers, updateTier } from "~/modules/loyalty/tiers.server";
import { TierInputSchema, TierListSchema, TierPatchSchema, TierSchema } from "~/modules/loyalty/tiers-schema";
import { auditedWrite } from "~/modules/staff/audit.server";
import { defineAdminEndpoint } from "./define.server";

const invalidTier: ErrorResponseDoc = {
  codes: ["invalid_body", "invalid_parameter", "invalid_tier"],
  description: "A field is invalid (`field` names it): names empty or too long, a threshold below 0, a multiplier below 1, a discount outside 0–10000 basis points, an amount with more decimals than the base currency has.",
};
const positionTaken: ErrorResponseDoc = { codes: ["position_taken"], description: "Another tier already has this position." };

const listTiersEndpoint = defineAdminEndpoint({
  operationId: "listTiers",
  method: "GET",
  path: "/tiers",
  summary: "List membership tiers",
  description: "Every tier, inactive ones included, lowest position first. Amounts are decimal strings in the store's base currency.",
  tag: "Loyalty",
  permission: "read:campaigns",
  response: { status: 200, description: "The tiers.", schema: TierListSchema },
  errors: {},
  handler: async () => ({ nodes: await listTiers() }),
});

const createTierEndpoint = defineAdminEndpoint({
  operationId: "createTier",
  method: "POST",
  path: "/tiers",
  summary: "Create a membership tier",
  description: "Adds a tier. Members are placed in it at their next evaluation (a paid or refunded order, the daily review). Audited as `create:tiers`.",
  tag: "Loyalty",
  permission: "write:campaigns",
  body: TierInputSchema,
  response: { status: 201, description: "The new tier.", schema: TierSchema },
  errors: { 400: invalidTier, 409: positionTaken },
  handler: async ({ auth, body }) =>
    auditedWrite(auth, "create:tiers", async (tx) => {
      const { before, after } = await createTier(tx, body);
      return { entityId: after.id, before, after, result: after };
    }),
});

const updateTierEndpoint = defineAdminEndpoint({
  operationId: "updateTier",
  method: "PATCH",
  path: "/tiers/{id}",
  summary: "Change a membership tier",
  description: "Changes the fields given. Members move at their next evaluation; a lowered tier is kept until its retention ends. Audited as `update:tiers`.",
  tag: "Loyalty",
  permission: "write:campaigns",
  params: z.object({ id: z.string().min(1).max(64).describe("Tier id.") }),
  body: TierPatchSchema,
  response: { status: 200, description: "The tier after the change.", schema: TierSchema },
  errors: { 400: invalidTier, 404: { codes: ["tier_not_found"], description: "No tier with this id." }, 409: positionTaken },
  handler: async ({ auth, params, body }) =>
    auditedWrite(auth, "update:tiers", async (tx) => {
      const { before, after } = await updateTier(tx, params.id, body);
      return { entityId: after.id, before, after, result: after };
    }),
});

export const tierEndpoints = [listTiersEndpoint, createTierEndpoint, updateTierEndpoint];
