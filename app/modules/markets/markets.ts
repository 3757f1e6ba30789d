/** Market shape shared by server and browser code (no db access here). */
import type { Units } from "~/lib/units";

type TaxDisplay = "inclusive" | "exclusive";

export interface Market {
  handle: string;
  name: string;
  language: string;
  country: string;
  currency: string;
  localeFallback: string[];
  shipTo: string[];
  taxDisplay: TaxDisplay;
  /** "vat": "incl. VAT" wording; "generic": "tax included". */
  taxLabel: "vat" | "generic";
  units: Units;
  roundingRule: string;
  dutyMode: "DDU" | "DDP";
  /** Duty estimate collected in DDP mode, basis points of the goods value. */
  dutyRateBp: number;
  /** The pre-selected shipping option's rule (see defaultShippingQuote); null = the rule in code. */
  defaultShipping: string | null;
  position: number;
}

const LANGUAGES = ["en", "fr", "de", "es", "ja", "pt", "ar"] as const;
const RTL_LANGUAGES = new Set<string>(["ar"]);

export const MARKET_HANDLE_RE = /^[a-z]{2}-[a-z]{2}$/;

/** BCP 47 tag used for Intl formatting, e.g. de-de → "de-DE". */
export function intlLocale(market: Pick<Market, "language" | "country">): string {
  return `${market.language}-${market.country}`;
}

export function textDirection(language: string): "rtl" | "ltr" {
  return RTL_LANGUAGES.has(language) ? "rtl" : "ltr";
}
