import { crossConvert, divRound, type Money } from "~/lib/money";
import { allocateLines, rankLocations } from "../inventory/allocation";
import { getLocations } from "../inventory/inventory.server";
import type { Market } from "../markets/markets";
import { getStoreConfig } from "../markets/markets.server";
import { getTaxProvider, getTaxSettings } from "../tax/provider.server";
import type { TaxNoticeCode, TaxRegime } from "../tax/tax";

/** How the checkout would tax and charge one unit of a variant bought on its own (product page wording). */
interface SingleItemTerms {
  regime: TaxRegime;
  /** What the checkout charges for the unit: the shelf price, without VAT that is not collected (DDU). */
  charged: bigint;
  notice: TaxNoticeCode | null;
}

interface SingleItem {
  id: string;
  /** Shelf price in the market's currency (minor units). */
  price: bigint;
  /** Available units by location id: where the unit would ship from. */
  stockByLocation: Record<string, number>;
}

/**
 * The tax rule the checkout applies to one unit of each variant shipped to `country`: the same location
 * ranking and allocation (where it ships from), the same tax provider and FX rates. The consignment is
 * the item alone, so the low-value threshold compares this item's own net price (converted at the stored
 * rate): a product page or card cannot know what else the shopper will buy, and one item is the
 * consignment every shopper can get. A larger cart from the same warehouse may cross the threshold; the
 * checkout then re-applies the rule to the whole shipment and says so there.
 *
 * The product page, the listing cards and the product's structured data all price an item with this,
 * so the price a card or a search result shows is the price the product page shows for quantity 1.
 */
export async function singleItemTermsFor(market: Market, items: readonly SingleItem[], country = market.country): Promise<Map<string, SingleItemTerms>> {
  const out = new Map<string, SingleItemTerms>();
  if (!items.length) return out;
  const [config, locations, settings] = await Promise.all([getStoreConfig(), getLocations(), getTaxSettings()]);
  const ranked = rankLocations(locations, country);
  const provider = getTaxProvider();
  await Promise.all(
    items.map(async (item) => {
      const stock = new Map([[item.id, new Map(Object.entries(item.stockByLocation))]]);
      const [allocation] = allocateLines([{ lineId: "item", variantId: item.id, quantity: 1, locations: ranked }], stock);
      const from = locations.find((l) => l.id === allocation?.parts[0]?.locationId);
      const tax = await provider.calculate({
        currency: market.currency,
        market: { handle: market.handle, country: market.country, currency: market.currency, taxDisplay: market.taxDisplay, dutyMode: market.dutyMode, dutyRateBp: market.dutyRateBp },
        destination: { country },
        lines: [{ id: "item", amount: item.price, quantity: 1, origin: from?.country ?? null }],
        shipping: 0n,
        convert: (amount, f, to) => crossConvert(amount, f, to, config.fxRates),
        usRegisteredStates: settings.usRegisteredStates,
      });
      out.set(item.id, { regime: tax.shipments[0]?.regime ?? "untaxed", charged: item.price - tax.removed, notice: tax.notices[0]?.code ?? null });
    }),
  );
  return out;
}

/**
 * A price shown beside the shelf price (compare-at, the EU prior lowest price) on the same footing as
 * the charged price: when uncollected VAT comes off the item, it comes off these in the same proportion.
 */
export function asCharged(m: Money, shelf: bigint, charged: bigint): Money;
export function asCharged(m: Money | null, shelf: bigint, charged: bigint): Money | null;
export function asCharged(m: Money | null, shelf: bigint, charged: bigint): Money | null {
  return m && charged !== shelf && shelf > 0n ? { amount: divRound(m.amount * charged, shelf), currency: m.currency } : m;
}
