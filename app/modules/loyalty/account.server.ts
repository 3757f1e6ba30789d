import { desc, eq } from "drizzle-orm";
import { getDb } from "~db/index";
import { pointsLedgerTable } from "~db/schema/loyalty";
import { contactForCustomer } from "../contacts/contacts.server";
import { pointsBalance, type PointsBalance, type PointsEntry } from "./ledger.server";
import { listRewards, type RewardRow } from "./redemption.server";
import { tierProgress, type CurrentTier } from "./tiers.server";

/** What the tier section of the rewards page and the API show; null while no tier is active. */
export interface TierSummary {
  tier: CurrentTier | null;
  nextTier: CurrentTier | null;
  /** Base currency, minor units still to spend for the next tier (null: it has no spend threshold). */
  spendToNext: bigint | null;
  pointsToNext: number | null;
  retainedUntil: Date | null;
}

export async function tierSummaryFor(contactId: string): Promise<TierSummary | null> {
  const progress = await tierProgress(contactId);
  return progress.tier || progress.nextTier ? progress : null;
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
