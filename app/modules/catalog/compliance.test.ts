import { describe, expect, it } from "vitest";
import { checkListing, claimTermsWith, ClaimTermOverridesSchema, DEFAULT_CLAIM_TERMS, findClaims, foldText, type ListingForCheck } from "./compliance";

const customsComplete = { hsCode: "6912.00", countryOfOrigin: "CN", variants: [{ sku: "CUP-1", weightGrams: 240 }] };

function listing(translations: ListingForCheck["translations"], extra: Partial<ListingForCheck> = {}): ListingForCheck {
  return { ...customsComplete, translations, ...extra };
}

/** The claim kinds found (each once), in the order the lists name them. */
const kinds = (text: string, lang: Parameters<typeof findClaims>[1]) => [...new Set(findClaims(text, lang).map((c) => c.kind))];

describe("medical claims (Directive 2005/29/EC Annex I point 17: falsely claiming a product cures illnesses; Reg. (EU) 1169/2011 Art. 7(3))", () => {
  it("flags 'cures' and 'heals' in English and names the translation field", () => {
    const w = checkListing(listing({ en: { title: "Ginger tea", description: "This tea cures colds and heals sore throats." } }));
    expect(w).toEqual([
      { field: "translations.en.description", code: "medical_claim", message: expect.stringContaining("Annex I point 17") },
    ]);
  });

  it("flags 'heilt' in German and '治る' in Japanese (PMD Act Art. 66: no efficacy claims for non-medicines)", () => {
    const w = checkListing(
      listing({
        de: { title: "Ingwertee", description: "Heilt Erkältungen über Nacht." },
        ja: { title: "生姜茶", description: "飲むだけで風邪が治る。" },
      }),
    );
    expect(w.map((x) => [x.field, x.code])).toEqual([
      ["translations.de.description", "medical_claim"],
      ["translations.ja.description", "medical_claim"],
    ]);
  });

  it("does not flag words that merely contain a claim word (secure, healthy, Bestellung)", () => {
    expect(kinds("A secure lid and a healthy habit", "en")).toEqual([]);
    expect(kinds("Ihre Bestellung wird heute versandt", "de")).toEqual([]);
  });
});

describe("superlatives and absolutes (Directive 2005/29/EC Art. 6(1)(b), Annex I point 10; FTC Act §5 substantiation; 16 CFR Part 239)", () => {
  it("flags 'best', '#1', 'guaranteed' and '100% safe' in English", () => {
    expect(kinds("The best teapot", "en")).toEqual(["superlative"]);
    expect(kinds("America's #1 teapot", "en")).toEqual(["superlative"]);
    expect(kinds("Guaranteed to last", "en")).toEqual(["absolute"]);
    expect(kinds("Glaze is 100% safe", "en")).toEqual(["absolute"]);
    expect(kinds("Glaze is 100 % safe", "en")).toEqual(["absolute"]);
  });

  it("flags German superlatives in any case and absolutes with the German percent spacing", () => {
    expect(kinds("DER BESTE TEE DER WELT", "de")).toEqual(["superlative"]);
    expect(kinds("Testsieger 2024", "de")).toEqual(["superlative"]);
    expect(kinds("Lebensmittelecht und 100 % sicher", "de")).toEqual(["absolute"]);
    expect(kinds("Nr.1 in Deutschland", "de")).toEqual(["superlative"]);
  });

  it("matches Japanese as substrings, also written in full-width characters (景品表示法 Art. 5: 'No.1', '日本一')", () => {
    expect(kinds("日本一の急須です", "ja")).toEqual(["superlative"]);
    expect(kinds("売上ＮＯ．１の湯呑み", "ja")).toEqual(["superlative"]);
    expect(kinds("品質を保証します", "ja")).toEqual(["absolute"]);
    expect(kinds("手作りの湯呑み", "ja")).toEqual([]);
  });

  it("folds diacritics and case in French, Spanish and Portuguese, and sees Arabic through the article", () => {
    expect(kinds("GUÉRIT les migraines", "fr")).toEqual(["medical"]);
    expect(kinds("guerit les migraines", "fr")).toEqual(["medical"]);
    expect(kinds("La mejor tetera, garantizada", "es")).toEqual(["superlative", "absolute"]);
    expect(kinds("O melhor chá, número 1 do Brasil", "pt")).toEqual(["superlative"]);
    expect(kinds("الشاي الأفضل في العالم", "ar")).toEqual(["superlative"]);
    expect(kinds("شاي يشفي الزكام", "ar")).toEqual(["medical"]);
  });

  it("reports one warning per claim kind and field, in each field that has one", () => {
    const w = checkListing(listing({ en: { title: "Best teapot, the #1 choice", description: "Plain text", seoTitle: "Guaranteed best" } }));
    expect(w.map((x) => [x.field, x.code])).toEqual([
      ["translations.en.title", "superlative_claim"],
      ["translations.en.seoTitle", "superlative_claim"],
      ["translations.en.seoTitle", "absolute_claim"],
    ]);
  });
});

