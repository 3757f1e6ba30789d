import { describe, expect, it } from "vitest";
import { catalogs, createTranslator } from "./i18n.server";
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
