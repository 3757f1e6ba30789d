import { describe, expect, it, vi } from "vitest";
import { convertMinor } from "~/lib/money";
import { builtinTaxProvider, calculateTax } from "./builtin.server";
import {
  EU_MEMBER_STATES,
  EU_VAT_RATES_BP,
  US_NO_SALES_TAX_STATES,
  US_SHIPPING_TAXABLE_STATES,
  US_STATE_RATES_BP,
} from "./rates";
import type { TaxLine, TaxMarketInput, TaxRequest, TaxResult } from "./tax";

const deDE: TaxMarketInput = {
  handle: "de-de",
  country: "DE",
  currency: "EUR",
  taxDisplay: "inclusive",
  dutyMode: "DDU",
  dutyRateBp: 400,
};
const enUS: TaxMarketInput = {
  handle: "en-us",
  country: "US",
  currency: "USD",
  taxDisplay: "exclusive",
  dutyMode: "DDU",
  dutyRateBp: 0,
};
const enCA: TaxMarketInput = { ...enUS, handle: "en-ca", country: "CA", currency: "CAD", dutyRateBp: 600 };
const inclusive = (handle: string, country: string, currency: string): TaxMarketInput => ({
  handle,
  country,
  currency,
  taxDisplay: "inclusive",
  dutyMode: "DDU",
  dutyRateBp: 500,
});

const noConvert = (): bigint => {
  throw new Error("convert should not be called for same-currency thresholds");
};

function req(partial: Partial<TaxRequest> & { amounts?: bigint[] }): TaxRequest {
  const { amounts, ...rest } = partial;
  const market = rest.market ?? deDE;
  return {
    currency: market.currency,
    market,
    destination: { country: market.country },
    lines: (amounts ?? [5000n]).map((amount, i) => ({ id: `l${i + 1}`, amount, quantity: 1 })),
    shipping: 0n,
    convert: noConvert,
    usRegisteredStates: ["CA", "NY", "TX", "WA"],
    ...rest,
  };
}

const sum = (lines: TaxLine[]) => lines.reduce((a, l) => a + l.amount, 0n);

/** The contract's invariants: totals are exactly the sums of the lines. */
function expectReconciles(r: TaxResult) {
  expect(r.included).toBe(sum(r.taxLines.filter((l) => l.included)));
  expect(r.added).toBe(sum(r.taxLines.filter((l) => !l.included)));
  expect(r.duties).toBe(sum(r.taxLines.filter((l) => l.kind === "duty")));
}

/** No tax at all: one untaxed shipment per origin, nothing collected, nothing removed. */
const untaxed = (lineIds: string[]): TaxResult => ({
  taxLines: [],
  added: 0n,
  included: 0n,
  removed: 0n,
  duties: 0n,
  notices: [],
  shipments: [{ origin: null, regime: "untaxed", lineIds }],
  uncollected: [],
  dueOnDelivery: 0n,
});

function run(r: TaxRequest): TaxResult {
  const result = calculateTax(r);
  expectReconciles(result);
  return result;
}