describe("customs fields (WCO HS 6 digits; ISO 3166-1 alpha-2 origin; CN23 weight)", () => {
  it("flags a missing HS code, origin and weight, naming the variant by its index", () => {
    const w = checkListing({ translations: {}, hsCode: null, countryOfOrigin: "", variants: [{ sku: "A", weightGrams: 100 }, { sku: "B", weightGrams: 0 }] });
    expect(w.map((x) => [x.field, x.code])).toEqual([
      ["hsCode", "missing_hs_code"],
      ["countryOfOrigin", "missing_country_of_origin"],
      ["variants.1.weightGrams", "missing_weight"],
    ]);
  });

  it("accepts 6, 8 and 10 digit HS codes with dots or spaces and rejects other lengths and country names", () => {
    for (const hsCode of ["691200", "6912.00", "6912 00 10", "6912.00.5000"]) {
      expect(checkListing({ ...customsComplete, hsCode, translations: {} }), hsCode).toEqual([]);
    }
    for (const hsCode of ["6912", "69120", "6912001"]) {
      expect(checkListing({ ...customsComplete, hsCode, translations: {} }).map((x) => x.code), hsCode).toEqual(["invalid_hs_code"]);
    }
    expect(checkListing({ ...customsComplete, countryOfOrigin: "China", translations: {} }).map((x) => x.code)).toEqual(["invalid_country_of_origin"]);
  });
});

describe("word lists per language", () => {
  it("cover every shipped language with every claim kind", () => {
    expect(Object.keys(DEFAULT_CLAIM_TERMS).sort()).toEqual(["ar", "de", "en", "es", "fr", "ja", "pt"]);
    for (const kinds of Object.values(DEFAULT_CLAIM_TERMS)) {
      expect(Object.values(kinds).every((l) => l.length > 0)).toBe(true);
    }
  });

  it("a store override replaces one language's list for one kind and leaves the rest", () => {
    const terms = claimTermsWith(ClaimTermOverridesSchema.parse({ de: { superlative: ["Spitzenqualität"] } }));
    expect(findClaims("Der beste Tee", "de", terms)).toEqual([]);
    expect(findClaims("Spitzenqualität aus Japan", "de", terms)).toEqual([{ kind: "superlative", term: "Spitzenqualität" }]);
    expect(findClaims("heilt alles", "de", terms)).toEqual([{ kind: "medical", term: "heilt" }]);
    expect(findClaims("The best", "en", terms)).toEqual([{ kind: "superlative", term: "best" }]);
  });

  it("rejects an override for a language the store does not ship", () => {
    expect(ClaimTermOverridesSchema.safeParse({ xx: { medical: ["cure"] } }).success).toBe(false);
  });
});

describe("foldText", () => {
  it("folds full-width forms, accents, ß and Arabic alef variants but keeps Japanese voiced marks", () => {
    expect(foldText("ＡＢＣ１２３")).toBe("abc123");
    expect(foldText("Größte Qualität")).toBe("grosste qualitat");
    expect(foldText("أفضل")).toBe(foldText("افضل"));
    expect(foldText("ベスト")).toBe("ベスト");
    expect(foldText("ベスト")).not.toBe(foldText("ヘスト"));
  });
});
