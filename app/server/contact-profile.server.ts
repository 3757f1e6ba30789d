/**
 * The staff's contact profile, composed above the modules: contacts gives the person, consent and
 * order figures; loyalty the points (contacts may not import loyalty). Each section is a plain
 * function, so later parts (tiers, points rows, referrals) add theirs to the lists below.
 */
import { contactConsents, contactOrderList, getContactDetail } from "~/modules/contacts/contacts-admin.server";
import { listPointsLedger } from "~/modules/loyalty/points-admin.server";
import { currentTier, tierHistory } from "~/modules/loyalty/tiers.server";
import { contactReferrals } from "~/modules/referrals/referral-reads.server";

interface ContactTier {
  /** The tier's id, as the list's `tier` filter takes it. */
  handle: string;
  name: string;
}

async function contactTier(contactId: string): Promise<ContactTier | null> {
  // Staff read the admin in English (its one language today).
  const tier = await currentTier(contactId, undefined, { language: "en" });
  return tier ? { handle: tier.id, name: tier.name } : null;
}

/** One line of the profile's timeline; `kind` says which section it comes from. */
interface TimelineEntry {
  at: Date;
  kind: "consent" | "order" | "points" | "tier" | "referral";
  /** consent: the status; order: the order number; points: the signed points; tier: the new tier; referral: the friend or referrer and its status. */
  label: string;
  detail: string | null;
}

type Profile = Awaited<ReturnType<typeof loadSections>>;
type TimelineSource = (profile: Profile) => TimelineEntry[];

async function loadSections(id: string) {
  const detail = await getContactDetail(id);
  const [tier, ledger, consents, orders, tierChanges, referralsMade, referralsReceived] = await Promise.all([
    contactTier(id),
    listPointsLedger(id),
    contactConsents(id),
    contactOrderList(detail.contact),
    tierHistory(id),
    contactReferrals(id),
    contactReferrals(id, { as: "friend" }),
  ]);
  return { ...detail, tier, points: ledger.balance, pointsEntries: ledger.entries, consents, orders, tierChanges, referralsMade, referralsReceived };
}

const TIMELINE_SOURCES: TimelineSource[] = [
  (p) => p.consents.map((c) => ({ at: c.createdAt, kind: "consent" as const, label: c.status, detail: c.source })),
  (p) => p.orders.filter((o) => o.paidAt).map((o) => ({ at: o.paidAt!, kind: "order" as const, label: `#${o.number}`, detail: o.status })),
  (p) => p.pointsEntries.map((e) => ({ at: e.createdAt, kind: "points" as const, label: `${e.points > 0 ? "+" : ""}${e.points}`, detail: [e.type, e.source, e.status === "pending" ? "pending" : null, e.reason].filter(Boolean).join(" · ") })),
  (p) => p.tierChanges.map((c) => ({ at: c.at, kind: "tier" as const, label: c.toName ?? "—", detail: c.reason })),
  (p) => [...p.referralsMade.map((r) => ({ r, who: r.friendEmail })), ...p.referralsReceived.map((r) => ({ r, who: r.referrerEmail }))].map(({ r, who }) => ({ at: r.createdAt, kind: "referral" as const, label: who, detail: `${r.campaignName} · ${r.status}` })),
];

/** The profile: every section plus one timeline merging them, newest first. */
export async function contactProfile(id: string) {
  const sections = await loadSections(id);
  const timeline = TIMELINE_SOURCES.flatMap((source) => source(sections)).sort((a, b) => b.at.getTime() - a.at.getTime());
  return { ...sections, timeline };
}