describe("EU VAT in an inclusive market (same shelf price, destination rate)", () => {
  it("€50 to DE contains 19% VAT = 7.98", () => {
    const r = run(req({ destination: { country: "DE" } }));
    expect(r.taxLines).toEqual([
      { lineId: "l1", kind: "tax", jurisdiction: "DE", name: "VAT", rateBp: 1900, base: 4202n, amount: 798n, included: true },
    ]);
    expect(r.included).toBe(798n);
    expect(r.added).toBe(0n);
    expect(r.removed).toBe(0n);
    expect(r.notices).toEqual([]);
  });

  it("the same €50 shelf price to FR contains 20% VAT = 8.33 (different from DE)", () => {
    const de = run(req({ destination: { country: "DE" } }));
    const fr = run(req({ destination: { country: "FR" } }));
    expect(fr.taxLines).toEqual([
      { lineId: "l1", kind: "tax", jurisdiction: "FR", name: "VAT", rateBp: 2000, base: 4167n, amount: 833n, included: true },
    ]);
    expect(fr.taxLines).not.toEqual(de.taxLines);
    expect(fr.included).not.toBe(de.included);
  });

  it("the de-de market shipping to AT applies Austria's 20%", () => {
    const r = run(req({ destination: { country: "AT" } }));
    expect(r.taxLines[0]).toMatchObject({ jurisdiction: "AT", rateBp: 2000, amount: 833n, included: true });
  });

  it("€50 line with a €10 fixed discount (amount 40.00): total stays 40.00, 6.39 VAT included", () => {
    const r = run(req({ amounts: [4000n] }));
    expect(r.included).toBe(639n);
    expect(r.taxLines[0].base).toBe(3361n);
    expect(4000n + r.added - r.removed).toBe(4000n);
  });

  it("a 100%-discounted cart (zero line, free shipping) has zero tax and no lines", () => {
    const r = run(req({ amounts: [0n], shipping: 0n }));
    expect(r.taxLines).toEqual([]);
    expect([r.added, r.included, r.removed, r.duties, r.dueOnDelivery]).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(r.notices).toEqual([]);
  });

  it("a zero-amount line yields no tax line while other lines are taxed", () => {
    const r = run(req({ amounts: [0n, 5000n] }));
    expect(r.taxLines.map((l) => l.lineId)).toEqual(["l2"]);
  });

  it("rounds per line and still reconciles when every line rounds up", () => {
    // 40.00 × 19/119 = 6.3866… → 6.39 each; on the aggregate 120.00 it would be 19.159… → 19.16.
    const r = run(req({ amounts: [4000n, 4000n, 4000n] }));
    expect(r.taxLines.map((l) => l.amount)).toEqual([639n, 639n, 639n]);
    expect(r.included).toBe(1917n);
    expect(r.included).toBe(sum(r.taxLines));
  });

  it("taxes shipping in DE at the same rate (shipping line has lineId null)", () => {
    const r = run(req({ shipping: 500n }));
    expect(r.taxLines).toHaveLength(2);
    expect(r.taxLines[1]).toEqual({
      lineId: null,
      kind: "tax",
      jurisdiction: "DE",
      name: "VAT",
      rateBp: 1900,
      base: 420n,
      amount: 80n,
      included: true,
    });
    expect(r.included).toBe(798n + 80n);
  });

  it("Finland uses 25.5% (2550 bp)", () => {
    const r = run(req({ destination: { country: "FI" }, amounts: [12550n] }));
    expect(r.taxLines[0]).toMatchObject({ rateBp: 2550, amount: 2550n, base: 10000n });
  });
});

describe("US sales tax (exclusive market, registered states only)", () => {
  const us = (region: string | null, shipping = 0n) =>
    req({ market: enUS, destination: { country: "US", region }, amounts: [10000n], shipping });

  it("NY (registered) adds 4% on goods and on shipping", () => {
    const r = run(us("NY", 1000n));
    expect(r.taxLines).toEqual([
      { lineId: "l1", kind: "tax", jurisdiction: "US-NY", name: "Sales tax", rateBp: 400, base: 10000n, amount: 400n, included: false },
      { lineId: null, kind: "tax", jurisdiction: "US-NY", name: "Sales tax", rateBp: 400, base: 1000n, amount: 40n, included: false },
    ]);
    expect(r.added).toBe(440n);
    expect(r.included).toBe(0n);
  });

  it("OR (no sales tax) and an unregistered state (FL) have no tax lines", () => {
    for (const state of ["OR", "FL"]) {
      expect(run(us(state, 1000n))).toEqual(untaxed(["l1"]));
    }
  });

  it("OR has no tax even when listed as registered", () => {
    const r = run({ ...us("OR"), usRegisteredStates: ["OR"] });
    expect(r.taxLines).toEqual([]);
  });

  it("CA (registered) taxes goods at 7.25% but not separately stated shipping", () => {
    const r = run(us("CA", 1000n));
    expect(r.taxLines).toHaveLength(1);
    expect(r.taxLines[0]).toMatchObject({ lineId: "l1", jurisdiction: "US-CA", rateBp: 725, amount: 725n });
    expect(r.added).toBe(725n);
  });

  it("missing region → no tax; region accepted as 'US-TX', 'tx' or 'Texas'", () => {
    expect(run(us(null)).taxLines).toEqual([]);
    for (const region of ["US-TX", "tx", "Texas"]) {
      expect(run(us(region)).taxLines[0]).toMatchObject({ jurisdiction: "US-TX", rateBp: 625, amount: 625n });
    }
  });

  it("fractional-bp state rates round half up and are reported exactly (NJ 6.625%)", () => {
    const r = run({ ...us("NJ"), usRegisteredStates: ["NJ"], lines: [{ id: "l1", amount: 1000n, quantity: 1 }] });
    // 10.00 × 6.625% = 0.6625 → 0.66
    expect(r.taxLines[0]).toMatchObject({ rateBp: 662.5, amount: 66n });
  });
});

