import { describe, expect, it } from "vitest";
import { demoLocations, demoMarkets } from "~db/seed/reference";
import { demoShippingRates } from "~db/seed/shipping";
import { currencyExponent, toDecimalString } from "~/lib/money";
import {
  bandFor,
  cartWeightGrams,
  formatDeliveryRange,
  quoteShipping,
  summarizeRates,
  type QuoteShippingInput,
  type ShippingLineInput,
  type ShippingRate,
} from "./shipping";

const monday = new Date("2026-03-02T10:00:00Z");
const friday = new Date("2026-03-06T16:00:00Z");
const iso = (d: Date) => d.toISOString().slice(0, 10);

const usBands = [
  { upToGrams: 500, amount: "1400" },
  { upToGrams: 2000, amount: "2200" },
  { upToGrams: 5000, amount: "3500" },
  { upToGrams: null, amount: "5500" },
];
const rates: ShippingRate[] = [
  { market: "en-us", method: "express", minDays: 3, maxDays: 7, bands: usBands, freeOver: null, locationId: null },
  {
    market: "en-us", method: "dedicated", minDays: 7, maxDays: 15, freeOver: 15000n, locationId: null,
    bands: [{ upToGrams: 500, amount: "900" }, { upToGrams: 2000, amount: "1400" }, { upToGrams: null, amount: "2400" }],
  },
  {
    market: "en-us", method: "postal", minDays: 15, maxDays: 30, freeOver: 15000n, locationId: null,
    bands: [{ upToGrams: 500, amount: "600" }, { upToGrams: 2000, amount: "950" }, { upToGrams: 20000, amount: "2600" }],
  },
  {
    market: "en-us", method: "local", minDays: 1, maxDays: 3, freeOver: null, locationId: "loc_us_lax",
    bands: [{ upToGrams: 2000, amount: "500" }, { upToGrams: null, amount: "1500" }],
  },
];
const enUS = { handle: "en-us", currency: "USD", shipTo: ["US"] };
const locations = demoLocations.map((l) => ({ id: l.id, country: l.country, handlingDays: l.handlingDays ?? 1, lanes: l.lanes }));

const line = (weightGrams: number, quantity = 1, stockByLocation: Record<string, number> = { loc_cn_sz: 100 }, variantId = "var_1"): ShippingLineInput => ({
  variantId,
  quantity,
  weightGrams,
  stockByLocation,
});
const quote = (over: Partial<QuoteShippingInput> = {}) =>
  quoteShipping({ market: enUS, destinationCountry: "US", lines: [line(300)], subtotal: 5000n, rates, locations, now: monday, ...over });
const byMethod = (qs: ReturnType<typeof quote>) => Object.fromEntries(qs.map((q) => [q.method, q]));

describe("weight bands", () => {
  it("sums weight × quantity", () => {
    expect(cartWeightGrams([line(300, 2), line(150, 3)])).toBe(1050);
  });

  it("picks the first band whose limit is ≥ the weight; boundaries are inclusive", () => {
    expect(bandFor(usBands, 0)?.amount).toBe("1400");
    expect(bandFor(usBands, 500)?.amount).toBe("1400");
    expect(bandFor(usBands, 501)?.amount).toBe("2200");
    expect(bandFor(usBands, 2000)?.amount).toBe("2200");
    expect(bandFor(usBands, 5000)?.amount).toBe("3500");
    expect(bandFor(usBands, 5001)?.amount).toBe("5500");
    expect(bandFor(usBands, 1_000_000)?.amount).toBe("5500");
  });

  it("does not depend on the order bands are stored in", () => {
    expect(bandFor([...usBands].reverse(), 501)?.amount).toBe("2200");
  });

  it("prices the cart by its total weight", () => {
    expect(byMethod(quote({ lines: [line(250, 2)] })).express!.amount).toBe(1400n); // 500 g
    expect(byMethod(quote({ lines: [line(250, 2), line(1)] })).express!.amount).toBe(2200n); // 501 g
    expect(byMethod(quote({ lines: [line(2500, 2)] })).express!.amount).toBe(3500n); // 5000 g
    expect(byMethod(quote({ lines: [line(6000)] })).express!.amount).toBe(5500n);
  });

  it("drops a method when the cart is heavier than its last closed band", () => {
    expect(byMethod(quote({ lines: [line(20000)] })).postal?.amount).toBe(2600n);
    const heavy = byMethod(quote({ lines: [line(10000, 2), line(1)] })); // 20 001 g
    expect(heavy.postal).toBeUndefined();
    expect(heavy.express?.amount).toBe(5500n);
  });

  it("drops a method whose band amount is malformed instead of throwing", () => {
    const bad: ShippingRate = { method: "express", minDays: 3, maxDays: 7, bands: [{ upToGrams: null, amount: "14.00" }], freeOver: null, locationId: null };
    expect(quote({ rates: [bad] })).toEqual([]);
  });
});

