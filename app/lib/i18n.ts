import { createContext, useContext } from "react";
import type en from "~/locales/en.json";
import { compileMessage, type CompiledMessage, type Values } from "./icu";

export type Catalog = { [key: string]: string | Catalog };

/** Every "a.b.c" path to a string in a catalog. */
type LeafPaths<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A UI message key. The English catalog is the source of truth: a misspelled key fails the typecheck. */
export type MessageKey = LeafPaths<typeof en>;

/** The keys under one group, e.g. `MessageKeyIn<"errors">` is `"errors.cart_not_found" | …`. */
export type MessageKeyIn<Group extends string> = Extract<MessageKey, `${Group}.${string}`>;

/** Groups whose keys are codes that arrive as data (error codes, shipping methods, tax names…). */
type CodeGroup = "errors" | "shipping" | "taxNames" | "notices" | "order.status" | "listing.sort";

/**
 * The message key for a code the server sends (e.g. an error code). The group is checked at compile
 * time; an unknown code is shown as the key itself (the translator's last fallback), never thrown.
 */
export function codeKey<G extends CodeGroup>(group: G, code: string): MessageKeyIn<G> {
  return `${group}.${code}` as MessageKeyIn<G>;
}

export type Translate<Key extends string = MessageKey> = (key: Key, values?: Values) => string;

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split(".")) {
    if (!node || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const compiledBySet = new WeakMap<object, Map<string, CompiledMessage>>();

/**
 * A translator over a set of catalogs keyed by language (UI, emails), English as the fallback, the
 * key itself as the last resort. ICU messages are compiled once per set, language and locale.
 */
export function catalogTranslator<Key extends string = string>(
  set: Record<string, Catalog>,
  language: string,
  intlLocale: string = language,
): Translate<Key> {
  const catalog = set[language] ?? set.en ?? {};
  const fallback = set.en ?? {};
  let compiled = compiledBySet.get(set);
  if (!compiled) compiledBySet.set(set, (compiled = new Map()));
  const cache = compiled;
  return (key, values) => {
    const message = lookup(catalog, key) ?? lookup(fallback, key);
    if (message === undefined) return key;
    const cacheKey = `${intlLocale}|${language}|${key}`;
    let fmt = cache.get(cacheKey);
    if (!fmt) {
      fmt = compileMessage(message, intlLocale);
      cache.set(cacheKey, fmt);
    }
    return fmt.format(values);
  };
}

const setsByMessages = new WeakMap<Catalog, Record<string, Catalog>>();

/**
 * A translator over one language's messages, as the browser gets them from the root loader (the
 * server already filled any gap from English, so no other catalog has to ship to the client).
 */
export function messagesTranslator(messages: Catalog, language: string, intlLocale: string = language): Translate {
  let set = setsByMessages.get(messages);
  if (!set) setsByMessages.set(messages, (set = { [language]: messages }));
  return catalogTranslator<MessageKey>(set, language, intlLocale);
}

const parsedMessages = new Map<string, Catalog>();

/**
 * The catalog the root loader sent as JSON text (clientMessagesJson). Parsed once per text, so the
 * translator's compiled messages (kept per catalog object) survive across renders and requests.
 */
export function parseMessages(json: string): Catalog {
  let messages = parsedMessages.get(json);
  if (!messages) {
    // One entry per language a process has served; a browser only ever sees one or two.
    if (parsedMessages.size >= 16) parsedMessages.clear();
    parsedMessages.set(json, (messages = JSON.parse(json) as Catalog));
  }
  return messages;
}

export interface LocaleInfo {
  language: string;
  intlLocale: string;
  dir: "ltr" | "rtl";
}

export const I18nContext = createContext<{ t: Translate; locale: LocaleInfo }>({
  t: messagesTranslator({}, "en"),
  locale: { language: "en", intlLocale: "en-US", dir: "ltr" },
});

export function useT(): Translate {
  return useContext(I18nContext).t;
}

export function useLocale(): LocaleInfo {
  return useContext(I18nContext).locale;
}
