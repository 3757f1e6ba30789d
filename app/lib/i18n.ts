import { IntlMessageFormat } from "intl-messageformat";
import { createContext, useContext } from "react";
import ar from "~/locales/ar.json";
import de from "~/locales/de.json";
import en from "~/locales/en.json";
import es from "~/locales/es.json";
import fr from "~/locales/fr.json";
import ja from "~/locales/ja.json";
import pt from "~/locales/pt.json";

export type Catalog = { [key: string]: string | Catalog };
export type MessageKey = string;

export const catalogs: Record<string, Catalog> = { en, fr, de, es, ja, pt, ar };

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split(".")) {
    if (!node || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const compiledBySet = new WeakMap<object, Map<string, IntlMessageFormat>>();

export type Translate = (key: MessageKey, values?: Record<string, string | number | Date>) => string;

/**
 * A translator for a language, formatting numbers/dates for `intlLocale`. Missing keys fall back
 * to English (a test checks that no shipped catalog misses any key).
 */
export function createTranslator(language: string, intlLocale: string = language): Translate {
  return catalogTranslator(catalogs, language, intlLocale);
}

/** A translator over any set of catalogs keyed by language (UI, emails), English as the fallback. */
export function catalogTranslator(set: Record<string, Catalog>, language: string, intlLocale: string = language): Translate {
  const catalog = set[language] ?? set.en!;
  let compiled = compiledBySet.get(set);
  if (!compiled) compiledBySet.set(set, (compiled = new Map()));
  return (key, values) => {
    const message = lookup(catalog, key) ?? lookup(set.en!, key);
    if (message === undefined) return key;
    const cacheKey = `${intlLocale}|${language}|${key}`;
    let fmt = compiled.get(cacheKey);
    if (!fmt) {
      fmt = new IntlMessageFormat(message, intlLocale);
      compiled!.set(cacheKey, fmt);
    }
    return String(fmt.format(values));
  };
}

export interface LocaleInfo {
  language: string;
  intlLocale: string;
  dir: "ltr" | "rtl";
}

export const I18nContext = createContext<{ t: Translate; locale: LocaleInfo }>({
  t: createTranslator("en"),
  locale: { language: "en", intlLocale: "en-US", dir: "ltr" },
});

export function useT(): Translate {
  return useContext(I18nContext).t;
}

export function useLocale(): LocaleInfo {
  return useContext(I18nContext).locale;
}
