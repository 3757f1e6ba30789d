import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { codeKey, messagesTranslator, parseMessages } from "./i18n";
import { compileMessage } from "./icu";
import { catalogs, clientMessages, clientMessagesJson, createTranslator } from "./i18n.server";
import { pickTranslation } from "~/modules/catalog/locale";
import { createEmailContext, emailCatalogs } from "../../emails/i18n";

type Node = { [k: string]: string | Node };
const keys = (o: Node, pre = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [pre + k] : keys(v, `${pre}${k}.`)));

describe("i18n", () => {
  it("ships every message in every language", () => {
    const en = keys(catalogs.en as Node).sort();
    for (const [lang, catalog] of Object.entries(catalogs)) {
      expect(keys(catalog as Node).sort(), lang).toEqual(en);
    }
  });
  it("uses the same ICU arguments in every language as in English", () => {
    // ICU MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/): an argument
    // missing from a translation would print nothing; an extra one would never be filled in.
    // Element types of the ICU parser's AST: 0 literal, 7 "#" inside a plural, 8 rich-text tag.
    type El = { type: number; value: string; options?: Record<string, { value: El[] }>; children?: El[] };
    const args = (elements: El[]): string[] =>
      elements.flatMap((e) => {
        if (e.type === 0 || e.type === 7) return [];
        if (e.type === 8) return args(e.children ?? []);
        return [e.value, ...Object.values(e.options ?? {}).flatMap((o) => args(o.value))];
      });
    const argsOf = (message: string) => [...new Set(args(new IntlMessageFormat(message, "en").getAst() as El[]))].sort();
    const lookup = (catalog: Node, key: string) => key.split(".").reduce<string | Node>((n, k) => (n as Node)[k]!, catalog) as string;
    for (const key of keys(catalogs.en as Node)) {
      const expected = argsOf(lookup(catalogs.en as Node, key));
      for (const [lang, catalog] of Object.entries(catalogs)) expect(argsOf(lookup(catalog as Node, key)), `${lang}: ${key}`).toEqual(expected);
    }
  });
  it("formats every message in every language exactly as a full ICU MessageFormat implementation does", () => {
    // intl-messageformat (FormatJS) is the reference; the storefront ships the smaller formatter in
    // ./icu. Each plural is tried at counts that reach every CLDR category of the languages shipped.
    const locales: Record<string, string> = { en: "en-US", de: "de-DE", fr: "fr-FR", es: "es-ES", pt: "pt-BR", ja: "ja-JP", ar: "ar-AE" };
    type El = { type: number; value: string; options?: Record<string, { value: El[] }> };
    const argNames = (elements: El[]): string[] =>
      elements.flatMap((e) => (e.type === 0 || e.type === 7 ? [] : [e.value, ...Object.values(e.options ?? {}).flatMap((o) => argNames(o.value))]));
    const lookup = (catalog: Node, key: string) => key.split(".").reduce<string | Node>((n, k) => (n as Node)[k]!, catalog) as string;
    let compared = 0;
    for (const [lang, catalog] of Object.entries(catalogs)) {
      const locale = locales[lang] ?? lang;
      for (const key of keys(catalog as Node)) {
        const message = lookup(catalog as Node, key);
        const reference = new IntlMessageFormat(message, locale);
        const ours = compileMessage(message, locale);
        const names = [...new Set(argNames(reference.getAst() as El[]))];
        for (const n of [0, 1, 2, 3, 5, 11, 100, 102, 1000, 1.5]) {
          const values = Object.fromEntries(names.map((name) => [name, n]));
          expect(ours.format(values), `${lang}: ${key} (${n})`).toBe(String(reference.format(values)));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(compileMessage("It''s '{literal}' {n, plural, one {# item} other {'#' # items}}", "en").format({ n: 2 })).toBe(
      new IntlMessageFormat("It''s '{literal}' {n, plural, one {# item} other {'#' # items}}", "en").format({ n: 2 }),
    );
  });
  it("refuses ICU features the small formatter does not implement", () => {
    expect(() => compileMessage("{g, select, a {x} other {y}}", "en")).toThrow(/select/);
    expect(() => compileMessage("{n, plural, one {x}}", "en")).toThrow(/other/);
  });
  it("sends the browser one language, complete, and translates with it alone", () => {
    const de = clientMessages("de");
    const storefrontKeys = keys(catalogs.en as Node).filter((k) => !k.startsWith("admin."));
    expect(keys(de as Node).sort()).toEqual(storefrontKeys.sort());
    // The admin's texts reach only admin pages.
    expect(keys(clientMessages("en", "admin") as Node).sort()).toEqual(keys(catalogs.en as Node).sort());
    expect(JSON.stringify(de)).not.toContain("Add to cart");
    const t = messagesTranslator(de, "de", "de-DE");
    expect(t("cart.title")).toBe("Warenkorb");
    expect(t("product.sku", { sku: "TEA-1" })).toBe("Artikelnr.: TEA-1");
    expect(clientMessages("xx", "admin")).toEqual(catalogs.en);
  });
  it("sends that catalog as JSON text that reads back to the same messages, parsed once per text", () => {
    const json = clientMessagesJson("ja");
    expect(clientMessagesJson("ja")).toBe(json);
    // A copy of the text, as the browser gets it: still one parse, so compiled messages are reused.
    const copy = ` ${json}`.slice(1);
    const parsed = parseMessages(json);
    expect(parsed).toEqual(clientMessages("ja"));
    expect(parseMessages(copy)).toBe(parsed);
    expect(messagesTranslator(parsed, "ja", "ja-JP")("cart.title")).toBe((catalogs.ja as { cart: { title: string } }).cart.title);
  });
  it("words codes sent by the server and shows an unknown code as its key", () => {
    const t = createTranslator("en", "en-US");
    expect(t(codeKey("errors", "cart_not_found"))).toBe("Your cart has expired.");
    expect(t(codeKey("shipping", "express"))).toBe("Express courier");
    expect(t(codeKey("errors", "no_such_code"))).toBe("errors.no_such_code");
  });
  it("formats ICU plurals and placeholders", () => {
    const t = createTranslator("en", "en-US");
    expect(t("listing.count", { count: 1 })).toBe("1 product");
    expect(t("listing.count", { count: 12 })).toBe("12 products");
    expect(t("listing.count", { count: 0 })).toBe("No products");
    expect(createTranslator("de", "de-DE")("tax.inclusiveVat")).toBe("inkl. MwSt.");
  });
  it("falls back to English for an unknown language", () => {
    expect(createTranslator("xx")("nav.home")).toBe("Home");
  });
  it("follows the content fallback chain fr-ca → fr → en", () => {
    const titles = { fr: "Théière", en: "Teapot" };
    expect(pickTranslation(titles, ["fr-ca", "fr", "en"])).toBe("Théière");
    expect(pickTranslation({ en: "Teapot" }, ["fr-ca", "fr", "en"])).toBe("Teapot");
    expect(pickTranslation({ "fr-ca": "Théière (CA)", fr: "Théière" }, ["fr-ca", "fr", "en"])).toBe("Théière (CA)");
    expect(pickTranslation({ ja: "急須" }, ["fr-ca", "fr", "en"])).toBeUndefined();
  });

});

/** Every "a.b.c" key of a catalog with its message. */
const entries = (o: Node, pre = ""): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [[pre + k, v] as [string, string]] : entries(v, `${pre}${k}.`)));

/**
 * Messages a language writes exactly as English does. Anything else equal to English is an untranslated
 * copy. Keep each entry to a name, a code or a word the language shares with English.
 */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  all: [
    "Kiln & Loom", // the store's brand
    "Eircode", // the name of Ireland's postcode system
    "ICMS", // Brazil's state tax on goods: its proper name, which other languages keep
    "Boleto Bancário", // the Brazilian payment method's name
    "IP", // an Internet address, abbreviated the same everywhere
  ],
  de: ["Shop", "Region", "Name", "Name (optional)", "Status", "Details", "Newsletter", "Tag", "Tags", "Browser"],
  fr: ["Menu", "Collection", "Collections", "Min", "Max", "Pages", "Pagination", "Description", "Dimensions", "Total", "Province", "Action", "Actions", "Via", "Date", "Options", "Images", "Newsletter", "Contacts", "Source", "Points", "Notes", "Segments", "Condition"],
  es: ["Subtotal", "Total", "No", "IVA"], // IVA: the Spanish name of VAT, and Mexico's tax of that name
  pt: ["Menu", "Subtotal", "Total", "Item", "Status", "IVA", "Newsletter", "Tag", "Tags"], // IVA: the Portuguese name of VAT
  ja: [],
  ar: [],
};
/** Keys whose message is the same in every language: each language's name written in that language. */
const SAME_KEYS = /^admin\.catalog\.languages\./;

