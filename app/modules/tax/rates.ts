/**
 * Built-in tax & duty data (issue #3). Pure data, no db access. Rates are in basis points
 * (1% = 100 bp, 25.5% = 2550 bp). A rate may carry a tenth of a basis point (Québec QST 9.975% = 997.5 bp);
 * the calculator turns rates into exact integer fractions, so no money math is done in floats.
 *
 * Simplifications (documented on purpose — this is an estimate engine, not a filing engine):
 * - EU / UK / AU / JP / SG / AE / MX / KW: one national standard rate; reduced rates are not modelled.
 * - Canada: federal GST everywhere, HST in the participating provinces, PST/RST/QST as a separate line.
 * - US: state-level base rate only (no county/city/district rates); shipping taxability from the list below.
 */
import { isEuMemberState } from "~/lib/eu";

/** A tax component applied to a taxable amount; several components can apply at once (e.g. GST + PST). */
export interface TaxComponentRule {
  /** e.g. "DE", "CA", "CA-BC", "US-NY" */
  jurisdiction: string;
  /** e.g. "VAT", "GST", "HST", "PST", "RST", "QST", "Sales tax", "Consumption tax", "IVA" */
  name: string;
  rateBp: number;
}

/** EU VAT standard rates (destination-country rate), ISO 3166-1 alpha-2 keys (Greece = "GR", not "EL"). */
export const EU_VAT_RATES_BP: Readonly<Record<string, number>> = {
  AT: 2000,
  BE: 2100,
  BG: 2000,
  HR: 2500,
  CY: 1900,
  CZ: 2100,
  DK: 2500,
  EE: 2400,
  FI: 2550,
  FR: 2000,
  DE: 1900,
  GR: 2400,
  HU: 2700,
  IE: 2300,
  IT: 2200,
  LV: 2100,
  LT: 2100,
  LU: 1700,
  MT: 1800,
  NL: 2100,
  PL: 2300,
  PT: 2300,
  RO: 2100,
  SK: 2300,
  SI: 2200,
  ES: 2100,
  SE: 2500,
};

export { EU_MEMBER_STATES, isEuMemberState } from "~/lib/eu";

/** Single national rates outside the EU (and outside the US/CA special cases). Shipping is taxed in all of them. */
export const NATIONAL_RATES: Readonly<Record<string, { name: string; rateBp: number }>> = {
  GB: { name: "VAT", rateBp: 2000 },
  AU: { name: "GST", rateBp: 1000 },
  JP: { name: "Consumption tax", rateBp: 1000 },
  SG: { name: "GST", rateBp: 900 },
  AE: { name: "VAT", rateBp: 500 },
  MX: { name: "IVA", rateBp: 1600 },
  /** Kuwait has no VAT: known jurisdiction, 0% → the calculator emits no tax lines at all. */
  KW: { name: "VAT", rateBp: 0 },
};

/** Canada: federal GST (5%) applies everywhere; in HST provinces it is replaced by a single harmonized line. */
export const CA_GST_BP = 500;

export type CanadaProvinceRule =
  /** One harmonized line (federal + provincial parts) instead of GST. */
  | { kind: "hst"; rateBp: number }
  /** GST line plus a separate provincial line. */
  | { kind: "gst+provincial"; name: "PST" | "RST" | "QST"; rateBp: number }
  /** GST only (AB and the territories). */
  | { kind: "gst" };

export const CA_PROVINCES: Readonly<Record<string, CanadaProvinceRule>> = {
  ON: { kind: "hst", rateBp: 1300 },
  NS: { kind: "hst", rateBp: 1400 },
  NB: { kind: "hst", rateBp: 1500 },
  NL: { kind: "hst", rateBp: 1500 },
  PE: { kind: "hst", rateBp: 1500 },
  BC: { kind: "gst+provincial", name: "PST", rateBp: 700 },
  MB: { kind: "gst+provincial", name: "RST", rateBp: 700 },
  SK: { kind: "gst+provincial", name: "PST", rateBp: 600 },
  QC: { kind: "gst+provincial", name: "QST", rateBp: 997.5 },
  AB: { kind: "gst" },
  NT: { kind: "gst" },
  NU: { kind: "gst" },
  YT: { kind: "gst" },
};

