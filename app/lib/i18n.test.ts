import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { codeKey, messagesTranslator, parseMessages } from "./i18n";
import { compileMessage } from "./icu";
import { catalogs, clientMessages, clientMessagesJson, createTranslator } from "./i18n.server";
import { pickTranslation } from "~/modules/catalog/locale";

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
