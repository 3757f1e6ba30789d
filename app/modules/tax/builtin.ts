/**
 * Built-in tax & duties rules (issue #3) implementing the TaxProvider contract in ./tax.ts.
 * Pure: no db, no I/O — safe to import from server and browser code. Money is bigint minor units.
 *
 * Rules in short (data and simplifications in ./rates.ts):
 * - The destination country picks the jurisdiction: EU → that member state's VAT, CA → GST plus the
 *   province's HST/PST/RST/QST (from `destination.region`), US → the state's base sales tax, only when the
 *   store is registered there; GB/AU/JP/SG/AE/MX/KW → national rate. Anything else → no tax, no notice.
 * - Inclusive market: line amounts contain the tax; tax = amount × rate / (10000 + rate) per line, rounded
 *   half away from zero (divRound), reported in `included`. Exclusive: tax = amount × rate / 10000 per
 *   line, rounded, reported in `added`. Totals are the sums of the rounded per-line amounts, so they always
 *   reconcile with the lines.
 * - Shipping (a line with `lineId: null`) is taxed at the same rate(s) where the destination taxes it.
 * - Lines are grouped into shipments by the country they ship from (TaxLineInput.origin); shipping is
 *   spread over the shipments by goods value. A shipment from the destination country is domestic, one
 *   from another EU member state to an EU destination is an intra-EU distance sale: destination VAT, no
 *   threshold, no import, no duties. Everything else is an import.
 * - EU/GB/AU low-value imports: the intrinsic value of the shipment's goods — net of VAT, without
 *   shipping and insurance — converted to EUR/GBP/AUD at the stored rate ≤ threshold → tax collected as
 *   above. Above → the market's duty mode: DDU = no lines, notice `duties_due_on_delivery`, the VAT
 *   contained in inclusive prices is `uncollected` (prices are shown and charged without it) and
 *   `dueOnDelivery` estimates import VAT + duties; DDP = tax lines + one "Import duty" line on the net
 *   goods value, notice `duties_and_taxes_prepaid`.
 * - Brazil (from abroad): Remessa Conforme, collected at checkout — see brazilImport and BR_IMPORT.
 */
import { divRound, parseDecimal } from "~/lib/money";
import {
  BR_IMPORT,
  CA_GST_BP,
  CA_PROVINCE_NAMES,
  CA_PROVINCES,
  deMinimisFor,
  EU_VAT_RATES_BP,
  isEuMemberState,
  NATIONAL_RATES,
  US_SHIPPING_TAXABLE_STATES,
  US_STATE_NAMES,
  US_STATE_RATES_BP,
  type DeMinimisRule,
  type TaxComponentRule,
} from "./rates";
import type { TaxLine, TaxLineInput, TaxNoticeCode, TaxProvider, TaxRegime, TaxRequest, TaxResult } from "./tax";

/** The tax that applies to a destination: its components (all with a non-zero rate) and shipping rule. */
interface TaxJurisdiction {
  /** ISO country of the destination (jurisdiction of an import duty line). */
  country: string;
  components: TaxComponentRule[];
  taxesShipping: boolean;
  deMinimis: DeMinimisRule | null;
}

/** Rates are basis points with at most one decimal (QST 997.5 bp): work in tenths of a basis point. */
const RATE_DENOMINATOR = 100_000n;

function rateTenths(rateBp: number): bigint {
  const tenths = rateBp * 10;
  if (!Number.isInteger(tenths) || tenths < 0) {
    throw new RangeError(`Tax rate ${rateBp} bp must be ≥ 0 with at most one decimal`);
  }
  return BigInt(tenths);
}

function normalizeCountry(country: string): string {
  const c = country.trim().toUpperCase();
  if (c === "UK") return "GB";
  if (c === "EL") return "GR";
  return c;
}

/** "ON", "on", "CA-ON", "Ontario" → "ON"; null when missing. */
function normalizeRegion(region: string | null | undefined, country: string, names: Readonly<Record<string, string>>): string | null {
  if (!region) return null;
  let r = region.trim().toUpperCase();
  if (r.startsWith(`${country}-`)) r = r.slice(country.length + 1);
  r = names[r] ?? r;
  return r === "" ? null : r;
}

/**
 * Resolves the jurisdiction for a destination, or null when nothing is collected there (unknown country,
 * US state without registration / without sales tax, 0% countries such as KW).
 */
