/** The audit entry for the referral module's staff writes, written in the change's own transaction. */
import type { ReferralAuditHook } from "~/modules/referrals/campaigns.server";
import { writeAuditEntry, type Actor } from "~/modules/staff/audit.server";

export function referralAuditHook(actor: Actor, action: `${string}:${string}`): ReferralAuditHook {
  return (tx, change) => writeAuditEntry(tx, actor, action, change);
}
