import { ensureLocations, type LocationInput } from "~/modules/inventory/inventory.server";
import { ensureStore, type MarketInput } from "~/modules/markets/markets.server";
import { ensureTaxRegistrations } from "~/modules/tax/registrations.server";
import { parseDecimal } from "~/lib/money";
import type { Db } from "../index";

const EU_REST = ["BE", "BG", "CY", "CZ", "DK", "EE", "FI", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];
const EU = [...EU_REST, "DE", "AT", "FR", "ES"];

/** Free dedicated and postal shipping from this subtotal (the market's threshold), by currency. */
const FREE_SHIPPING_OVER: Record<string, string> = {
  USD: "150.00", CAD: "200.00", GBP: "100.00", EUR: "120.00", JPY: "15000", AUD: "200.00", SGD: "200.00",
  BRL: "750.00", MXN: "2500.00", AED: "550.00", KWD: "45.000",
};

const m = (row: Omit<MarketInput, "position" | "freeShippingOver">, position: number): MarketInput => ({
  ...row,
  position,
  freeShippingOver: parseDecimal(FREE_SHIPPING_OVER[row.currency]!, row.currency),
});

export const demoMarkets: MarketInput[] = [
  m({ handle: "en-us", name: "United States", language: "en", country: "US", currency: "USD", localeFallback: ["en"], shipTo: ["US"], taxDisplay: "exclusive", units: "imperial", roundingRule: "none", settings: { dutyRateBp: 0, taxLabel: "generic" } }, 0),
  m({ handle: "en-ca", name: "Canada (English)", language: "en", country: "CA", currency: "CAD", localeFallback: ["en-ca", "en"], shipTo: ["CA"], taxDisplay: "exclusive", units: "metric", roundingRule: "ending:99", settings: { dutyRateBp: 600, taxLabel: "generic" } }, 1),
  m({ handle: "fr-ca", name: "Canada (Français)", language: "fr", country: "CA", currency: "CAD", localeFallback: ["fr-ca", "fr", "en"], shipTo: ["CA"], taxDisplay: "exclusive", units: "metric", roundingRule: "ending:99", settings: { dutyRateBp: 600, taxLabel: "generic" } }, 2),
  m({ handle: "en-gb", name: "United Kingdom", language: "en", country: "GB", currency: "GBP", localeFallback: ["en-gb", "en"], shipTo: ["GB"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:99", settings: { dutyRateBp: 400, taxLabel: "vat" } }, 3),
  m({ handle: "de-de", name: "Deutschland", language: "de", country: "DE", currency: "EUR", localeFallback: ["de", "en"], shipTo: ["DE", "AT"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:95", settings: { dutyRateBp: 400, taxLabel: "vat" } }, 4),
  m({ handle: "fr-fr", name: "France", language: "fr", country: "FR", currency: "EUR", localeFallback: ["fr", "en"], shipTo: ["FR"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:95", settings: { dutyRateBp: 400, taxLabel: "vat" } }, 5),
  m({ handle: "es-es", name: "España", language: "es", country: "ES", currency: "EUR", localeFallback: ["es", "en"], shipTo: ["ES"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:95", settings: { dutyRateBp: 400, taxLabel: "vat" } }, 6),
  m({ handle: "en-eu", name: "European Union", language: "en", country: "IE", currency: "EUR", localeFallback: ["en"], shipTo: EU_REST, taxDisplay: "inclusive", units: "metric", roundingRule: "ending:95", settings: { dutyRateBp: 400, taxLabel: "vat" } }, 7),
  m({ handle: "ja-jp", name: "日本", language: "ja", country: "JP", currency: "JPY", localeFallback: ["ja", "en"], shipTo: ["JP"], taxDisplay: "inclusive", units: "metric", roundingRule: "ceil:10", settings: { dutyRateBp: 500, taxLabel: "generic" } }, 8),
  m({ handle: "en-au", name: "Australia", language: "en", country: "AU", currency: "AUD", localeFallback: ["en-au", "en"], shipTo: ["AU"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:95", settings: { dutyRateBp: 500, taxLabel: "generic" } }, 9),
  m({ handle: "en-sg", name: "Singapore", language: "en", country: "SG", currency: "SGD", localeFallback: ["en"], shipTo: ["SG"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:90", settings: { dutyRateBp: 0, taxLabel: "generic" } }, 10),
  m({ handle: "pt-br", name: "Brasil", language: "pt", country: "BR", currency: "BRL", localeFallback: ["pt-br", "pt", "en"], shipTo: ["BR"], taxDisplay: "inclusive", units: "metric", roundingRule: "ending:90", settings: { dutyRateBp: 2000, taxLabel: "generic" } }, 11),
  m({ handle: "es-mx", name: "México", language: "es", country: "MX", currency: "MXN", localeFallback: ["es-mx", "es", "en"], shipTo: ["MX"], taxDisplay: "inclusive", units: "metric", roundingRule: "ceil:1000", settings: { dutyRateBp: 1500, taxLabel: "vat" } }, 12),
  m({ handle: "ar-ae", name: "الإمارات", language: "ar", country: "AE", currency: "AED", localeFallback: ["ar", "en"], shipTo: ["AE"], taxDisplay: "inclusive", units: "metric", roundingRule: "ceil:100", settings: { dutyRateBp: 500, taxLabel: "vat" } }, 13),
  m({ handle: "ar-kw", name: "الكويت", language: "ar", country: "KW", currency: "KWD", localeFallback: ["ar", "en"], shipTo: ["KW"], taxDisplay: "inclusive", units: "metric", roundingRule: "ceil:50", settings: { dutyRateBp: 500, taxLabel: "generic" } }, 14),
];

/** Units per 1 USD. */
const demoFxRates: Record<string, string> = {
  CAD: "1.3700", GBP: "0.7900", EUR: "0.9200", JPY: "151.50", AUD: "1.5200", SGD: "1.3400",
  BRL: "5.0500", MXN: "17.1000", AED: "3.6725", KWD: "0.3075",
};

export const demoLocations: LocationInput[] = [
  {
    id: "loc_cn_sz", code: "cn-sz", name: "Shenzhen main warehouse", country: "CN", handlingDays: 2, position: 0,
    lanes: [
      { countries: ["JP", "SG", "KW", "AE"], minDays: 4, maxDays: 8 },
      { countries: ["*"], minDays: 7, maxDays: 12 },
    ],
  },
  {
    id: "loc_us_lax", code: "us-lax", name: "Los Angeles warehouse", country: "US", handlingDays: 1, position: 1,
    lanes: [
      { countries: ["US"], minDays: 2, maxDays: 5 },
      { countries: ["CA", "MX"], minDays: 4, maxDays: 8 },
    ],
  },
  {
    id: "loc_de_fra", code: "de-fra", name: "Frankfurt warehouse", country: "DE", handlingDays: 1, position: 2,
    lanes: [
      { countries: ["DE", "AT"], minDays: 1, maxDays: 3 },
      { countries: [...EU.filter((c) => c !== "DE" && c !== "AT")], minDays: 2, maxDays: 5 },
      { countries: ["GB"], minDays: 3, maxDays: 6 },
    ],
  },
];

export async function seedReference(db: Db): Promise<void> {
  await ensureStore(
    { settings: { name: "Kiln & Loom", baseCurrency: "USD", defaultMarket: "en-us" }, markets: demoMarkets, fxRates: demoFxRates },
    db,
  );
  await ensureLocations(demoLocations, db);
  // US states where the demo store is registered for sales tax.
  await ensureTaxRegistrations(
    ["CA", "NY", "TX", "WA"].map((region) => ({ country: "US", region, registrationNumber: "", since: "2024-01-01" })),
    db,
  );
}