describe("Canada GST / HST / PST / QST", () => {
  const ca = (region: string | null) =>
    req({ market: enCA, destination: { country: "CA", region }, amounts: [10000n], shipping: 1000n });

  it("ON: one HST 13% line per taxed item (goods and shipping)", () => {
    const r = run(ca("ON"));
    expect(r.taxLines.map((l) => [l.lineId, l.jurisdiction, l.name, l.rateBp, l.amount])).toEqual([
      ["l1", "CA-ON", "HST", 1300, 1300n],
      [null, "CA-ON", "HST", 1300, 130n],
    ]);
    expect(r.added).toBe(1430n);
  });

  it("BC: GST 5% + PST 7% as two lines", () => {
    const r = run(ca("BC"));
    expect(r.taxLines.filter((l) => l.lineId === "l1").map((l) => [l.jurisdiction, l.name, l.rateBp, l.amount])).toEqual([
      ["CA", "GST", 500, 500n],
      ["CA-BC", "PST", 700, 700n],
    ]);
    expect(r.added).toBe(1200n + 120n);
  });

  it("QC: GST 5% + QST 9.975% (997.5 bp, half-up rounding)", () => {
    const r = run(ca("QC"));
    expect(r.taxLines.filter((l) => l.lineId === "l1").map((l) => [l.name, l.rateBp, l.amount])).toEqual([
      ["GST", 500, 500n],
      ["QST", 997.5, 998n], // 100.00 × 9.975% = 9.975 → 9.98; Revenu Québec: QST rate 9.975%
    ]);
    expect(r.taxLines.filter((l) => l.lineId === null).map((l) => l.amount)).toEqual([50n, 100n]); // 0.9975 → 1.00
    expect(r.added).toBe(500n + 998n + 50n + 100n);
  });

  it("QST is computed and reported at the exact 9.975%", () => {
    const r = run(req({ market: enCA, destination: { country: "CA", region: "QC" }, amounts: [100000n] }));
    // 1000.00 × 9.975% = 99.75 (at 9.98% it would be 99.80)
    expect(r.taxLines[1]).toMatchObject({ name: "QST", rateBp: 997.5, amount: 9975n });
  });

  it("region given as 'CA-QC' or 'Québec' is understood", () => {
    for (const region of ["CA-QC", "Québec", "qc"]) {
      expect(run(ca(region)).taxLines.map((l) => l.name)).toEqual(["GST", "QST", "GST", "QST"]);
    }
  });

  it("missing or unknown province: GST 5% only; AB: GST only", () => {
    for (const region of [null, "", "ZZ", "AB"]) {
      const r = run(ca(region));
      expect(r.taxLines.map((l) => [l.jurisdiction, l.name, l.amount])).toEqual([
        ["CA", "GST", 500n],
        ["CA", "GST", 50n],
      ]);
    }
  });

  it("an inclusive CA market splits the contained tax so the parts sum to the contained total", () => {
    const market = { ...enCA, taxDisplay: "inclusive" as const };
    const r = run(req({ market, destination: { country: "CA", region: "BC" }, amounts: [11200n, 999n] }));
    const l1 = r.taxLines.filter((l) => l.lineId === "l1");
    expect(l1.map((l) => l.amount)).toEqual([500n, 700n]);
    expect(l1.every((l) => l.base === 10000n && l.included)).toBe(true);
    // 9.99 contains 9.99 × 12/112 = 1.0703… → 1.07 in total
    expect(sum(r.taxLines.filter((l) => l.lineId === "l2"))).toBe(107n);
  });

  it("value does not matter (no de-minimis): dutyMode is ignored", () => {
    const r = run(req({ market: { ...enCA, dutyMode: "DDP" }, destination: { country: "CA", region: "ON" }, amounts: [50_000_00n] }));
    expect(r.notices).toEqual([]);
    expect(r.duties).toBe(0n);
    expect(r.added).toBe(650_000n);
  });
});