describe("free shipping threshold", () => {
  it("is free on methods with a threshold once the discounted subtotal reaches it", () => {
    const below = byMethod(quote({ subtotal: 14999n }));
    expect(below.dedicated).toMatchObject({ amount: 900n, originalAmount: 900n, free: false });
    const at = byMethod(quote({ subtotal: 15000n }));
    expect(at.dedicated).toMatchObject({ amount: 0n, originalAmount: 900n, free: true });
    expect(at.postal).toMatchObject({ amount: 0n, originalAmount: 600n, free: true });
    expect(at.express).toMatchObject({ amount: 1400n, free: false }); // no threshold on express
  });
});

describe("local delivery", () => {
  it("is offered only when every line is in stock at the rate's location", () => {
    const both = [line(300, 2, { loc_us_lax: 2 }, "a"), line(300, 1, { loc_us_lax: 5, loc_cn_sz: 9 }, "b")];
    expect(byMethod(quote({ lines: both })).local).toMatchObject({ amount: 500n, locationId: "loc_us_lax", minDays: 1, maxDays: 3 });

    const short = [line(300, 3, { loc_us_lax: 2, loc_cn_sz: 10 }, "a"), line(300, 1, { loc_us_lax: 5 }, "b")];
    expect(byMethod(quote({ lines: short })).local).toBeUndefined();

    const missing = [line(300, 1, { loc_us_lax: 5 }, "a"), line(300, 1, { loc_cn_sz: 5 }, "b")];
    expect(byMethod(quote({ lines: missing })).local).toBeUndefined();
  });

  it("other methods carry no location", () => {
    for (const q of quote()) if (q.method !== "local") expect(q.locationId).toBeNull();
  });
});

describe("destinations", () => {
  it("returns nothing for a country outside the market's ship-to list", () => {
    expect(quote({ destinationCountry: "CA" })).toEqual([]);
    expect(quote({ destinationCountry: "us" }).length).toBeGreaterThan(0);
  });
  it("returns nothing for an empty cart", () => {
    expect(quote({ lines: [] })).toEqual([]);
  });
  it("ignores rows of another market", () => {
    expect(quote({ rates: rates.map((r) => ({ ...r, market: "en-ca" })) })).toEqual([]);
  });
});

describe("ordering and dates", () => {
  it("sorts by price, then speed", () => {
    const qs = quote({ lines: [line(300, 1, { loc_us_lax: 1 })] });
    expect(qs.map((q) => q.method)).toEqual(["local", "postal", "dedicated", "express"]);
    const free = quote({ subtotal: 20000n });
    // dedicated and postal both free: the faster one first
    expect(free.map((q) => q.method)).toEqual(["dedicated", "postal", "express"]);
  });

  it("adds the warehouse's handling days plus the transit window in business days, skipping weekends", () => {
    // Stock in Los Angeles: 1 handling day, then express's 3–7 (slower than LA's 2–5 lane to the US; db/seed/reference.ts).
    const fromLax = [line(300, 1, { loc_us_lax: 5 })];
    const q = byMethod(quote({ now: friday, lines: fromLax })).express!;
    // Fri + 1 handling + 3 → Thu 12th; Fri + 1 + 7 → Wed 18th (two weekends skipped)
    expect(iso(q.earliest)).toBe("2026-03-12");
    expect(iso(q.latest)).toBe("2026-03-18");
    const m = byMethod(quote({ lines: fromLax })).express!;
    expect(iso(m.earliest)).toBe("2026-03-06"); // Mon + 4 business days
    expect(iso(m.latest)).toBe("2026-03-12"); // Mon + 8 business days
    // From Shenzhen: 2 handling days, then its 7–12 lane to the US ("*"), slower than express's 3–7.
    const cn = byMethod(quote()).express!;
    expect(iso(cn.earliest)).toBe("2026-03-13"); // Mon + 9
    expect(iso(cn.latest)).toBe("2026-03-20"); // Mon + 14
    for (const x of quote({ now: friday })) {
      expect([0, 6]).not.toContain(x.earliest.getUTCDay());
      expect([0, 6]).not.toContain(x.latest.getUTCDay());
    }
  });

  it("formats the delivery range in the shopper's locale, in UTC", () => {
    const a = new Date("2026-03-04T00:00:00Z");
    const b = new Date("2026-03-09T00:00:00Z");
    expect(formatDeliveryRange(a, b, "en-US")).toMatch(/Mar 4\s*–\s*9/);
    expect(formatDeliveryRange(a, new Date("2026-04-02T00:00:00Z"), "en-US")).toMatch(/Mar 4\s*–\s*Apr 2/);
    expect(formatDeliveryRange(a, b, "de-DE")).toMatch(/4\.\s*–\s*9\. März/);
    expect(formatDeliveryRange(a, b, "ja-JP")).toMatch(/^(03\/04～03\/09|3月4日～(3月)?9日)$/); // CLDR's interval pattern for ja
    expect(formatDeliveryRange(a, a, "en-US")).toBe("Mar 4");
  });
});