/** Full province names (upper case, accents and spaces kept) accepted in `destination.region`. */
export const CA_PROVINCE_NAMES: Readonly<Record<string, string>> = {
  ONTARIO: "ON",
  "NOVA SCOTIA": "NS",
  "NEW BRUNSWICK": "NB",
  "NOUVEAU-BRUNSWICK": "NB",
  "NEWFOUNDLAND AND LABRADOR": "NL",
  "PRINCE EDWARD ISLAND": "PE",
  "BRITISH COLUMBIA": "BC",
  MANITOBA: "MB",
  SASKATCHEWAN: "SK",
  QUEBEC: "QC",
  QUÉBEC: "QC",
  ALBERTA: "AB",
  "NORTHWEST TERRITORIES": "NT",
  NUNAVUT: "NU",
  YUKON: "YT",
};

/**
 * US state-level base sales tax rates (no local rates), incl. DC. States without a statewide sales tax
 * (AK, DE, MT, NH, OR) are absent and listed in US_NO_SALES_TAX_STATES.
 * HI is the General Excise Tax; UT and VA include their mandatory statewide local add-ons (6.10%, 5.30%).
 */
export const US_STATE_RATES_BP: Readonly<Record<string, number>> = {
  AL: 400,
  AZ: 560,
  AR: 650,
  CA: 725,
  CO: 290,
  CT: 635,
  DC: 600,
  FL: 600,
  GA: 400,
  HI: 400,
  ID: 600,
  IL: 625,
  IN: 700,
  IA: 600,
  KS: 650,
  KY: 600,
  LA: 500,
  ME: 550,
  MD: 600,
  MA: 625,
  MI: 600,
  MN: 687.5,
  MS: 700,
  MO: 422.5,
  NE: 550,
  NV: 685,
  NJ: 662.5,
  NM: 487.5,
  NY: 400,
  NC: 475,
  ND: 500,
  OH: 575,
  OK: 450,
  PA: 600,
  RI: 700,
  SC: 600,
  SD: 420,
  TN: 700,
  TX: 625,
  UT: 610,
  VT: 600,
  VA: 530,
  WA: 650,
  WV: 600,
  WI: 500,
  WY: 400,
};

export const US_NO_SALES_TAX_STATES: readonly string[] = ["AK", "DE", "MT", "NH", "OR"];

/**
 * States that tax separately stated shipping/delivery charges (simplified: treated as always taxable there).
 * Every other sales-tax state (e.g. CA, FL, IL, MA, MD, VA …) is treated as NOT taxing separately stated
 * shipping. Real rules depend on carrier, handling fees and whether the goods are taxable.
 */
export const US_SHIPPING_TAXABLE_STATES: ReadonlySet<string> = new Set([
  "AR",
  "CT",
  "DC",
  "GA",
  "HI",
  "IN",
  "KS",
  "KY",
  "MI",
  "MN",
  "MS",
  "NE",
  "NJ",
  "NM",
  "NY",
  "NC",
  "ND",
  "OH",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "VT",
  "WA",
  "WI",
  "WV",
]);

/** Full state names (upper case) accepted in `destination.region`. */
export const US_STATE_NAMES: Readonly<Record<string, string>> = {
  ALABAMA: "AL", ALASKA: "AK", ARIZONA: "AZ", ARKANSAS: "AR", CALIFORNIA: "CA", COLORADO: "CO",
  CONNECTICUT: "CT", DELAWARE: "DE", "DISTRICT OF COLUMBIA": "DC", FLORIDA: "FL", GEORGIA: "GA",
  HAWAII: "HI", IDAHO: "ID", ILLINOIS: "IL", INDIANA: "IN", IOWA: "IA", KANSAS: "KS", KENTUCKY: "KY",
  LOUISIANA: "LA", MAINE: "ME", MARYLAND: "MD", MASSACHUSETTS: "MA", MICHIGAN: "MI", MINNESOTA: "MN",
  MISSISSIPPI: "MS", MISSOURI: "MO", MONTANA: "MT", NEBRASKA: "NE", NEVADA: "NV", "NEW HAMPSHIRE": "NH",
  "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND",
  OHIO: "OH", OKLAHOMA: "OK", OREGON: "OR", PENNSYLVANIA: "PA", "RHODE ISLAND": "RI",
  "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD", TENNESSEE: "TN", TEXAS: "TX", UTAH: "UT", VERMONT: "VT",
  VIRGINIA: "VA", WASHINGTON: "WA", "WEST VIRGINIA": "WV", WISCONSIN: "WI", WYOMING: "WY",
};

