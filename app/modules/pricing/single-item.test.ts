import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import type { ProductInput } from "../catalog/catalog-input";
import { getProductById, listProducts } from "../catalog/catalog.server";
import { upsertProduct } from "../catalog/catalog-write.server";
import { getMarket } from "../markets/markets.server";
import { singleItemTermsFor } from "./single-item.server";

useTestDatabase();

/** A tea bowl shipped only from the Shenzhen warehouse (an import into the EU), one variant per EUR price. */
function importedBowl(id: string, eurPrices: string[]): ProductInput {
  return {
    id,
    status: "active",
    vendor: "Kiln & Loom",
    productType: "Tea bowl",
    tags: [],
    hsCode: "6912.00",
    countryOfOrigin: "CN",
    collections: [],
    translations: { en: { title: `Import bowl ${id}`, handle: `import-bowl-${id.replaceAll("_", "-")}`, description: "A hand-thrown bowl." } },
    options: eurPrices.length > 1 ? [{ code: "size", names: { en: "Size" }, values: eurPrices.map((_, i) => ({ code: `s${i}`, labels: { en: `Size ${i}` } })) }] : [],
    variants: eurPrices.map((eur, i) => ({
      sku: `${id}-${i}`.toUpperCase(),
      options: (eurPrices.length > 1 ? { size: `s${i}` } : {}) as Record<string, string>,
      weightGrams: 320,
      prices: { EUR: eur, USD: eur },
      stock: { "cn-sz": 5 },
    })),
    images: [],
  };
}

async function cardOf(productId: string) {
  const market = (await getMarket("de-de"))!;
  const { items } = await listProducts({ market, sort: "newest", limit: 50, offset: 0 });
  const card = items.find((c) => c.id === productId);
  if (!card) throw new Error(`no card for ${productId}`);
  return card;
}

// EU low-value consignments (Council Directive 2017/2455, IOSS): goods of an intrinsic value up to €150
// have their VAT collected at checkout; above that the import VAT (19% in Germany) is paid on delivery,
// so a German shelf price that includes VAT is charged without it: price × 100/119.
describe("one item costs the same on its card, in its structured data and on its product page (issue #8 review)", () => {
  it("de-de from Shenzhen: a €238 bowl (€200 net, above €150) is charged €200.00, and its card says €200.00", async () => {
    await upsertProduct(importedBowl("prod_ddu_one", ["238.00"]), { confirm: true });
    const market = (await getMarket("de-de"))!;
    const product = (await getProductById(market, "prod_ddu_one"))!;
    const variant = product.variants[0]!;
    expect(variant.price.amount).toBe(23800n); // the shelf price still includes VAT
    const terms = (await singleItemTermsFor(market, [{ id: variant.id, price: variant.price.amount, stockByLocation: variant.stockByLocation }])).get(variant.id)!;
    expect(terms).toMatchObject({ regime: "import_ddu", charged: 20000n });
    const card = await cardOf("prod_ddu_one");
    expect(card.price).toEqual({ amount: 20000n, currency: "EUR" });
    expect(card.priceMax).toEqual({ amount: 20000n, currency: "EUR" });
  });

  it("de-de from Shenzhen: a €50 bowl stays €50.00 (under the threshold the VAT is collected at checkout)", async () => {
    await upsertProduct(importedBowl("prod_ddu_low", ["50.00"]), { confirm: true });
    const card = await cardOf("prod_ddu_low");
    expect(card.price).toEqual({ amount: 5000n, currency: "EUR" });
  });

  it("the card's 'from' price is the cheapest charge, not the cheapest shelf price: €170 (€142.86 net) is collected, €180 (€151.26 net) is not", async () => {
    await upsertProduct(importedBowl("prod_ddu_pair", ["170.00", "180.00"]), { confirm: true });
    const card = await cardOf("prod_ddu_pair");
    // 180 × 100/119 = 151.2605… → €151.26; 170 is under the threshold and keeps its VAT-inclusive price.
    expect(card.price).toEqual({ amount: 15126n, currency: "EUR" });
    expect(card.priceMax).toEqual({ amount: 17000n, currency: "EUR" });
  });

  it("in en-us (prices without tax, no import rule that removes VAT) the card is the shelf price", async () => {
    await upsertProduct(importedBowl("prod_us_plain", ["238.00"]), { confirm: true });
    const market = (await getMarket("en-us"))!;
    const { items } = await listProducts({ market, sort: "newest", limit: 50, offset: 0 });
    expect(items.find((c) => c.id === "prod_us_plain")!.price).toEqual({ amount: 23800n, currency: "USD" });
  });
});
