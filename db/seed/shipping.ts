import { parseDecimal } from "~/lib/money";
import type { ShippingMethodCode } from "~/modules/shipping/shipping";
import { ensureShippingRates, type ShippingRateInput } from "~/modules/shipping/shipping.server";
import type { Db } from "../index";
import { demoMarkets } from "./reference";

type Method = ShippingMethodCode;
type WeightBand = ShippingRateInput["bands"][number];

/**
 * Demo shipping rates: every demo market gets express courier (3–7 business days), a dedicated
 * cross-border line (7–15) and postal (15–30) from the main warehouse, plus `local` delivery where
 * an overseas warehouse serves the market. Prices are written per currency in major units (so the
 * ISO 4217 exponent is checked by parseDecimal: "2100" JPY, "4.300" KWD) and stored as minor units.
 *
 * Weight bands are the same everywhere: ≤500 g, ≤2 kg, ≤5 kg, then open-ended — except postal,
 * which stops at 20 kg (a postal parcel limit), so heavier carts simply do not get postal.
 */
const BAND_LIMITS = [500, 2000, 5000, null] as const;
const POSTAL_LIMITS = [500, 2000, 5000, 20000] as const;

type Four = readonly [string, string, string, string];
interface CurrencyTable {
  express: Four;
  dedicated: Four;
  postal: Four;
}

// Roughly the USD table through the demo FX rates, rounded to prices a shop would actually show.
const TABLES: Record<string, CurrencyTable> = {
  USD: { express: ["14.00", "22.00", "35.00", "55.00"], dedicated: ["9.00", "14.00", "24.00", "38.00"], postal: ["6.00", "9.50", "16.00", "26.00"] },
  CAD: { express: ["19.00", "30.00", "48.00", "75.00"], dedicated: ["12.00", "19.00", "33.00", "52.00"], postal: ["8.00", "13.00", "22.00", "36.00"] },
  GBP: { express: ["11.00", "17.50", "28.00", "43.00"], dedicated: ["7.00", "11.00", "19.00", "30.00"], postal: ["4.80", "7.50", "12.50", "20.50"] },
  EUR: { express: ["13.00", "20.00", "32.00", "50.00"], dedicated: ["8.50", "13.00", "22.00", "35.00"], postal: ["5.50", "8.90", "14.90", "24.00"] },
  JPY: { express: ["2100", "3300", "5300", "8300"], dedicated: ["1400", "2100", "3600", "5800"], postal: ["900", "1400", "2400", "3900"] },
  AUD: { express: ["21.00", "33.00", "53.00", "84.00"], dedicated: ["14.00", "21.00", "36.00", "58.00"], postal: ["9.00", "14.50", "24.00", "40.00"] },
  SGD: { express: ["19.00", "29.00", "47.00", "74.00"], dedicated: ["12.00", "19.00", "32.00", "51.00"], postal: ["8.00", "12.50", "21.50", "35.00"] },
  BRL: { express: ["71.00", "111.00", "177.00", "278.00"], dedicated: ["45.00", "71.00", "121.00", "192.00"], postal: ["30.00", "48.00", "81.00", "131.00"] },
  MXN: { express: ["240.00", "380.00", "600.00", "940.00"], dedicated: ["155.00", "240.00", "410.00", "650.00"], postal: ["105.00", "165.00", "275.00", "445.00"] },
  AED: { express: ["52.00", "81.00", "129.00", "202.00"], dedicated: ["33.00", "52.00", "88.00", "140.00"], postal: ["22.00", "35.00", "59.00", "96.00"] },
  KWD: { express: ["4.300", "6.800", "10.800", "16.900"], dedicated: ["2.800", "4.300", "7.400", "11.700"], postal: ["1.850", "2.900", "4.900", "8.000"] },
};

/** Markets served by an overseas warehouse: `local` delivery when every line is in stock there. */
const LOCAL: Record<string, { locationId: string; minDays: number; maxDays: number; prices: Four }> = {
  "en-us": { locationId: "loc_us_lax", minDays: 1, maxDays: 3, prices: ["5.00", "7.00", "10.00", "15.00"] },
  "en-ca": { locationId: "loc_us_lax", minDays: 3, maxDays: 6, prices: ["11.00", "15.00", "22.00", "32.00"] },
  "fr-ca": { locationId: "loc_us_lax", minDays: 3, maxDays: 6, prices: ["11.00", "15.00", "22.00", "32.00"] },
  "es-mx": { locationId: "loc_us_lax", minDays: 3, maxDays: 6, prices: ["130.00", "180.00", "270.00", "400.00"] },
  "de-de": { locationId: "loc_de_fra", minDays: 1, maxDays: 3, prices: ["4.90", "6.90", "9.90", "14.90"] },
  "fr-fr": { locationId: "loc_de_fra", minDays: 1, maxDays: 3, prices: ["4.90", "6.90", "9.90", "14.90"] },
  "es-es": { locationId: "loc_de_fra", minDays: 1, maxDays: 3, prices: ["4.90", "6.90", "9.90", "14.90"] },
  "en-eu": { locationId: "loc_de_fra", minDays: 1, maxDays: 3, prices: ["4.90", "6.90", "9.90", "14.90"] },
  "en-gb": { locationId: "loc_de_fra", minDays: 3, maxDays: 6, prices: ["7.50", "10.00", "15.00", "22.00"] },
};

const DAYS: Record<Exclude<Method, "local">, { minDays: number; maxDays: number; position: number }> = {
  express: { minDays: 3, maxDays: 7, position: 1 },
  dedicated: { minDays: 7, maxDays: 15, position: 2 },
  postal: { minDays: 15, maxDays: 30, position: 3 },
};

function bands(prices: Four, limits: readonly (number | null)[], currency: string): WeightBand[] {
  return prices.map((p, i) => ({ upToGrams: limits[i] ?? null, amount: parseDecimal(p, currency).toString() }));
}

/** Deterministic ids, so re-seeding is a no-op (the (market, method) unique index agrees). */
function shippingRateId(market: string, method: Method): string {
  return `shr_${market.replace(/-/g, "_")}_${method}`;
}

export function demoShippingRates(): ShippingRateInput[] {
  const rows: ShippingRateInput[] = [];
  for (const market of demoMarkets) {
    const currency = market.currency;
    const table = TABLES[currency];
    if (!table) throw new Error(`No demo shipping table for ${currency} (market ${market.handle})`);
    // Dedicated and postal are free from the market's threshold; express never is.
    const freeOver = market.freeShippingOver ?? null;
    for (const method of ["express", "dedicated", "postal"] as const) {
      rows.push({
        id: shippingRateId(market.handle, method),
        market: market.handle,
        method,
        minDays: DAYS[method].minDays,
        maxDays: DAYS[method].maxDays,
        bands: bands(table[method], method === "postal" ? POSTAL_LIMITS : BAND_LIMITS, currency),
        freeOver: method === "express" ? null : freeOver,
        freeOverFromMarket: method !== "express",
        locationId: null,
        position: DAYS[method].position,
      });
    }
    const local = LOCAL[market.handle];
    if (local) {
      rows.push({
        id: shippingRateId(market.handle, "local"),
        market: market.handle,
        method: "local",
        minDays: local.minDays,
        maxDays: local.maxDays,
        bands: bands(local.prices, BAND_LIMITS, currency),
        freeOver: null,
        locationId: local.locationId,
        position: 0,
      });
    }
  }
  return rows;
}

/** Inserts the demo rates; existing rows (a merchant's edits) are left alone. */
export async function seedShipping(db: Db): Promise<void> {
  await ensureShippingRates(demoShippingRates(), db);
}
