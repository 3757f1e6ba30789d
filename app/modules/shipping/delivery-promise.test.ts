// The product page's delivery estimate and checkout's pre-selected option come from the same quote
// (issue #8 item 2). Runs on the demo-seeded test database.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { demoLocations } from "~db/seed/reference";
import { demoShippingRates } from "~db/seed/shipping";
import { getProductByHandle } from "../catalog/catalog.server";
import { addLine, createCart, reloadCart } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { getMarket } from "../markets/markets.server";
import { addBusinessDays } from "../inventory/delivery";
import { defaultShippingQuote, quoteShipping, type ShippingRate } from "./shipping";
import { productDeliveryPromise } from "./shipping.server";

useTestDatabase();

const locations = demoLocations.map((l) => ({ id: l.id, country: l.country, handlingDays: l.handlingDays ?? 1, lanes: l.lanes }));
const seededRates: ShippingRate[] = demoShippingRates().map((r) => ({ ...r, freeOver: r.freeOver ?? null, locationId: r.locationId ?? null }));
const monday = new Date("2026-03-02T10:00:00Z");
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe("product page estimate = checkout's pre-selected option", () => {
  // Several markets, several warehouses: Shenzhen only (ja-jp, ar-ae), Frankfurt + Shenzhen (de-de,
  // en-gb), Los Angeles + Shenzhen (en-us).
  for (const [market, handle] of [
    ["ja-jp", "kinyo-chahai"],
    ["ar-ae", "finjan-shay-jun"],
    ["de-de", "teeschale-jun-glasur"],
    ["en-gb", "jun-glaze-teacup"],
    ["en-us", "jun-glaze-teacup"],
    ["fr-fr", "tasse-the-email-jun"],
  ] as const) {
    it(`${market}: ${handle}`, async () => {
      const m = (await getMarket(market))!;
      const found = await getProductByHandle(m, handle);
      if (found.kind !== "found") throw new Error(`${handle} not found in ${market}`);
      const variant = found.product.variants.find((v) => v.available > 0)!;
      const now = new Date();
      const estimate = await productDeliveryPromise({
        market: m,
        variant: { id: variant.id, weightGrams: variant.weightGrams, price: variant.price.amount, stockByLocation: variant.stockByLocation },
        now,
      });
      const { cart } = await createCart(m);
      await addLine(cart, variant.id, 1);
      // No address yet: the cart is quoted to the market's country, like the product page.
      const priced = await priceCart(await reloadCart(cart), now);
      expect(estimate).not.toBeNull();
      expect(priced.defaultShipping).not.toBeNull();
      expect(estimate!.method).toBe(priced.defaultShipping!.method);
      expect([iso(estimate!.earliest), iso(estimate!.latest)]).toEqual([iso(priced.defaultShipping!.earliest), iso(priced.defaultShipping!.latest)]);
      // What the shopper is told on the product page is never postal's 3–6 weeks.
      expect(estimate!.method).not.toBe("postal");
    });
  }
});

describe("the pre-selected option (quickest free within 20 business days, else the cheapest that arrives in time)", () => {
  const quotes = (market: string, country: string, subtotal: bigint, stock: Record<string, number>, weightGrams = 300) =>
    quoteShipping({
      market: { handle: market, currency: "X", shipTo: [country] },
      destinationCountry: country,
      lines: [{ variantId: "v", quantity: 1, weightGrams, stockByLocation: stock }],
      subtotal,
      rates: seededRates,
      locations,
      now: monday,
    });

  it("ja-jp below the ¥15,000 free-shipping threshold: dedicated (¥1,400, 9–17 days), not postal (¥900 but 17–32 days)", () => {
    const q = quotes("ja-jp", "JP", 4000n, { loc_cn_sz: 10 });
    // Shenzhen: 2 handling days; postal 15–30 transit → latest Mon + 32 business days, beyond 20.
    expect(q.find((x) => x.method === "postal")!.latest.getTime()).toBeGreaterThan(addBusinessDays(monday, 20).getTime());
    const chosen = defaultShippingQuote(q, null, monday)!;
    expect(chosen.method).toBe("dedicated");
    expect(chosen.amount).toBe(1400n);
    expect([iso(chosen.earliest), iso(chosen.latest)]).toEqual([iso(addBusinessDays(monday, 2 + 7)), iso(addBusinessDays(monday, 2 + 15))]);
  });
  it("ja-jp above the threshold: dedicated and postal are free; the quicker free one (dedicated) is chosen", () => {
    const chosen = defaultShippingQuote(quotes("ja-jp", "JP", 15000n, { loc_cn_sz: 10 }), null, monday)!;
    expect([chosen.method, chosen.amount]).toEqual(["dedicated", 0n]);
  });
  it("en-gb: the cheapest that arrives in time is dedicated (£7.00) over local (£7.50) and express (£11.00); postal (£4.80) is too slow", () => {
    const chosen = defaultShippingQuote(quotes("en-gb", "GB", 3000n, { loc_de_fra: 5, loc_cn_sz: 5 }), null, monday)!;
    expect([chosen.method, chosen.amount]).toEqual(["dedicated", 700n]);
  });
  it("a market rule naming a method pre-selects it when offered, else falls back to the default rule", () => {
    const q = quotes("ja-jp", "JP", 4000n, { loc_cn_sz: 10 });
    expect(defaultShippingQuote(q, "express", monday)!.method).toBe("express");
    expect(defaultShippingQuote(q, "local", monday)!.method).toBe("dedicated");
  });
  it("a market rule with another limit: within:40 lets postal (latest Mon + 32) count as reasonable, and it is the cheapest", () => {
    expect(defaultShippingQuote(quotes("ja-jp", "JP", 4000n, { loc_cn_sz: 10 }), "within:40", monday)!.method).toBe("postal");
  });
  it("a free option that arrives too late is passed over for a paid one that arrives in time (within:10)", () => {
    // Above the threshold dedicated is free but arrives Mon + 17; express (Shenzhen 2 + lane 4–8) arrives by Mon + 10.
    const chosen = defaultShippingQuote(quotes("ja-jp", "JP", 15000n, { loc_cn_sz: 10 }), "within:10", monday)!;
    expect([chosen.method, iso(chosen.latest)]).toEqual(["express", iso(addBusinessDays(monday, 10))]);
  });
  it("when nothing arrives in time, the quickest is chosen", () => {
    const chosen = defaultShippingQuote(quotes("ja-jp", "JP", 4000n, { loc_cn_sz: 10 }), "within:1", monday)!;
    expect(chosen.method).toBe("express");
  });
});