function resolveJurisdiction(
  destination: TaxRequest["destination"],
  usRegisteredStates: readonly string[],
): TaxJurisdiction | null {
  const country = normalizeCountry(destination.country);
  let components: TaxComponentRule[];
  let taxesShipping = true;

  if (isEuMemberState(country)) {
    components = [{ jurisdiction: country, name: "VAT", rateBp: EU_VAT_RATES_BP[country] }];
  } else if (country === "CA") {
    const province = normalizeRegion(destination.region, "CA", CA_PROVINCE_NAMES);
    const rule = province ? CA_PROVINCES[province] : undefined;
    const gst: TaxComponentRule = { jurisdiction: "CA", name: "GST", rateBp: CA_GST_BP };
    if (!rule || rule.kind === "gst") components = [gst];
    else if (rule.kind === "hst") components = [{ jurisdiction: `CA-${province}`, name: "HST", rateBp: rule.rateBp }];
    else components = [gst, { jurisdiction: `CA-${province}`, name: rule.name, rateBp: rule.rateBp }];
  } else if (country === "US") {
    const state = normalizeRegion(destination.region, "US", US_STATE_NAMES);
    if (!state) return null;
    const registered = usRegisteredStates.some((s) => s.trim().toUpperCase() === state);
    const rateBp = US_STATE_RATES_BP[state];
    if (!registered || rateBp === undefined) return null;
    components = [{ jurisdiction: `US-${state}`, name: "Sales tax", rateBp }];
    taxesShipping = US_SHIPPING_TAXABLE_STATES.has(state);
  } else {
    const national = NATIONAL_RATES[country];
    if (!national) return null;
    components = [{ jurisdiction: country, name: national.name, rateBp: national.rateBp }];
  }

  components = components.filter((c) => c.rateBp > 0);
  if (components.length === 0) return null;
  return { country, components, taxesShipping, deMinimis: deMinimisFor(country) };
}

interface Split {
  /** net taxable base */
  base: bigint;
  /** tax per component, same order as the jurisdiction's components */
  parts: bigint[];
  total: bigint;
}

/**
 * Tax on one amount. Inclusive: the combined tax contained in the amount is rounded once; with several
 * components each but the last is rounded on its own and the last takes the remainder, so parts sum to
 * the contained tax exactly. Exclusive: each component is rounded on its own (as GST and PST are).
 */
function splitAmount(amount: bigint, components: TaxComponentRule[], inclusive: boolean): Split {
  const rates = components.map((c) => rateTenths(c.rateBp));
  if (inclusive) {
    const combined = rates.reduce((a, r) => a + r, 0n);
    const total = divRound(amount * combined, RATE_DENOMINATOR + combined);
    const parts: bigint[] = [];
    let allocated = 0n;
    rates.forEach((r, i) => {
      const part = i === rates.length - 1 ? total - allocated : divRound(amount * r, RATE_DENOMINATOR + combined);
      parts.push(part);
      allocated += part;
    });
    return { base: amount - total, parts, total };
  }
  const parts = rates.map((r) => divRound(amount * r, RATE_DENOMINATOR));
  return { base: amount, parts, total: parts.reduce((a, p) => a + p, 0n) };
}

function emptyResult(): TaxResult {
  return { taxLines: [], added: 0n, included: 0n, removed: 0n, duties: 0n, notices: [], shipments: [], uncollected: [], dueOnDelivery: 0n };
}

/** Splits `total` over `weights` proportionally (largest remainder); all to the first when the weights sum to 0. */
function spread(total: bigint, weights: bigint[]): bigint[] {
  if (!weights.length) return [];
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, p) => a + p, 0n);
  const order = weights.map((w, i) => ({ i, rem: (total * w) % sum })).sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts;
}

interface Shipment {
  origin: string | null;
  lines: TaxLineInput[];
  shipping: bigint;
}

function shipmentsOf(req: TaxRequest): Shipment[] {
  const byOrigin = new Map<string | null, TaxLineInput[]>();
  for (const line of req.lines) {
    const origin = line.origin ? normalizeCountry(line.origin) : null;
    const list = byOrigin.get(origin);
    if (list) list.push(line);
    else byOrigin.set(origin, [line]);
  }
  const groups = [...byOrigin].map(([origin, lines]) => ({ origin, lines, shipping: 0n }));
  const shares = spread(
    req.shipping,
    groups.map((g) => g.lines.reduce((a, l) => a + l.amount, 0n)),
  );
  groups.forEach((g, i) => (g.shipping = shares[i]!));
  return groups;
}

/** What one shipment contributes; the caller adds up the shipments. */
interface ShipmentTax {
  regime: TaxRegime;
  taxLines: TaxLine[];
  uncollected: { lineId: string | null; amount: bigint }[];
  dueOnDelivery: bigint;
  notice: TaxNoticeCode | null;
}

function taxLinesFor(taxed: { lineId: string | null; split: Split }[], components: TaxComponentRule[], inclusive: boolean): TaxLine[] {
  const out: TaxLine[] = [];
  for (const { lineId, split } of taxed) {
    components.forEach((c, i) => {
      const amount = split.parts[i]!;
      if (amount === 0n) return;
      out.push({ lineId, kind: "tax", jurisdiction: c.jurisdiction, name: c.name, rateBp: c.rateBp, base: split.base, amount, included: inclusive });
    });
  }
  return out;
}

