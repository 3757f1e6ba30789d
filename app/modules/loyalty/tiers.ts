/**
 * Membership tier rules without the database (docs/decisions/0012-membership-tiers.md): which tier a
 * contact qualifies for, and what an evaluation changes. Client-safe.
 */

export const TIER_LANGS = ["en", "fr", "de", "es", "ja", "pt", "ar"] as const;

/** The tier's name in a language, else English. */
export function tierName(names: Partial<Record<string, string>>, language: string): string {
  return names[language] ?? names.en ?? Object.values(names)[0] ?? "";
}

export interface TierRule {
  id: string;
  position: number;
  spendThreshold: bigint | null;
  pointsThreshold: number | null;
  retentionMonths: number;
}

export interface MemberState {
  tierId: string | null;
  qualifiedAt: Date;
  retainedUntil: Date;
}

type TierChangeReason = "initial" | "upgrade" | "downgrade" | "tier_inactive" | "import";

export type TierDecision =
  | { kind: "none" }
  /** Still qualifies for the tier held: it is kept for its retention period from now. */
  | { kind: "retain"; retainedUntil: Date }
  | { kind: "change"; tierId: string | null; reason: TierChangeReason; qualifiedAt: Date; retainedUntil: Date; email: boolean };

/** The same UTC clock time `months` calendar months later (earlier when negative); the day clamps to the month's end. */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}

/** The trailing 12 months ending at `at`: spend and points from `since` to `at`, both included. */
export function qualificationWindow(at: Date): { since: Date; until: Date } {
  return { since: addMonths(at, -12), until: at };
}

/** A tier with no threshold is the entry tier; otherwise either threshold reached qualifies (exactly at it counts). */
function qualifies(tier: TierRule, spend: bigint, points: number): boolean {
  if (tier.spendThreshold === null && tier.pointsThreshold === null) return true;
  return (tier.spendThreshold !== null && spend >= tier.spendThreshold) || (tier.pointsThreshold !== null && points >= tier.pointsThreshold);
}

/** The highest-ranked of the (active) tiers the contact qualifies for. */
export function qualifyingTier<T extends TierRule>(tiers: readonly T[], spend: bigint, points: number): T | null {
  let best: T | null = null;
  for (const t of tiers) if (qualifies(t, spend, points) && (!best || t.position > best.position)) best = t;
  return best;
}

/**
 * What one evaluation at `at` does. Upgrades are immediate; a lower qualification changes nothing until
 * the held tier's retention ends. Only an upgrade of a contact already calculated sends an email: not the
 * first calculation (imports, first order), not a downgrade, not a tier that was switched off.
 */
export function decideTier(member: MemberState | null, tiers: readonly TierRule[], qualified: TierRule | null, at: Date): TierDecision {
  const until = (t: TierRule | null) => (t ? addMonths(at, t.retentionMonths) : at);
  const change = (reason: TierChangeReason, email: boolean): TierDecision => ({ kind: "change", tierId: qualified?.id ?? null, reason, qualifiedAt: at, retainedUntil: until(qualified), email });
  if (!member) return change("initial", false);
  const held = member.tierId === null ? null : (tiers.find((t) => t.id === member.tierId) ?? null);
  if (member.tierId !== null && !held) return qualified?.id === member.tierId ? { kind: "none" } : change("tier_inactive", false);
  const heldRank = held?.position ?? -Infinity;
  const newRank = qualified?.position ?? -Infinity;
  if (newRank > heldRank) return change("upgrade", true);
  if (newRank === heldRank) {
    const retainedUntil = until(held);
    return retainedUntil > member.retainedUntil ? { kind: "retain", retainedUntil } : { kind: "none" };
  }
  return at >= member.retainedUntil ? change("downgrade", false) : { kind: "none" };
}