/**
 * De-minimis regimes: goods value (sum of the cart line amounts, shipping excluded, converted into the
 * threshold currency) ≤ threshold → tax collected at checkout (EU IOSS, UK VAT, AU GST on low-value
 * imports); above it → the market's duty mode (DDU / DDP) applies.
 */
export interface DeMinimisRule {
  regime: "EU" | "GB" | "AU";
  currency: string;
  /** Decimal string in `currency`, converted to minor units with the currency's exponent. */
  threshold: string;
}

const DE_MINIMIS: Readonly<Record<"EU" | "GB" | "AU", DeMinimisRule>> = {
  EU: { regime: "EU", currency: "EUR", threshold: "150" },
  GB: { regime: "GB", currency: "GBP", threshold: "135" },
  AU: { regime: "AU", currency: "AUD", threshold: "1000" },
};

/** The de-minimis rule for a destination country, or null when the destination has none (tax always collected). */
export function deMinimisFor(country: string): DeMinimisRule | null {
  if (isEuMemberState(country)) return DE_MINIMIS.EU;
  if (country === "GB") return DE_MINIMIS.GB;
  if (country === "AU") return DE_MINIMIS.AU;
  return null;
}

/**
 * Brazil, Remessa Conforme (international purchases collected at checkout, DDP):
 * - Federal import tax (Imposto de Importação) on the customs value — goods plus freight and insurance —
 *   under the simplified regime (Regime de Tributação Simplificada): 20% up to US$50; 60% above it with a
 *   US$20 deduction, up to US$3,000. Lei 14.902/2024 (art. 35) ended the zero rate; Portaria MF 612/2023
 *   set the Remessa Conforme treatment and, as amended by Portaria MF 1.086/2024, these rates from
 *   1 August 2024. The two bands meet at US$50 (20% × 50 = 60% × 50 − 20).
 * - ICMS, the state tax, computed "por dentro" (it is part of its own base): ICMS = (value + II) × r / (1 − r).
 *   Convênio ICMS 81/2023 set 17% for Remessa Conforme purchases; since 1 April 2025 ten states charge
 *   20% (AC, AL, BA, CE, MG, PB, PI, RN, RR, SE; agreed at Comsefaz's 47th ordinary meeting, December
 *   2024, each by its own state act). Without a state in the address the estimate uses 17%.
 * - Checked against the text of Portaria MF 1.086/2024 (DOU 28 June 2024, amending Portaria MF 156/1999
 *   art. 1: progressive table 0–50.00 → 20%; 50.01–3,000.00 → 60% less US$20; freight and insurance
 *   added to the value for the bands, effective 1 August 2024).
 * Above US$3,000 the simplified regime does not apply; not modelled (a storefront order of that size is
 * out of scope for this estimate engine).
 */
export const BR_IMPORT = {
  lowRateBp: 2000,
  highRateBp: 6000,
  /** US dollars (decimal strings, converted with the store's FX rates). */
  bandLimitUsd: "50",
  deductionUsd: "20",
  icmsDefaultBp: 1700,
  icmsByState: { AC: 2000, AL: 2000, BA: 2000, CE: 2000, MG: 2000, PB: 2000, PI: 2000, RN: 2000, RR: 2000, SE: 2000 } as Readonly<Record<string, number>>,
} as const;