function taxShipment(req: TaxRequest, jurisdiction: TaxJurisdiction, shipment: Shipment): ShipmentTax {
  const inclusive = req.market.taxDisplay === "inclusive";
  const { components } = jurisdiction;
  const taxed: { lineId: string | null; split: Split }[] = [];
  for (const line of shipment.lines) {
    if (line.amount === 0n) continue;
    taxed.push({ lineId: line.id, split: splitAmount(line.amount, components, inclusive) });
  }
  const goodsNet = taxed.reduce((a, t) => a + t.split.base, 0n);
  let shippingNet = shipment.shipping;
  if (jurisdiction.taxesShipping && shipment.shipping > 0n) {
    const split = splitAmount(shipment.shipping, components, inclusive);
    shippingNet = split.base;
    taxed.push({ lineId: null, split });
  }
  const collect = (regime: TaxRegime): ShipmentTax => ({ regime, taxLines: taxLinesFor(taxed, components, inclusive), uncollected: [], dueOnDelivery: 0n, notice: null });

  const origin = shipment.origin;
  if (origin === jurisdiction.country) return collect("domestic");
  // Intra-EU distance sales are taxed where the goods arrive (Directive 2006/112/EC art. 33, as amended by
  // Directive 2017/2455); the €10,000 EU-wide micro-business threshold is assumed exceeded (OSS registered).
  if (origin && isEuMemberState(origin) && isEuMemberState(jurisdiction.country)) return collect("intra_eu");

  const rule = jurisdiction.deMinimis;
  if (!rule) return collect("import_collected");
  // The low-value tests compare the intrinsic value of the goods, excluding VAT, transport and insurance:
  // EU €150 — Directive 2017/2455 (IOSS, "intrinsic value" per Regulation 2015/2446 art. 1(48));
  // UK £135 — HMRC VAT Notice "Goods sold to customers in the UK from overseas" (consignment value
  // excludes VAT and transport unless included in the price); AU A$1,000 — ATO "GST on low value
  // imported goods" (customs value, excluding GST and transport).
  const intrinsic = req.currency === rule.currency ? goodsNet : req.convert(goodsNet, req.currency, rule.currency);
  if (intrinsic <= parseDecimal(rule.threshold, rule.currency)) return collect("import_under_threshold");

  if (req.market.dutyMode === "DDU") {
    // The carrier collects import VAT on the customs value plus transport plus duties (Directive
    // 2006/112/EC art. 85–86; the UK and AU tax imports on the same kind of base): an estimate only.
    const duty = divRound(goodsNet * rateTenths(req.market.dutyRateBp), RATE_DENOMINATOR);
    const combined = components.reduce((a, c) => a + rateTenths(c.rateBp), 0n);
    const vat = divRound((goodsNet + shippingNet + duty) * combined, RATE_DENOMINATOR);
    return {
      regime: "import_ddu",
      taxLines: [],
      uncollected: inclusive ? taxed.filter((t) => t.split.total > 0n).map((t) => ({ lineId: t.lineId, amount: t.split.total })) : [],
      dueOnDelivery: duty + vat,
      notice: "duties_due_on_delivery",
    };
  }
  const result = collect("import_ddp");
  result.notice = "duties_and_taxes_prepaid";
  const duty = divRound(goodsNet * rateTenths(req.market.dutyRateBp), RATE_DENOMINATOR);
  if (duty > 0n) {
    result.taxLines.push({ lineId: null, kind: "duty", jurisdiction: jurisdiction.country, name: "Import duty", rateBp: req.market.dutyRateBp, base: goodsNet, amount: duty, included: false });
  }
  return result;
}

/**
 * Brazil under Remessa Conforme (rules and citations on BR_IMPORT): import tax on the customs value (goods
 * plus freight), then ICMS "por dentro". In an inclusive market the price already contains both, so the
 * customs value is solved from the price: value + II = price × (1 − ICMS), and II depends on the band.
 */