describe("other national rates (no de-minimis)", () => {
  it("JP 10% consumption tax, inclusive, JPY (exponent 0)", () => {
    const market = inclusive("ja-jp", "JP", "JPY");
    const r = run(req({ market, destination: { country: "JP" }, amounts: [1100n, 5500n], shipping: 770n }));
    expect(r.taxLines.map((l) => [l.lineId, l.name, l.amount])).toEqual([
      ["l1", "Consumption tax", 100n],
      ["l2", "Consumption tax", 500n],
      [null, "Consumption tax", 70n],
    ]);
    expect(r.included).toBe(670n);
  });

  it("JP ignores DDP and large values", () => {
    const market = { ...inclusive("ja-jp", "JP", "JPY"), dutyMode: "DDP" as const };
    const r = run(req({ market, destination: { country: "JP" }, amounts: [1_100_000n] }));
    expect(r.included).toBe(100_000n);
    expect(r.notices).toEqual([]);
  });

  it("SG GST 9%", () => {
    const r = run(req({ market: inclusive("en-sg", "SG", "SGD"), destination: { country: "SG" }, amounts: [10900n] }));
    expect(r.taxLines[0]).toMatchObject({ jurisdiction: "SG", name: "GST", rateBp: 900, amount: 900n, base: 10000n });
  });

  it("AE VAT 5%", () => {
    const r = run(req({ market: inclusive("ar-ae", "AE", "AED"), destination: { country: "AE" }, amounts: [10500n] }));
    expect(r.taxLines[0]).toMatchObject({ jurisdiction: "AE", name: "VAT", rateBp: 500, amount: 500n });
  });

  it("MX IVA 16%", () => {
    const r = run(req({ market: inclusive("es-mx", "MX", "MXN"), destination: { country: "MX" }, amounts: [11600n] }));
    expect(r.taxLines[0]).toMatchObject({ jurisdiction: "MX", name: "IVA", rateBp: 1600, amount: 1600n });
  });

  it("KW 0%: no tax lines at all (not a zero line), no notice", () => {
    const market = { ...inclusive("ar-kw", "KW", "KWD"), dutyMode: "DDP" as const };
    const r = run(req({ market, destination: { country: "KW" }, amounts: [12345n], shipping: 2000n }));
    expect(r).toEqual(untaxed(["l1"]));
  });

  it("unknown destination country (e.g. CH): no tax lines, no notice", () => {
    const r = run(req({ destination: { country: "CH" }, amounts: [99999n], shipping: 500n }));
    expect(r).toEqual(untaxed(["l1"]));
  });
});

