import { desc, eq } from "drizzle-orm";
import { getDb } from "~db/index";
import { pointsLedgerTable } from "~db/schema/loyalty";
import { contactForCustomer } from "../contacts/contacts.server";
import { pointsBalance, type PointsBalance, type PointsEntry } from "./ledger.server";
import { listRewards, type RewardRow } from "./redemption.server";

/** What the tier section of the rewards page and the API show; null while the contact has none. */
interface TierSummary {
  tier: { name: string } | null;
  nextTier: { name: string } | null;
}

export async function tierSummaryFor(_contactId: string): Promise<TierSummary | null> {
  // tiers wire in here
  return null;
}

interface CustomerLoyalty {
  contactId: string | null;
  balance: PointsBalance;
  /** Newest first. */
  history: PointsEntry[];
  rewards: RewardRow[];
}

/** A signed-in shopper's points: balance, history and the rewards on offer (none yet without a contact). */
export async function customerLoyalty(customerId: string, opts: { historyLimit?: number } = {}): Promise<CustomerLoyalty> {
  const db = await getDb();
  const [contact, rewards] = await Promise.all([contactForCustomer(customerId, db), listRewards(db)]);
  if (!contact) return { contactId: null, balance: { available: 0, pending: 0 }, history: [], rewards };
  const [balance, history] = await Promise.all([
    pointsBalance(contact.id, db),
    db.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, contact.id)).orderBy(desc(pointsLedgerTable.createdAt), desc(pointsLedgerTable.id)).limit(opts.historyLimit ?? 100),
  ]);
  return { contactId: contact.id, balance, history, rewards };
}
