import type { z } from "zod";
import type { Db } from "../index";
import { createTier, listTiers } from "~/modules/loyalty/tiers.server";
import type { TierInputSchema } from "~/modules/loyalty/tiers-schema";

/** The demo store's membership tiers (amounts in the base currency, USD). */
const demoTiers: z.input<typeof TierInputSchema>[] = [
  { names: { en: "Member", fr: "Membre", de: "Mitglied", es: "Miembro", ja: "メンバー", pt: "Membro", ar: "عضو" }, position: 0 },
  {
    names: { en: "Silver", fr: "Argent", de: "Silber", es: "Plata", ja: "シルバー", pt: "Prata", ar: "فضي" },
    position: 1,
    spendThreshold: "300.00",
    pointsThreshold: 1000,
    multiplier: "1.25",
    discountBps: 500,
  },
  {
    names: { en: "Gold", fr: "Or", de: "Gold", es: "Oro", ja: "ゴールド", pt: "Ouro", ar: "ذهبي" },
    position: 2,
    spendThreshold: "1000.00",
    pointsThreshold: 3000,
    multiplier: "1.5",
    discountBps: 1000,
    freeShippingOver: "50.00",
    earlyAccess: true,
  },
];

/** Once: a store that has tiers keeps its own. */
export async function seedTiers(db: Db): Promise<void> {
  if ((await listTiers(db)).length) return;
  await db.transaction(async (tx) => {
    for (const tier of demoTiers) await createTier(tx, tier);
  });
}
