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
 * - EU/GB/AU de-minimis: goods value (sum of line amounts, shipping excluded, converted to EUR/GBP/AUD)
 *   ≤ threshold → tax collected as above. Above → market duty mode: DDU = no lines, notice
 *   `duties_due_on_delivery`, and in an inclusive market the contained tax is `removed`; DDP = tax lines
 *   as above + one "Import duty" line on the net goods value, notice `duties_and_taxes_prepaid`.
 */
import { divRound, parseDecimal } from "~/lib/money";
import {
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
import type { TaxLine, TaxNoticeCode, TaxProvider, TaxRequest, TaxResult } from "./tax";

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

/**
 * The rate reported on a TaxLine. The contract types `rateBp` as a number, but order_tax_lines.rate_bp is an
 * integer column and the cart view formats whole basis points, so sub-basis-point rates (QC QST 997.5,
 * NJ 662.5, MN 687.5, MO 422.5, NM 487.5) are reported rounded half-up to a whole basis point. Amounts are
 * always computed with the exact rate; only the label is rounded. (Flagged for a contract/column change.)
 */
function reportedRateBp(rateBp: number): number {
  return Math.round(rateBp);
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

function emptyResult(notices: { code: TaxNoticeCode }[] = []): TaxResult {
  return { taxLines: [], added: 0n, included: 0n, removed: 0n, duties: 0n, notices };
}

/** Pure tax & duties calculation; throws on negative amounts (a programming error upstream). */
export function calculateTax(req: TaxRequest): TaxResult {
  for (const line of req.lines) {
    if (line.amount < 0n) throw new RangeError(`Tax: negative amount ${line.amount} on line ${line.id}`);
  }
  if (req.shipping < 0n) throw new RangeError(`Tax: negative shipping amount ${req.shipping}`);

  const jurisdiction = resolveJurisdiction(req.destination, req.usRegisteredStates);
  if (!jurisdiction) return emptyResult();

  const inclusive = req.market.taxDisplay === "inclusive";
  const { components } = jurisdiction;

  // Per-line tax (zero-amount lines produce nothing).
  const taxed: { lineId: string | null; split: Split }[] = [];
  for (const line of req.lines) {
    if (line.amount === 0n) continue;
    taxed.push({ lineId: line.id, split: splitAmount(line.amount, components, inclusive) });
  }
  const goodsNet = taxed.reduce((a, t) => a + t.split.base, 0n);
  if (jurisdiction.taxesShipping && req.shipping > 0n) {
    taxed.push({ lineId: null, split: splitAmount(req.shipping, components, inclusive) });
  }

  // De-minimis: above the threshold the market's duty mode decides.
  let ddp = false;
  const rule = jurisdiction.deMinimis;
  if (rule) {
    const goods = req.lines.reduce((a, l) => a + l.amount, 0n);
    const converted = req.currency === rule.currency ? goods : req.convert(goods, req.currency, rule.currency);
    const withinThreshold = converted <= parseDecimal(rule.threshold, rule.currency);
    if (!withinThreshold) {
      if (req.market.dutyMode === "DDU") {
        const result = emptyResult([{ code: "duties_due_on_delivery" }]);
        // Inclusive shelf prices contain tax the store will not collect: charge the net price.
        if (inclusive) result.removed = taxed.reduce((a, t) => a + t.split.total, 0n);
        return result;
      }
      ddp = true;
    }
  }

  const taxLines: TaxLine[] = [];
  for (const { lineId, split } of taxed) {
    components.forEach((c, i) => {
      const amount = split.parts[i];
      if (amount === 0n) return;
      taxLines.push({
        lineId,
        kind: "tax",
        jurisdiction: c.jurisdiction,
        name: c.name,
        rateBp: reportedRateBp(c.rateBp),
        base: split.base,
        amount,
        included: inclusive,
      });
    });
  }

  let duties = 0n;
  if (ddp) {
    duties = divRound(goodsNet * rateTenths(req.market.dutyRateBp), RATE_DENOMINATOR);
    if (duties > 0n) {
      taxLines.push({
        lineId: null,
        kind: "duty",
        jurisdiction: jurisdiction.country,
        name: "Import duty",
        rateBp: reportedRateBp(req.market.dutyRateBp),
        base: goodsNet,
        amount: duties,
        included: false,
      });
    }
  }

  let included = 0n;
  let added = 0n;
  for (const t of taxLines) {
    if (t.included) included += t.amount;
    else added += t.amount;
  }
  return {
    taxLines,
    added,
    included,
    removed: 0n,
    duties,
    notices: ddp ? [{ code: "duties_and_taxes_prepaid" }] : [],
  };
}

export const builtinTaxProvider: TaxProvider = {
  name: "builtin",
  async calculate(request: TaxRequest): Promise<TaxResult> {
    return calculateTax(request);
  },
};
