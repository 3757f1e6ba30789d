import { describe, expect, it } from "vitest";
import { UserError } from "~/lib/errors";
import { optionsToText, parseOptionsText, productInputFromForm } from "./product-form";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const ctx = { currencies: ["USD", "JPY"], locations: ["cn-sz", "us-lax"] };

describe("the admin product form", () => {
  it("reads translations, variants with prices per currency and stock per location, skipping the blank row", () => {
    const input = productInputFromForm(
      form([
        ["status", "active"],
        ["hsCode", "6912.00"],
        ["countryOfOrigin", "cn"],
        ["tags", "tea, bowl ,"],
        ["collections", "col_tea"],
        ["translations.en.title", "Jun bowl"],
        ["translations.en.handle", ""],
        ["translations.de.title", "Jun-Schale"],
        ["translations.de.handle", "jun-schale"],
        ["translations.fr.title", ""],
        ["options", "Size: Small, Large"],
        ["variants.0.sku", "JUN-S"],
        ["variants.0.weightGrams", "300"],
        ["variants.0.options.size", "small"],
        ["variants.0.prices.USD", "24.00"],
        ["variants.0.prices.JPY", "3600"],
        ["variants.0.compareAt.USD", "30.00"],
        ["variants.0.stock.cn-sz", "5"],
        ["variants.0.stock.us-lax", ""],
        ["variants.1.sku", ""],
      ]),
      ctx,
    );
    expect(input).toMatchObject({
      status: "active",
      hsCode: "6912.00",
      countryOfOrigin: "CN",
      tags: ["tea", "bowl"],
      collections: ["col_tea"],
      translations: { en: { title: "Jun bowl", handle: "jun-bowl", description: "" }, de: { title: "Jun-Schale", handle: "jun-schale" } },
      options: [{ code: "size", names: { en: "Size" }, values: [{ code: "small", labels: { en: "Small" } }, { code: "large", labels: { en: "Large" } }] }],
      variants: [{ sku: "JUN-S", weightGrams: 300, options: { size: "small" }, prices: { USD: "24.00", JPY: "3600" }, compareAt: { USD: "30.00" }, stock: { "cn-sz": 5 } }],
    });
    expect(Object.keys(input.translations)).toEqual(["en", "de"]);
    expect(input.variants).toHaveLength(1);
  });

  it("reads the public release (a datetime-local field labelled UTC) as ISO 8601 in UTC; empty is released", () => {
    const base: [string, string][] = [["translations.en.title", "Jun bowl"], ["variants.0.sku", "JUN-S"]];
    expect(productInputFromForm(form([...base, ["releasedAt", "2027-03-01T09:00"]]), ctx).releasedAt).toBe("2027-03-01T09:00:00Z");
    expect(productInputFromForm(form([...base, ["releasedAt", ""]]), ctx).releasedAt).toBeNull();
    // Anything else goes to the write as typed, whose check names the field.
    expect(productInputFromForm(form([...base, ["releasedAt", "soon"]]), ctx).releasedAt).toBe("soon");
  });

  it("keeps the other languages of existing options and SEO texts", () => {
    const existing = [{ code: "size", names: { en: "Size", de: "Größe" }, values: [{ code: "small", labels: { en: "Small", de: "Klein" } }] }];
    expect(parseOptionsText("Size: Small, Medium", existing)).toEqual([
      { code: "size", names: { en: "Size", de: "Größe" }, values: [{ code: "small", labels: { en: "Small", de: "Klein" } }, { code: "medium", labels: { en: "Medium" } }] },
    ]);
    expect(optionsToText(existing)).toBe("Size: Small");
  });

  it("names the input of a bad number or options line", () => {
    const e1 = (() => {
      try {
        productInputFromForm(form([["variants.0.sku", "A"], ["variants.0.weightGrams", "1.5"]]), ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(e1).toBeInstanceOf(UserError);
    expect((e1 as UserError).field).toBe("variants.0.weightGrams");
    expect(() => parseOptionsText("Size S M")).toThrow(/Name: value/);
  });
});