describe("demo shipping rates (seed)", () => {
  const seeded = demoShippingRates();
  const LOCAL: Record<string, string> = {
    "en-us": "loc_us_lax", "en-ca": "loc_us_lax", "fr-ca": "loc_us_lax", "es-mx": "loc_us_lax",
    "de-de": "loc_de_fra", "fr-fr": "loc_de_fra", "es-es": "loc_de_fra", "en-eu": "loc_de_fra", "en-gb": "loc_de_fra",
  };

  it("covers all 15 demo markets with express, dedicated and postal, and local where a warehouse serves them", () => {
    expect(demoMarkets).toHaveLength(15);
    for (const m of demoMarkets) {
      const rows = seeded.filter((r) => r.market === m.handle);
      const methods = rows.map((r) => r.method).sort();
      expect(methods, m.handle).toEqual(LOCAL[m.handle] ? ["dedicated", "express", "local", "postal"] : ["dedicated", "express", "postal"]);
      const get = (method: string) => rows.find((r) => r.method === method)!;
      expect([get("express").minDays, get("express").maxDays]).toEqual([3, 7]);
      expect([get("dedicated").minDays, get("dedicated").maxDays]).toEqual([7, 15]);
      expect([get("postal").minDays, get("postal").maxDays]).toEqual([15, 30]);
      expect(get("express").freeOver).toBeNull();
      expect(get("dedicated").freeOver).toBeTypeOf("bigint");
      expect(get("postal").freeOver).toBe(get("dedicated").freeOver);
      if (LOCAL[m.handle]) expect(get("local").locationId).toBe(LOCAL[m.handle]);
    }
    expect(seeded).toHaveLength(15 * 3 + 9);
    expect(new Set(seeded.map((r) => r.id)).size).toBe(seeded.length);
    expect(new Set(seeded.map((r) => `${r.market}|${r.method}`)).size).toBe(seeded.length);
    const locationIds = new Set(demoLocations.map((l) => l.id));
    for (const r of seeded) if (r.locationId) expect(locationIds.has(r.locationId)).toBe(true);
  });

  it("local windows: 1–3 days near the warehouse, 3–6 across a border", () => {
    const days = (h: string) => {
      const r = seeded.find((x) => x.market === h && x.method === "local")!;
      return [r.minDays, r.maxDays];
    };
    for (const h of ["en-us", "de-de", "fr-fr", "es-es", "en-eu"]) expect(days(h)).toEqual([1, 3]);
    for (const h of ["en-ca", "fr-ca", "es-mx", "en-gb"]) expect(days(h)).toEqual([3, 6]);
  });

  it("prices are whole minor units in the market currency, sensible for its exponent", () => {
    for (const m of demoMarkets) {
      const exp = currencyExponent(m.currency);
      for (const r of seeded.filter((x) => x.market === m.handle)) {
        const amounts = r.bands.map((b) => b.amount);
        for (const a of amounts) {
          expect(a, `${m.handle} ${r.method}`).toMatch(/^[1-9]\d*$/);
          const minor = BigInt(a);
          if (m.currency === "JPY") expect(minor % 10n, `${m.handle} ${a}`).toBe(0n); // whole yen, round tens
          if (m.currency === "KWD") expect(minor % 10n, `${m.handle} ${a}`).toBe(0n); // multiples of 10 fils
          if (exp === 2) expect(minor % 10n, `${m.handle} ${a}`).toBe(0n); // .x0 prices
        }
        // bands ascend in weight and price; only the last may be open
        const limits = r.bands.map((b) => b.upToGrams);
        expect(limits.slice(0, -1).every((x) => x !== null)).toBe(true);
        for (let i = 1; i < r.bands.length; i++) {
          expect(BigInt(r.bands[i]!.amount)).toBeGreaterThan(BigInt(r.bands[i - 1]!.amount));
          if (limits[i] !== null) expect(limits[i]!).toBeGreaterThan(limits[i - 1]!);
        }
      }
    }
  });

  it("converts the USD anchors with the right exponents (JPY no decimals, KWD three)", () => {
    const band0 = (h: string, method: string) => seeded.find((r) => r.market === h && r.method === method)!.bands[0]!.amount;
    const free = (h: string) => seeded.find((r) => r.market === h && r.method === "dedicated")!.freeOver;
    expect(band0("en-us", "express")).toBe("1400"); // $14.00
    expect(seeded.find((r) => r.market === "en-us" && r.method === "express")!.bands.map((b) => b.amount)).toEqual(["1400", "2200", "3500", "5500"]);
    expect(free("en-us")).toBe(15000n); // $150.00
    expect(free("de-de")).toBe(12000n); // €120.00
    expect(free("ja-jp")).toBe(15000n); // ¥15,000
    expect(free("ar-kw")).toBe(45000n); // KWD 45.000
    expect(band0("ja-jp", "express")).toBe("2100"); // ¥2,100 — not ¥210,000
    expect(band0("ar-kw", "express")).toBe("4300"); // KWD 4.300 — not 43.00
    // each market's express price for the lightest band is about $14 through the demo FX rates
    const fx: Record<string, number> = { USD: 1, CAD: 1.37, GBP: 0.79, EUR: 0.92, JPY: 151.5, AUD: 1.52, SGD: 1.34, BRL: 5.05, MXN: 17.1, AED: 3.6725, KWD: 0.3075 };
    for (const m of demoMarkets) {
      const usd = Number(toDecimalString(BigInt(band0(m.handle, "express")), m.currency)) / fx[m.currency]!;
      expect(usd, m.handle).toBeGreaterThan(12);
      expect(usd, m.handle).toBeLessThan(16);
    }
  });

  it("dedicated is cheaper than express and postal cheaper than dedicated, band by band", () => {
    for (const m of demoMarkets) {
      const get = (method: string) => seeded.find((r) => r.market === m.handle && r.method === method)!.bands.map((b) => BigInt(b.amount));
      const [ex, de, po] = [get("express"), get("dedicated"), get("postal")];
      for (let i = 0; i < 4; i++) {
        expect(de[i]!).toBeLessThan(ex[i]!);
        expect(po[i]!).toBeLessThan(de[i]!);
      }
    }
  });

  it("quotes a seeded market end to end", () => {
    const jp = demoMarkets.find((m) => m.handle === "ja-jp")!;
    const qs = quoteShipping({
      market: { handle: jp.handle, currency: jp.currency, shipTo: jp.shipTo },
      destinationCountry: "JP",
      lines: [line(800, 1, { loc_cn_sz: 5 })],
      subtotal: 9800n,
      rates: seeded.map((r) => ({ ...r, freeOver: r.freeOver ?? null, locationId: r.locationId ?? null })),
      locations,
      now: monday,
    });
    expect(qs.map((q) => [q.method, q.amount])).toEqual([["postal", 1400n], ["dedicated", 2100n], ["express", 3300n]]);
  });
});

