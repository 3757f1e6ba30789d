/** Text-search configuration per content language; ja has no stemmer and relies on trigrams. */
const SEARCH_CONFIGS: Record<string, string> = {
  en: "english",
  fr: "french",
  de: "german",
  es: "spanish",
  pt: "portuguese",
  ar: "arabic",
  ja: "simple",
};

export function searchConfigFor(locale: string): string {
  return SEARCH_CONFIGS[locale.split("-")[0]!] ?? "simple";
}

/** Picks the first translation present along a fallback chain (e.g. fr-ca → fr → en). */
export function pickTranslation<T>(byLocale: Map<string, T> | Record<string, T>, chain: string[]): T | undefined {
  for (const locale of chain) {
    const v = byLocale instanceof Map ? byLocale.get(locale) : byLocale[locale];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

export const HANDLE_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
