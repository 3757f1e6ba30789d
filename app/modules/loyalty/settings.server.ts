import { eq } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { loyaltySettingsTable, type RETURN_WINDOW_FROM } from "~db/schema/loyalty";
import { now } from "~/lib/clock.server";

type ReturnWindowFrom = (typeof RETURN_WINDOW_FROM)[number];

export interface LoyaltySettings {
  pointsPerUnit: number;
  redeemPointsPerUnit: number;
  returnWindowDays: number;
  returnWindowFrom: ReturnWindowFrom;
  signupBonus: number;
  birthdayBonus: number;
  expiryMonths: number | null;
  /** When expiry was last switched on (null while off). */
  expirySince: Date | null;
  warningDays: number;
}

export type LoyaltySettingsPatch = Partial<Omit<LoyaltySettings, "expirySince">>;

const ID = "loyalty";

const DEFAULT_LOYALTY_SETTINGS: LoyaltySettings = {
  pointsPerUnit: 1,
  redeemPointsPerUnit: 100,
  returnWindowDays: 14,
  returnWindowFrom: "payment",
  signupBonus: 0,
  birthdayBonus: 0,
  expiryMonths: null,
  expirySince: null,
  warningDays: 14,
};

export async function getLoyaltySettings(db?: Db): Promise<LoyaltySettings> {
  const [row] = await (db ?? (await getDb())).select().from(loyaltySettingsTable).where(eq(loyaltySettingsTable.id, ID));
  if (!row) return { ...DEFAULT_LOYALTY_SETTINGS };
  const { id: _id, updatedAt: _u, ...settings } = row;
  return settings;
}

/**
 * Saves a change inside the caller's (audited) transaction. Switching expiry on records the moment,
 * so inactivity is only counted from then on: turning it on never expires anyone retroactively.
 */
export async function updateLoyaltySettings(tx: Db, patch: LoyaltySettingsPatch): Promise<{ before: LoyaltySettings; after: LoyaltySettings }> {
  const before = await getLoyaltySettings(tx);
  const after: LoyaltySettings = { ...before, ...patch };
  if (after.expiryMonths === null) after.expirySince = null;
  else if (before.expiryMonths === null) after.expirySince = now();
  const { expirySince, ...rest } = after;
  await tx
    .insert(loyaltySettingsTable)
    .values({ id: ID, ...rest, expirySince, updatedAt: now() })
    .onConflictDoUpdate({ target: loyaltySettingsTable.id, set: { ...rest, expirySince, updatedAt: now() } });
  return { before, after };
}
