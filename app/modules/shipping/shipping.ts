/**
 * Shipping quotes (pure): which methods a cart can use to a destination, at what price, and when it
 * arrives. Rates come from `shipping_rates` (one row per market and method, weight bands in the
 * market currency's minor units); the caller loads them (shipping.server.ts) and passes them in.
 */
import { BoundedMap } from "~/lib/bounded-map";
import type { shippingRatesTable, WeightBand } from "~db/schema/shipping";
import { addBusinessDays, deliveryWindow, laneTo, type LocationLanes } from "../inventory/delivery";
import { allocateLines, rankLocations, shipmentsFor, type Shipment } from "../inventory/allocation";

export type ShippingRateRow = typeof shippingRatesTable.$inferSelect;
export type ShippingMethodCode = ShippingRateRow["method"];
/** Last tie-break between quotes equal in price and delivery window. */
const METHOD_RANK: readonly ShippingMethodCode[] = ["local", "express", "dedicated", "postal"];


/** The fields of a rate row the quote needs (a full row fits). */
export type ShippingRate = Pick<ShippingRateRow, "method" | "minDays" | "maxDays" | "bands" | "freeOver" | "locationId"> & {
  market?: string;
};

export interface ShippingLineInput {
  /** The caller's key for the line (a cart line id), echoed in the quote's shipments; defaults to the variant id. */
  lineId?: string;
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
  /** The store's locations: where stock ships from decides each parcel's delivery window. */
  locations: readonly LocationLanes[];
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
  /** First parcel's earliest arrival and last parcel's latest: the window of the whole order. */
  earliest: Date;
  latest: Date;
  /** For `local`: the warehouse that must ship every line. */
  locationId: string | null;
  /** The parcels this method sends (one per location the cart is allocated to), each with its own window. */
  shipments: Shipment[];
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
  const ranked = rankLocations(input.locations, country);
  const stock = new Map(input.lines.map((l) => [l.variantId, new Map(Object.entries(l.stockByLocation))]));
  for (const rate of input.rates) {
    if (rate.market !== undefined && rate.market !== input.market.handle) continue;
    if (rate.method === "local") {
      if (!rate.locationId || !allInStockAt(input.lines, rate.locationId)) continue;
    }
    const band = bandFor(rate.bands ?? [], weight);
    // A malformed amount disables the method rather than breaking the cart for every shopper.
    if (!band || !MINOR_RE.test(band.amount)) continue;
    const promise = promiseFor(input, rate, rate.method === "local" ? [rate.locationId!] : ranked, stock, country);
    if (!promise) continue;
    const originalAmount = BigInt(band.amount);
    const free = rate.freeOver !== null && rate.freeOver !== undefined && input.subtotal >= rate.freeOver;
    quotes.push({
      method: rate.method,
      amount: free ? 0n : originalAmount,
      originalAmount,
      free,
      minDays: rate.minDays,
      maxDays: rate.maxDays,
      ...promise,
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

/**
 * Where the cart's units ship from with this rate (the allocation reserveStock applies: one parcel
 * per location) and when each parcel arrives. A cart nothing can be allocated for yet (out of stock)
 * is promised the window of the best location that serves the country. Null when none does.
 */
function promiseFor(
  input: QuoteShippingInput,
  rate: ShippingRate,
  origins: readonly string[],
  stock: Map<string, Map<string, number>>,
  country: string,
): { earliest: Date; latest: Date; shipments: Shipment[] } | null {
  const allocation = allocateLines(
    input.lines.map((l) => ({ lineId: l.lineId ?? l.variantId, variantId: l.variantId, quantity: l.quantity, locations: origins })),
    stock,
  );
  const shipments = shipmentsFor(allocation, input.locations, country, rate, input.now);
  if (shipments.length) {
    return {
      earliest: new Date(Math.min(...shipments.map((s) => s.earliest.getTime()))),
      latest: new Date(Math.max(...shipments.map((s) => s.latest.getTime()))),
      shipments,
    };
  }
  const best = input.locations.find((l) => l.id === origins[0]);
  const window = best ? deliveryWindow(best, rate, country, input.now) : null;
  return window ? { ...window, shipments: [] } : null;
}

/** A delivery promise the shopper would not call reasonable: later than four working weeks from now. */
const REASONABLE_BUSINESS_DAYS = 20;

/**
 * The market's rule for the pre-selected shipping option (markets.default_shipping): null → the
 * default rule; "within:<n>" → the default rule with n business days as the reasonable limit;
 * a method code → that method whenever it is offered, else the default rule.
 */
function parseDefaultRule(rule: string | null | undefined): { prefer: string | null; withinDays: number } {
  const within = /^within:(\d{1,3})$/.exec(rule ?? "");
  if (within) return { prefer: null, withinDays: Number(within[1]) };
  return { prefer: rule && /^[a-z]+$/.test(rule) ? rule : null, withinDays: REASONABLE_BUSINESS_DAYS };
}

const byArrival = (a: ShippingQuote, b: ShippingQuote) =>
  a.latest.getTime() - b.latest.getTime() || a.earliest.getTime() - b.earliest.getTime() || methodRank(a.method) - methodRank(b.method);

/**
 * The option pre-selected at checkout, and so the one the product page and cart promise: the
 * quickest free option that arrives in reasonable time, else the cheapest that does, else the
 * quickest of all. `quotes` is quoteShipping's answer for the cart and destination.
 */
export function defaultShippingQuote(quotes: readonly ShippingQuote[], rule: string | null | undefined, now: Date): ShippingQuote | null {
  if (!quotes.length) return null;
  const { prefer, withinDays } = parseDefaultRule(rule);
  const preferred = prefer ? quotes.find((q) => q.method === prefer) : undefined;
  if (preferred) return preferred;
  const limit = addBusinessDays(now, withinDays).getTime();
  const reasonable = quotes.filter((q) => q.latest.getTime() <= limit);
  const free = reasonable.filter((q) => q.free).sort(byArrival);
  if (free[0]) return free[0];
  const cheapest = [...reasonable].sort((a, b) => (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0) || byArrival(a, b));
  return cheapest[0] ?? [...quotes].sort(byArrival)[0]!;
}

const rangeFormatters = new BoundedMap<string, Intl.DateTimeFormat>(100);
const formattedRanges = new BoundedMap<string, string>(1000);

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
  const [from, to] = earliest.getTime() <= latest.getTime() ? [earliest, latest] : [latest, earliest];
  // ICU's range formatting is slow, and every product page asks for one of a few ranges a day.
  const key = `${intlLocale}|${from.getTime()}|${to.getTime()}`;
  let text = formattedRanges.get(key);
  if (text === undefined) formattedRanges.set(key, (text = f.formatRange(from, to)));
  return text;
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

/**
 * A market's rates as the shipping page lists them, with the days from `deliveryWindow`, the rule the
 * quotes use: the range runs from the quickest warehouse that serves `country` to the slowest, since
 * which one ships depends on where the item is in stock.
 */
export function summarizeRates(rates: readonly ShippingRate[], locations: readonly LocationLanes[], country: string): RateSummary[] {
  return rates.flatMap((r) => {
    const serving = locations.filter((l) => (r.locationId ? l.id === r.locationId : true) && laneTo(l, country));
    if (serving.length === 0) return [];
    const days = serving.map((l) => {
      const lane = laneTo(l, country)!;
      const min = Math.max(r.minDays, lane.minDays);
      return { min: l.handlingDays + min, max: l.handlingDays + Math.max(r.maxDays, lane.maxDays, min) };
    });
    return [
      {
        method: r.method,
        minDays: Math.min(...days.map((d) => d.min)),
        maxDays: Math.max(...days.map((d) => d.max)),
        bands: [...r.bands]
          .sort((a, b) => (a.upToGrams === null ? 1 : b.upToGrams === null ? -1 : a.upToGrams - b.upToGrams))
          .filter((b) => MINOR_RE.test(b.amount))
          .map((b) => ({ upToGrams: b.upToGrams, amount: BigInt(b.amount) })),
        freeOver: r.freeOver ?? null,
      },
    ];
  });
}
