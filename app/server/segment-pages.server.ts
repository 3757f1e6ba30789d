/** What the segment builder pages show besides the form: the markets, tiers and base currency to pick from. */
import { listTiers } from "~/modules/loyalty/tiers.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import type { BuilderChoices } from "~/modules/marketing/segment-definition";

export async function builderChoices(): Promise<BuilderChoices> {
  const [config, tiers] = await Promise.all([getStoreConfig(), listTiers()]);
  return {
    markets: [...config.byHandle.keys()],
    tiers: tiers.filter((t) => t.active).map((t) => ({ id: t.id, name: t.names.en ?? t.id })),
    baseCurrency: config.baseCurrency,
  };
}