describe("the shipping page's summary of a market's rates", () => {
  const fra = { id: "fra", country: "DE", handlingDays: 1, lanes: [{ countries: ["DE"], minDays: 1, maxDays: 3 }] };
  const szx = { id: "szx", country: "CN", handlingDays: 2, lanes: [{ countries: ["*"], minDays: 7, maxDays: 12 }] };
  const usa = { id: "lax", country: "US", handlingDays: 1, lanes: [{ countries: ["US"], minDays: 2, maxDays: 5 }] };
  it("spans the quickest to the slowest warehouse serving the country, by the quotes' rule, and lists bands lightest first", () => {
    const rows = summarizeRates(
      [{ method: "express", minDays: 3, maxDays: 7, freeOver: 5000n, locationId: null, bands: [{ upToGrams: null, amount: "900" }, { upToGrams: 500, amount: "400" }, { upToGrams: 2000, amount: "x" }] }],
      [fra, szx, usa],
      "DE",
    );
    // Frankfurt: 1 handling + max(3, lane 1)…max(7, lane 3) = 4–8; Shenzhen: 2 + max(3, 7)…max(7, 12) = 9–14; LA does not serve DE.
    expect(rows).toEqual([{ method: "express", minDays: 4, maxDays: 14, freeOver: 5000n, bands: [{ upToGrams: 500, amount: 400n }, { upToGrams: null, amount: 900n }] }]);
  });

  it("leaves out a rate no warehouse can deliver to the country", () => {
    expect(summarizeRates([{ method: "local", minDays: 1, maxDays: 2, freeOver: null, locationId: "lax", bands: [] }], [fra, usa], "DE")).toEqual([]);
  });
});