describe("de-minimis thresholds and duty modes", () => {
  it("EU: €160 inclusive (€134.45 net of VAT) is within the €150 intrinsic-value threshold: VAT collected", () => {
    const r = run(req({ amounts: [16000n], shipping: 500n }));
    expect(r.notices).toEqual([]);
    expect(r.shipments).toEqual([{ origin: null, regime: "import_under_threshold", lineIds: ["l1"] }]);
    expect(r.included).toBe(2555n + 80n);
  });

  it("EU: €180 inclusive cart (€151.26 net) to DE in DDU → no lines, contained VAT uncollected, estimate due on delivery", () => {
    const r = run(req({ amounts: [18000n], shipping: 500n }));
    expect(r.taxLines).toEqual([]);
    // 180 × 19/119 = 28.739 → 28.74; shipping 5 × 19/119 = 0.798 → 0.80
    expect(r.removed).toBe(2874n + 80n);
    expect(r.uncollected).toEqual([
      { lineId: "l1", amount: 2874n },
      { lineId: null, amount: 80n },
    ]);
    // duty 4% × 151.26 = 6.05; import VAT 19% × (151.26 + 4.20 + 6.05) = 30.6869 → 30.69
    expect(r.dueOnDelivery).toBe(605n + 3069n);
    expect(r.shipments).toEqual([{ origin: null, regime: "import_ddu", lineIds: ["l1"] }]);
    expect(r.included).toBe(0n);
    expect(r.added).toBe(0n);
    expect(r.duties).toBe(0n);
    expect(r.notices).toEqual([{ code: "duties_due_on_delivery" }]);
  });

  it("EU: same cart in DDP (4%) → VAT lines + import duty on net goods, prepaid notice", () => {
    const market = { ...deDE, dutyMode: "DDP" as const, dutyRateBp: 400 };
    const r = run(req({ market, amounts: [18000n], shipping: 500n }));
    expect(r.taxLines.filter((l) => l.kind === "tax").map((l) => [l.lineId, l.amount, l.included])).toEqual([
      ["l1", 2874n, true],
      [null, 80n, true],
    ]);
    // net goods 180.00 − 28.74 = 151.26; 4% = 6.0504 → 6.05
    expect(r.taxLines.filter((l) => l.kind === "duty")).toEqual([
      { lineId: null, kind: "duty", jurisdiction: "DE", name: "Import duty", rateBp: 400, base: 15126n, amount: 605n, included: false },
    ]);
    expect(r.included).toBe(2954n);
    expect(r.added).toBe(605n);
    expect(r.duties).toBe(605n);
    expect(r.removed).toBe(0n);
    expect(r.notices).toEqual([{ code: "duties_and_taxes_prepaid" }]);
  });

  it("EU threshold ignores shipping: €150 goods + €10 shipping is within (VAT collected)", () => {
    const r = run(req({ amounts: [10000n, 5000n], shipping: 1000n }));
    expect(r.notices).toEqual([]);
    expect(r.taxLines).toHaveLength(3);
  });

  describe("USD exclusive market shipping to FR converts to EUR first (rate 0.92)", () => {
    const usdMarket: TaxMarketInput = { ...enUS, handle: "en-intl" };
    const convert = vi.fn((amount: bigint, from: string, to: string) => convertMinor(amount, from, to, "0.92"));

    it("$170 → €156.40 > €150: import regime (DDU: nothing added, nothing removed)", () => {
      convert.mockClear();
      const r = run(req({ market: usdMarket, currency: "USD", destination: { country: "FR" }, amounts: [17000n], shipping: 1000n, convert }));
      expect(convert).toHaveBeenCalledWith(17000n, "USD", "EUR");
      expect(r.taxLines).toEqual([]);
      expect(r.added).toBe(0n);
      expect(r.removed).toBe(0n);
      expect(r.notices).toEqual([{ code: "duties_due_on_delivery" }]);
    });

    it("$170 in DDP: VAT added on goods and shipping, plus duty on goods", () => {
      const market = { ...usdMarket, dutyMode: "DDP" as const, dutyRateBp: 400 };
      const r = run(req({ market, currency: "USD", destination: { country: "FR" }, amounts: [17000n], shipping: 1000n, convert }));
      expect(r.taxLines.map((l) => [l.kind, l.lineId, l.amount, l.included])).toEqual([
        ["tax", "l1", 3400n, false],
        ["tax", null, 200n, false],
        ["duty", null, 680n, false],
      ]);
      expect(r.added).toBe(4280n);
      expect(r.notices).toEqual([{ code: "duties_and_taxes_prepaid" }]);
    });

    it("$160 → €147.20 ≤ €150: IOSS VAT collected (added) at FR 20%", () => {
      const r = run(req({ market: usdMarket, currency: "USD", destination: { country: "FR" }, amounts: [16000n], shipping: 1000n, convert }));
      expect(r.taxLines.map((l) => [l.lineId, l.jurisdiction, l.amount, l.included])).toEqual([
        ["l1", "FR", 3200n, false],
        [null, "FR", 200n, false],
      ]);
      expect(r.added).toBe(3400n);
      expect(r.notices).toEqual([]);
    });
  });

  it("UK: £162.00 incl. VAT is exactly £135.00 net (within, VAT collected); £162.01 is £135.01 net (above)", () => {
    const market = { ...inclusive("en-gb", "GB", "GBP"), dutyRateBp: 400 };
    const within = run(req({ market, destination: { country: "GB" }, amounts: [16200n] }));
    expect(within.taxLines[0]).toMatchObject({ jurisdiction: "GB", name: "VAT", rateBp: 2000, amount: 2700n, included: true });
    expect(within.notices).toEqual([]);

    const above = run(req({ market, destination: { country: "GB" }, amounts: [16201n] }));
    expect(above.taxLines).toEqual([]);
    expect(above.removed).toBe(2700n); // 162.01 / 6 = 27.0016… → 27.00
    expect(above.notices).toEqual([{ code: "duties_due_on_delivery" }]);
  });

  it("AU: A$1,100 incl. GST is A$1,000.00 net (within, GST collected); A$1,100.01 is above: DDP pays GST + duty", () => {
    const market = { ...inclusive("en-au", "AU", "AUD"), dutyMode: "DDP" as const, dutyRateBp: 500 };
    const within = run(req({ market, destination: { country: "AU" }, amounts: [66000n, 44000n] }));
    expect(within.included).toBe(6000n + 4000n); // 660 / 11 = 60; 440 / 11 = 40 → net exactly 1,000.00
    expect(within.notices).toEqual([]);
    expect(within.duties).toBe(0n);

    const above = run(req({ market, destination: { country: "AU" }, amounts: [66000n, 44001n] }));
    expect(above.notices).toEqual([{ code: "duties_and_taxes_prepaid" }]);
    expect(above.included).toBe(6000n + 4000n); // 440.01 / 11 = 40.0009 → 40.00
    // net goods 1,000.01; 5% = 50.0005 → 50.00
    expect(above.duties).toBe(5000n);
    expect(above.added).toBe(5000n);
  });

  it("a foreign-currency cart to GB converts to GBP for the threshold", () => {
    const convert = vi.fn((amount: bigint, from: string, to: string) => convertMinor(amount, from, to, "0.79"));
    const r = run(req({ market: enUS, currency: "USD", destination: { country: "GB" }, amounts: [17000n], convert }));
    expect(convert).toHaveBeenCalledWith(17000n, "USD", "GBP");
    expect(r.taxLines[0]).toMatchObject({ jurisdiction: "GB", amount: 3400n, included: false }); // £134.30 ≤ £135
  });
});

