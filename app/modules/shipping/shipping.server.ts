import { BoundedMap } from "~/lib/bounded-map";
import { and, asc, eq } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { shippingRatesTable } from "~db/schema/shipping";
import { getLocations } from "../inventory/inventory.server";
import { defaultShippingQuote, quoteShipping, type QuoteShippingInput, type ShippingQuote, type ShippingRateRow } from "./shipping";

export type { ShippingQuote, ShippingRateRow } from "./shipping";

export type ShippingRateInput = typeof shippingRatesTable.$inferInsert;

// Rates change rarely and are read on every cart view: keep them per market for a short while.
// Like the market config cache, a change reaches every node within TTL.
const TTL_MS = 30_000;
// Keyed by market handle (tens); bounded in case a caller passes an unchecked one.
const cache = new BoundedMap<string, { at: number; rows: Promise<ShippingRateRow[]> }>(200);

/** Drop cached rates (one market, or all) — after an admin edit or a seed. */
export function invalidateShippingRates(market?: string): void {
  if (market === undefined) cache.clear();
  else cache.delete(market);
}

/** Adds rates that do not exist yet; existing rows (a merchant's edits) are left alone. */
export async function ensureShippingRates(rates: ShippingRateInput[], db?: Db): Promise<void> {
  if (!rates.length) return;
  const d = db ?? (await getDb());
  await d.insert(shippingRatesTable).values(rates).onConflictDoNothing();
  cache.clear();
}

async function loadRates(market: string): Promise<ShippingRateRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(shippingRatesTable)
    .where(and(eq(shippingRatesTable.market, market), eq(shippingRatesTable.enabled, true)))
    .orderBy(asc(shippingRatesTable.position), asc(shippingRatesTable.method));
}

/** The market's enabled shipping rate rows, ordered by position (cached for 30 s). */
export async function getShippingRates(market: string): Promise<ShippingRateRow[]> {
  const now = Date.now();
  const hit = cache.get(market);
  if (hit && now - hit.at <= TTL_MS) return hit.rows;
  const rows = loadRates(market);
  cache.set(market, { at: now, rows });
  rows.catch(() => {
    if (cache.get(market)?.rows === rows) cache.delete(market);
  });
  return rows;
}

/** quoteShipping with the market's rates and the store's locations loaded; `now` defaults to the current time. */
export async function quoteForCart(input: Omit<QuoteShippingInput, "rates" | "locations" | "now"> & { now?: Date }): Promise<ShippingQuote[]> {
  const [rates, locations] = await Promise.all([getShippingRates(input.market.handle), getLocations()]);
  return quoteShipping({ ...input, rates, locations, now: input.now ?? new Date() });
}

/**
 * What the product page promises for one unit of a variant sent to the market's country: the
 * delivery of the option checkout would pre-select for a cart holding just that unit (same quote,
 * same default rule), so the two can never disagree.
 */
export async function productDeliveryPromise(input: {
  market: { handle: string; currency: string; shipTo: readonly string[]; country: string; defaultShipping: string | null };
  variant: { id: string; weightGrams: number; price: bigint; stockByLocation: Record<string, number> };
  now?: Date;
}): Promise<ShippingQuote | null> {
  const now = input.now ?? new Date();
  const quotes = await quoteForCart({
    market: input.market,
    destinationCountry: input.market.country,
    lines: [{ variantId: input.variant.id, quantity: 1, weightGrams: input.variant.weightGrams, stockByLocation: input.variant.stockByLocation }],
    subtotal: input.variant.price,
    now,
  });
  return defaultShippingQuote(quotes, input.market.defaultShipping, now);
}