function brazilImport(req: TaxRequest, shipment: Shipment): ShipmentTax {
  const inclusive = req.market.taxDisplay === "inclusive";
  const state = normalizeRegion(req.destination.region, "BR", {});
  const icmsBp = BigInt((state && BR_IMPORT.icmsByState[state]) || BR_IMPORT.icmsDefaultBp);
  const parts = [...shipment.lines.filter((l) => l.amount > 0n).map((l) => ({ lineId: l.id as string | null, amount: l.amount }))];
  if (shipment.shipping > 0n) parts.push({ lineId: null, amount: shipment.shipping });
  const gross = parts.reduce((a, p) => a + p.amount, 0n);
  const toUsd = (amount: bigint) => (req.currency === "USD" ? amount : req.convert(amount, req.currency, "USD"));
  const fromUsd = (amount: bigint) => (req.currency === "USD" ? amount : req.convert(amount, "USD", req.currency));
  const bandLimit = parseDecimal(BR_IMPORT.bandLimitUsd, "USD");
  const deduction = fromUsd(parseDecimal(BR_IMPORT.deductionUsd, "USD"));
  const low = BigInt(BR_IMPORT.lowRateBp);
  const high = BigInt(BR_IMPORT.highRateBp);

  let value: bigint;
  let importTax: bigint;
  let icms: bigint;
  let rateBp: number;
  if (inclusive) {
    const valuePlusTax = divRound(gross * (10_000n - icmsBp), 10_000n);
    value = divRound(valuePlusTax * 10_000n, 10_000n + low);
    rateBp = BR_IMPORT.lowRateBp;
    if (toUsd(value) > bandLimit) {
      value = divRound((valuePlusTax + deduction) * 10_000n, 10_000n + high);
      rateBp = BR_IMPORT.highRateBp;
    }
    importTax = valuePlusTax - value;
    icms = gross - valuePlusTax;
  } else {
    value = gross;
    const lowBand = toUsd(value) <= bandLimit;
    rateBp = lowBand ? BR_IMPORT.lowRateBp : BR_IMPORT.highRateBp;
    importTax = lowBand ? divRound(value * low, 10_000n) : divRound(value * high, 10_000n) - deduction;
    if (importTax < 0n) importTax = 0n;
    icms = divRound((value + importTax) * icmsBp, 10_000n - icmsBp);
  }

  const weights = parts.map((p) => p.amount);
  const iiParts = spread(importTax, weights);
  const icmsParts = spread(icms, weights);
  const valueParts = spread(value, weights);
  const taxLines: TaxLine[] = [];
  parts.forEach((p, i) => {
    if (iiParts[i]! > 0n) {
      taxLines.push({ lineId: p.lineId, kind: "tax", jurisdiction: "BR", name: "Import tax", rateBp, base: valueParts[i]!, amount: iiParts[i]!, included: inclusive });
    }
    if (icmsParts[i]! > 0n) {
      taxLines.push({
        lineId: p.lineId,
        kind: "tax",
        jurisdiction: state ? `BR-${state}` : "BR",
        name: "ICMS",
        rateBp: Number(icmsBp),
        base: valueParts[i]! + iiParts[i]!,
        amount: icmsParts[i]!,
        included: inclusive,
      });
    }
  });
  return { regime: "import_ddp", taxLines, uncollected: [], dueOnDelivery: 0n, notice: "duties_and_taxes_prepaid" };
}

/** Pure tax & duties calculation; throws on negative amounts (a programming error upstream). */
export function calculateTax(req: TaxRequest): TaxResult {
  for (const line of req.lines) {
    if (line.amount < 0n) throw new RangeError(`Tax: negative amount ${line.amount} on line ${line.id}`);
  }
  if (req.shipping < 0n) throw new RangeError(`Tax: negative shipping amount ${req.shipping}`);

  const destination = normalizeCountry(req.destination.country);
  const jurisdiction = resolveJurisdiction(req.destination, req.usRegisteredStates);
  const result = emptyResult();
  for (const shipment of shipmentsOf(req)) {
    let tax: ShipmentTax | null = null;
    if (destination === "BR" && shipment.origin !== "BR") tax = brazilImport(req, shipment);
    else if (jurisdiction) tax = taxShipment(req, jurisdiction, shipment);
    result.shipments.push({ origin: shipment.origin, regime: tax?.regime ?? "untaxed", lineIds: shipment.lines.map((l) => l.id) });
    if (!tax) continue;
    result.taxLines.push(...tax.taxLines);
    result.uncollected.push(...tax.uncollected);
    result.dueOnDelivery += tax.dueOnDelivery;
    if (tax.notice && !result.notices.some((n) => n.code === tax.notice)) result.notices.push({ code: tax.notice });
  }
  for (const t of result.taxLines) {
    if (t.included) result.included += t.amount;
    else result.added += t.amount;
    if (t.kind === "duty") result.duties += t.amount;
  }
  result.removed = result.uncollected.reduce((a, u) => a + u.amount, 0n);
  return result;
}

/**
 * True where shelf prices of imported goods contain import taxes collected at checkout (Brazil's Remessa
 * Conforme), so a price is worded "import tax and ICMS included" rather than a generic "tax included".
 */
export function pricesIncludeImportTaxes(country: string): boolean {
  return normalizeCountry(country) === "BR";
}

export const builtinTaxProvider: TaxProvider = {
  name: "builtin",
  async calculate(request: TaxRequest): Promise<TaxResult> {
    return calculateTax(request);
  },
};