describe("shipments: where each line ships from", () => {
  const line = (id: string, amount: bigint, origin: string) => ({ id, amount, quantity: 1, origin });

  it("DE warehouse → DE: domestic, VAT collected far above €150, no duties, no notice (DDP market too)", () => {
    const market = { ...deDE, dutyMode: "DDP" as const };
    const r = run(req({ market, lines: [line("l1", 59500n, "DE")], shipping: 595n }));
    expect(r.shipments).toEqual([{ origin: "DE", regime: "domestic", lineIds: ["l1"] }]);
    expect(r.taxLines.map((l) => [l.lineId, l.kind, l.amount])).toEqual([
      ["l1", "tax", 9500n], // 595 × 19/119
      [null, "tax", 95n],
    ]);
    expect(r.duties).toBe(0n);
    expect(r.notices).toEqual([]);
  });

  it("DE warehouse → AT: intra-EU distance sale at Austria's 20%, no threshold", () => {
    const r = run(req({ destination: { country: "AT" }, lines: [line("l1", 60000n, "DE")] }));
    expect(r.shipments[0]!.regime).toBe("intra_eu");
    expect(r.taxLines).toEqual([{ lineId: "l1", kind: "tax", jurisdiction: "AT", name: "VAT", rateBp: 2000, base: 50000n, amount: 10000n, included: true }]);
    expect(r.notices).toEqual([]);
  });

  it("a cart from DE and CN: each shipment gets its own rule, the CN shipment's threshold counts only its own goods", () => {
    // CN part alone: €119 (€100 net) ≤ €150 → IOSS; with the DE part it would be far above.
    const r = run(req({ lines: [line("de", 59500n, "DE"), line("cn", 11900n, "CN")], shipping: 0n }));
    expect(r.shipments).toEqual([
      { origin: "DE", regime: "domestic", lineIds: ["de"] },
      { origin: "CN", regime: "import_under_threshold", lineIds: ["cn"] },
    ]);
    expect(r.included).toBe(9500n + 1900n);
  });

  it("a cart from DE and CN above the threshold in DDU: the DE line is taxed, only the CN line's VAT is uncollected", () => {
    const r = run(req({ lines: [line("de", 11900n, "DE"), line("cn", 23800n, "CN")], shipping: 1000n }));
    expect(r.shipments.map((s) => s.regime)).toEqual(["domestic", "import_ddu"]);
    expect(r.taxLines.filter((l) => l.lineId === "de").map((l) => l.amount)).toEqual([1900n]);
    // shipping €10 spread by goods value: 1/3 to DE (3.33), 2/3 to CN (6.67)
    expect(r.taxLines.filter((l) => l.lineId === null).map((l) => l.amount)).toEqual([53n]); // 3.33 × 19/119
    expect(r.uncollected).toEqual([
      { lineId: "cn", amount: 3800n }, // 238 × 19/119
      { lineId: null, amount: 106n }, // 6.67 × 19/119 = 1.065 → 1.06
    ]);
    expect(r.notices).toEqual([{ code: "duties_due_on_delivery" }]);
  });
});

