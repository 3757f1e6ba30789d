import { adjustPoints } from "~/modules/loyalty/points-admin.server";
import type { PointsEntry } from "~/modules/loyalty/ledger.server";
import { updateLoyaltySettings, type LoyaltySettings, type LoyaltySettingsPatch } from "~/modules/loyalty/settings.server";
import { auditedWrite, type Actor } from "~/modules/staff/audit.server";

const auditable = (s: LoyaltySettings) => ({ ...s, expirySince: s.expirySince?.toISOString() ?? null });

/** The owner's loyalty settings change (admin page and Admin API), audited as `update:loyalty-settings`. */
export function saveLoyaltySettings(actor: Actor, patch: LoyaltySettingsPatch): Promise<LoyaltySettings> {
  return auditedWrite(actor, "update:loyalty-settings", async (tx) => {
    const { before, after } = await updateLoyaltySettings(tx, patch);
    return { entityId: "loyalty", before: auditable(before), after: auditable(after), result: after };
  });
}

/** A staff points adjustment, audited as `create:points-adjustments`. */
export function adjustContactPoints(actor: Actor, input: { contactId: string; points: number; reason: string }): Promise<PointsEntry> {
  return auditedWrite(actor, "create:points-adjustments", async (tx) => {
    const row = await adjustPoints(tx, { ...input, actor: actor.email });
    return { entityId: input.contactId, before: null, after: { ...row, createdAt: row.createdAt.toISOString() }, result: row };
  });
}
