/**
 * Shipping quotes (pure): which methods a cart can use to a destination, at what price, and when it
 * arrives. Rates come from `shipping_rates` (one row per market and method, weight bands in the
 * market currency's minor units); the caller loads them (shipping.server.ts) and passes them in.
 */
import type { shippingRatesTable, WeightBand } from "~db/schema/shipping";
import { addBusinessDays } from "../inventory/delivery";

export type ShippingRateRow = typeof shippingRatesTable.$inferSelect;
export type ShippingMethodCode = ShippingRateRow["method"];
/** Last tie-break between quotes equal in price and delivery window. */
const METHOD_RANK: readonly ShippingMethodCode[] = ["local", "express", "dedicated", "postal"];

/** Business days to pick and pack before the parcel leaves; added to every method's transit time. */
const HANDLING_DAYS = 1;

/** The fields of a rate row the quote needs (a full row fits). */
export type ShippingRate = Pick<ShippingRateRow, "method" | "minDays" | "maxDays" | "bands" | "freeOver" | "locationId"> & {
  market?: string;
};

export interface ShippingLineInput {
  variantId: string;
  quantity: number;
  weightGrams: number;
  /** location id → units available to sell there */
  stockByLocation: Record<string, number>;
}

export interface QuoteShippingInput {
  market: { handle: string; currency: string; shipTo: readonly string[] };
  destinationCountry: string;
  lines: readonly ShippingLineInput[];
  /** Discounted goods subtotal in the market currency (minor units): what free-shipping thresholds compare to. */
  subtotal: bigint;
  rates: readonly ShippingRate[];
  now: Date;
}

export interface ShippingQuote {
  method: ShippingMethodCode;
  /** What the shopper pays (0 when free). Minor units of the market currency. */
  amount: bigint;
  /** The band price before the free-shipping threshold. */
  originalAmount: bigint;
  free: boolean;
  minDays: number;
  maxDays: number;
  earliest: Date;
  latest: Date;
  /** For `local`: the warehouse that must ship every line. */
  locationId: string | null;
}

/** Σ weight × quantity, in grams (negative or missing values count as 0). */
export function cartWeightGrams(lines: readonly Pick<ShippingLineInput, "quantity" | "weightGrams">[]): number {
  let total = 0;
  for (const l of lines) total += Math.max(0, l.weightGrams || 0) * Math.max(0, l.quantity || 0);
  return total;
}

/**
 * The band for a weight: the first (smallest limit first, open band last) whose limit is null or
 * ≥ weight. Null when the weight is above every closed band — the method is then unavailable.
 */
export function bandFor(bands: readonly WeightBand[], weightGrams: number): WeightBand | null {
  const sorted = [...bands].sort((a, b) =>
    a.upToGrams === null ? (b.upToGrams === null ? 0 : 1) : b.upToGrams === null ? -1 : a.upToGrams - b.upToGrams,
  );
  return sorted.find((b) => b.upToGrams === null || b.upToGrams >= weightGrams) ?? null;
}

/** True when every line can be shipped entirely from `locationId`. */
function allInStockAt(lines: readonly ShippingLineInput[], locationId: string): boolean {
  return lines.every((l) => l.quantity <= 0 || (l.stockByLocation[locationId] ?? 0) >= l.quantity);
}

const MINOR_RE = /^\d+$/;
const methodRank = (m: ShippingMethodCode) => METHOD_RANK.indexOf(m);

/**
 * Quotes every method the cart can use, cheapest first, then fastest. Empty when the destination is
 * outside the market's ship-to countries (the caller says "we don't ship there from this market") or
 * the cart has no lines.
 */
export function quoteShipping(input: QuoteShippingInput): ShippingQuote[] {
  const country = input.destinationCountry.trim().toUpperCase();
  if (!input.market.shipTo.includes(country)) return [];
  if (!input.lines.length) return [];
  const weight = cartWeightGrams(input.lines);

  const quotes: ShippingQuote[] = [];
  for (const rate of input.rates) {
    if (rate.market !== undefined && rate.market !== input.market.handle) continue;
    if (rate.method === "local") {
      if (!rate.locationId || !allInStockAt(input.lines, rate.locationId)) continue;
    }
    const band = bandFor(rate.bands ?? [], weight);
    // A malformed amount disables the method rather than breaking the cart for every shopper.
    if (!band || !MINOR_RE.test(band.amount)) continue;
    const originalAmount = BigInt(band.amount);
    const free = rate.freeOver !== null && rate.freeOver !== undefined && input.subtotal >= rate.freeOver;
    quotes.push({
      method: rate.method,
      amount: free ? 0n : originalAmount,
      originalAmount,
      free,
      minDays: rate.minDays,
      maxDays: rate.maxDays,
      earliest: addBusinessDays(input.now, HANDLING_DAYS + rate.minDays),
      latest: addBusinessDays(input.now, HANDLING_DAYS + rate.maxDays),
      locationId: rate.method === "local" ? rate.locationId : null,
    });
  }

  return quotes.sort(
    (a, b) =>
      (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0) ||
      a.latest.getTime() - b.latest.getTime() ||
      a.earliest.getTime() - b.earliest.getTime() ||
      methodRank(a.method) - methodRank(b.method),
  );
}

const rangeFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "Mar 4 – 9" / "4.–9. März" / "3月4日～9日": the delivery window in the shopper's locale. Dates are
 * calendar days in UTC (as addBusinessDays produces them), so they are formatted in UTC.
 */
export function formatDeliveryRange(earliest: Date, latest: Date, intlLocale: string): string {
  let f = rangeFormatters.get(intlLocale);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", timeZone: "UTC" };
    try {
      f = new Intl.DateTimeFormat(intlLocale, options);
    } catch {
      f = new Intl.DateTimeFormat("en", options);
    }
    rangeFormatters.set(intlLocale, f);
  }
  return earliest.getTime() <= latest.getTime() ? f.formatRange(earliest, latest) : f.formatRange(latest, earliest);
}

export interface RateSummary {
  method: ShippingMethodCode;
  /** Business days from order to delivery, handling included (as quotes count them). */
  minDays: number;
  maxDays: number;
  /** Price per weight band in minor units, lightest first; upToGrams null = no limit. */
  bands: { upToGrams: number | null; amount: bigint }[];
  freeOver: bigint | null;
}

/** A market's rates as the shipping page lists them: the same days and bands the quotes use. */
export function summarizeRates(rates: readonly ShippingRate[]): RateSummary[] {
  return rates.map((r) => ({
    method: r.method,
    minDays: HANDLING_DAYS + r.minDays,
    maxDays: HANDLING_DAYS + r.maxDays,
    bands: [...r.bands]
      .sort((a, b) => (a.upToGrams === null ? 1 : b.upToGrams === null ? -1 : a.upToGrams - b.upToGrams))
      .filter((b) => MINOR_RE.test(b.amount))
      .map((b) => ({ upToGrams: b.upToGrams, amount: BigInt(b.amount) })),
    freeOver: r.freeOver ?? null,
  }));
}