describe("Brazil, Remessa Conforme (import tax + ICMS collected at checkout)", () => {
  const ptBR: TaxMarketInput = { handle: "pt-br", country: "BR", currency: "BRL", taxDisplay: "inclusive", dutyMode: "DDU", dutyRateBp: 2000 };
  // BRL 5.00 per USD
  const convert = (amount: bigint, from: string, to: string) => convertMinor(amount, from, to, from === "USD" ? "5" : "0.2");

  it("R$150.00 inclusive to SP (17%): value + II = 124.50; value 103.75 (US$20.75 ≤ US$50) → II 20% = 20.75, ICMS 25.50", () => {
    const r = run(req({ market: ptBR, destination: { country: "BR", region: "SP" }, amounts: [15000n], convert }));
    expect(r.taxLines.map((l) => [l.name, l.jurisdiction, l.rateBp, l.base, l.amount, l.included])).toEqual([
      ["Import tax", "BR", 2000, 10375n, 2075n, true],
      ["ICMS", "BR-SP", 1700, 12450n, 2550n, true],
    ]);
    // por dentro: ICMS = (103.75 + 20.75) × 17 / 83 = 25.50
    expect(r.included).toBe(15000n - 10375n);
    expect(r.notices).toEqual([{ code: "duties_and_taxes_prepaid" }]);
    expect(r.shipments[0]!.regime).toBe("import_ddp");
  });

  it("R$1,000.00 inclusive to BA (20%): above US$50 → II 60% minus US$20 (R$100)", () => {
    const r = run(req({ market: ptBR, destination: { country: "BR", region: "BA" }, amounts: [100000n], convert }));
    // value + II = 800.00; value = (800 + 100) / 1.6 = 562.50 (US$112.50); II = 0.6 × 562.50 − 100 = 237.50; ICMS 200.00
    expect(r.taxLines.map((l) => [l.name, l.rateBp, l.amount])).toEqual([
      ["Import tax", 6000, 23750n],
      ["ICMS", 2000, 20000n],
    ]);
  });

  it("an exclusive BRL market adds the taxes: US$50 exactly is still the 20% band; freight is part of the customs value", () => {
    const market = { ...ptBR, taxDisplay: "exclusive" as const };
    const r = run(req({ market, destination: { country: "BR" }, amounts: [22500n], shipping: 2500n, convert }));
    // customs value 250.00 = US$50 → II 50.00; ICMS 17% por dentro = 300 × 17/83 = 61.445… → 61.45
    expect(r.added).toBe(5000n + 6145n);
  });
});

describe("errors and provider", () => {
  it("negative line or shipping amounts throw", () => {
    expect(() => calculateTax(req({ amounts: [-1n] }))).toThrow(/negative/);
    expect(() => calculateTax(req({ shipping: -1n }))).toThrow(/negative/);
  });

  it("builtinTaxProvider wraps calculateTax (and rejects on programming errors)", async () => {
    expect(builtinTaxProvider.name).toBe("builtin");
    const r = req({ shipping: 500n });
    await expect(builtinTaxProvider.calculate(r)).resolves.toEqual(calculateTax(r));
    await expect(builtinTaxProvider.calculate(req({ amounts: [-5n] }))).rejects.toThrow(RangeError);
  });
});

describe("rate data", () => {
  it("has all 27 EU member states with integer basis points", () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(Object.keys(EU_VAT_RATES_BP).sort()).toEqual([...EU_MEMBER_STATES].sort());
    expect(EU_VAT_RATES_BP.FI).toBe(2550);
    expect(EU_VAT_RATES_BP.HU).toBe(2700);
    expect(EU_VAT_RATES_BP.LU).toBe(1700);
  });

  it("US: no-sales-tax states have no rate; shipping-taxable states all have a rate", () => {
    for (const s of US_NO_SALES_TAX_STATES) expect(US_STATE_RATES_BP[s]).toBeUndefined();
    for (const s of US_SHIPPING_TAXABLE_STATES) expect(US_STATE_RATES_BP[s]).toBeGreaterThan(0);
    expect(Object.keys(US_STATE_RATES_BP)).toHaveLength(46); // 45 states + DC
    expect(US_STATE_RATES_BP).toMatchObject({ CA: 725, NY: 400, TX: 625, WA: 650, FL: 600, IL: 625, NJ: 662.5 });
  });
});
