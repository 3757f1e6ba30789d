/**
 * The staff's contact profile, composed above the modules: contacts gives the person, consent and
 * order figures; loyalty the points (contacts may not import loyalty). Each section is a plain
 * function, so later parts (tiers, points rows, referrals) add theirs to the lists below.
 */
import { contactConsents, contactOrderList, getContactDetail } from "~/modules/contacts/contacts-admin.server";
import { pointsBalance } from "~/modules/loyalty/ledger.server";

interface ContactTier {
  handle: string;
  name: string;
}

/** The contact's loyalty tier. Tiers are built in another part of issue #10; until they are wired in here, none. */
async function contactTier(_contactId: string): Promise<ContactTier | null> {
  return null;
}

/** One line of the profile's timeline; `kind` says which section it comes from. */
interface TimelineEntry {
  at: Date;
  kind: "consent" | "order" | "points";
  /** consent: the status; order: the order number; points: the entry type. */
  label: string;
  detail: string | null;
}

type Profile = Awaited<ReturnType<typeof loadSections>>;
type TimelineSource = (profile: Profile) => TimelineEntry[];

async function loadSections(id: string) {
  const detail = await getContactDetail(id);
  const [tier, points, consents, orders] = await Promise.all([contactTier(id), pointsBalance(id), contactConsents(id), contactOrderList(detail.contact)]);
  return { ...detail, tier, points, consents, orders };
}

const TIMELINE_SOURCES: TimelineSource[] = [
  (p) => p.consents.map((c) => ({ at: c.createdAt, kind: "consent" as const, label: c.status, detail: c.source })),
  (p) => p.orders.filter((o) => o.paidAt).map((o) => ({ at: o.paidAt!, kind: "order" as const, label: `#${o.number}`, detail: o.status })),
];

/** The profile: every section plus one timeline merging them, newest first. */
export async function contactProfile(id: string) {
  const sections = await loadSections(id);
  const timeline = TIMELINE_SOURCES.flatMap((source) => source(sections)).sort((a, b) => b.at.getTime() - a.at.getTime());
  return { ...sections, timeline };
}
