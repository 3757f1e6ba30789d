import ar from "~/locales/ar.json";
import de from "~/locales/de.json";
import en from "~/locales/en.json";
import es from "~/locales/es.json";
import fr from "~/locales/fr.json";
import ja from "~/locales/ja.json";
import pt from "~/locales/pt.json";
import { catalogTranslator, type Catalog, type MessageKey, type Translate } from "./i18n";

/** All UI catalogs. Server-only, so that the browser bundle carries none of them. */
export const catalogs: Record<string, Catalog> = { en, fr, de, es, ja, pt, ar };

/**
 * A translator for a language, formatting numbers/dates for `intlLocale`. Missing keys fall back
 * to English (a test checks that no shipped catalog misses any key).
 */
export function createTranslator(language: string, intlLocale: string = language): Translate {
  return catalogTranslator<MessageKey>(catalogs, language, intlLocale);
}

function withFallback(base: Catalog, over: Catalog | undefined): Catalog {
  const out: Catalog = {};
  for (const [key, value] of Object.entries(base)) {
    const own = over?.[key];
    out[key] = typeof value === "string" ? (typeof own === "string" ? own : value) : withFallback(value, typeof own === "object" ? own : undefined);
  }
  return out;
}

const messagesByLanguage = new Map<string, Catalog>();

/**
 * The one catalog the browser needs: the language's messages, any gap filled from English. The
 * storefront's leaves out the admin's texts (`admin`); the admin layout asks for them.
 */
export function clientMessages(language: string, surface: "storefront" | "admin" = "storefront"): Catalog {
  const key = `${surface}|${language}`;
  let messages = messagesByLanguage.get(key);
  if (!messages) {
    const all = withFallback(catalogs.en!, catalogs[language]);
    if (surface === "storefront") delete all.admin;
    messages = all;
    messagesByLanguage.set(key, messages);
  }
  return messages;
}

const serializedByLanguage = new Map<string, string>();

/**
 * clientMessages as JSON text, serialized once per language. The page's data is encoded on every
 * request; a catalog of several hundred strings as one string costs one copy instead of a walk over
 * every key (most of that encoding's time on a product page). The browser reads it back with
 * parseMessages.
 */
export function clientMessagesJson(language: string): string {
  let json = serializedByLanguage.get(language);
  if (json === undefined) serializedByLanguage.set(language, (json = JSON.stringify(clientMessages(language))));
  return json;
}