/** Plural categories each language's messages must cover (CLDR plural rules, https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html). */
const PLURAL_CATEGORIES: Record<string, readonly string[]> = {
  en: ["one", "other"],
  de: ["one", "other"],
  // fr, es and pt also have "many", used only for millions written in words ("1 million de"): other covers counts.
  fr: ["one", "other"],
  es: ["one", "other"],
  pt: ["one", "other"],
  ja: ["other"],
  ar: ["zero", "one", "two", "few", "many", "other"],
};

describe("translations", () => {
  const sets = { ui: catalogs, email: emailCatalogs };
  it("no language keeps an English message untranslated, except the names and shared words listed", () => {
    const copies: string[] = [];
    for (const [surface, set] of Object.entries(sets)) {
      const english = new Map(entries(set.en as Node));
      for (const [lang, catalog] of Object.entries(set)) {
        if (lang === "en") continue;
        const allowed = new Set([...SAME_AS_ENGLISH.all!, ...(SAME_AS_ENGLISH[lang] ?? [])]);
        for (const [key, message] of entries(catalog as Node)) {
          if (message !== english.get(key) || SAME_KEYS.test(key) || allowed.has(message)) continue;
          // Only arguments and signs (e.g. "{quantity} × {title}"): nothing to translate.
          if (!/\p{L}/u.test(message.replace(/\{\w+\}/g, ""))) continue;
          copies.push(`${surface} ${lang} ${key}: ${message}`);
        }
      }
    }
    expect(copies).toEqual([]);
  });
  it("the check above catches an English copy", () => {
    const english = new Map(entries(catalogs.en as Node));
    expect(english.get("admin.orders.title")).toBe("Orders");
    for (const lang of ["de", "fr", "es", "pt", "ja", "ar"]) expect(createTranslator(lang)("admin.orders.title"), lang).not.toBe("Orders");
    expect(SAME_AS_ENGLISH.all).not.toContain("Orders");
  });
  it("covers every plural category each language needs, and no category it lacks", () => {
    type El = { type: number; value: string; options?: Record<string, { value: El[] }>; children?: El[] };
    const plurals = (elements: El[]): El[] =>
      elements.flatMap((e) => [...(e.type === 6 ? [e] : []), ...Object.values(e.options ?? {}).flatMap((o) => plurals(o.value)), ...plurals(e.children ?? [])]);
    const missing: string[] = [];
    for (const set of [catalogs, emailCatalogs]) {
      for (const [lang, catalog] of Object.entries(set)) {
        const needed = PLURAL_CATEGORIES[lang]!;
        const known = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
        for (const [key, message] of entries(catalog as Node)) {
          // Element type 6 is a plural in the ICU parser's AST.
          for (const p of plurals(new IntlMessageFormat(message, lang).getAst() as El[])) {
            const branches = Object.keys(p.options ?? {});
            for (const c of needed) if (!branches.includes(c)) missing.push(`${lang} ${key}: no "${c}" branch`);
            for (const b of branches) if (!b.startsWith("=") && !known.includes(b)) missing.push(`${lang} ${key}: "${b}" is not a ${lang} plural category`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
  it("words every error code without arguments, so a page never needs the server's English message", () => {
    // invalid_input carries the translated message of the failed field check.
    const withArguments = entries(catalogs.en as Node).filter(([key, message]) => key.startsWith("errors.") && key !== "errors.invalid_input" && /\{/.test(message));
    expect(withArguments).toEqual([]);
  });
  it("names taxes in emails as the pages do, in the reader's language", () => {
    for (const lang of Object.keys(catalogs)) expect((emailCatalogs[lang] as Node).taxNames, lang).toEqual((catalogs[lang] as Node).taxNames);
    expect(createEmailContext("de", "de-DE").taxName("VAT")).toBe("MwSt.");
    expect(createEmailContext("fr", "fr-CA").taxName("GST")).toBe("TPS"); // Canada's federal tax is the TPS in French (Excise Tax Act, French version)
    expect(createEmailContext("ja", "ja-JP").taxName("Consumption tax")).toBe("消費税");
    expect(createEmailContext("es", "es-MX").taxName("IVA")).toBe("IVA");
    // A name from another tax provider is shown as recorded rather than as a key.
    expect(createEmailContext("de", "de-DE").taxName("County tax")).toBe("County tax");
  });
});
