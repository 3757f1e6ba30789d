import { BoundedMap, getOrMake } from "./bounded-map";

/**
 * Intl objects are costly to build (tens of µs each); pages build the same few over and over. The
 * keys come from markets and option sets (a few hundred at most), bounded all the same.
 */
export const INTL_CACHE_MAX = 500;
const cache = new BoundedMap<string, unknown>(INTL_CACHE_MAX);

function memo<T>(key: string, make: () => T): T {
  return getOrMake(cache, key, make) as T;
}

export function numberFormat(locale: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return memo(`n|${locale}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(locale, opts));
}

export function regionNames(locale: string): Intl.DisplayNames {
  return memo(`r|${locale}`, () => new Intl.DisplayNames([locale], { type: "region" }));
}

export interface CountryOption {
  code: string;
  label: string;
}

/**
 * Country names in the page's language, for a loader to send: browsers ship other ICU versions than
 * Node (names differ), and a name rendered on both sides must be the same text for hydration.
 */
export function countryOptions(codes: readonly string[], locale: string): CountryOption[] {
  const names = regionNames(locale);
  return codes.map((code) => ({ code, label: names.of(code) ?? code }));
}

export function memoized<T>(key: string, make: () => T): T {
  return memo(`m|${key}`, make);
}
