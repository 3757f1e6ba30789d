/**
 * TaxProvider contract (issue #3). Built-in rules implement it now; a Stripe Tax / Avalara adapter can
 * implement the same interface later. All amounts are bigint minor units of `currency`.
 */
interface TaxLineInput {
  /** cart line id */
  id: string;
  /** What the shopper pays for this line after discounts (shelf price × qty − line discount). In an
   *  inclusive market this amount contains the tax; in an exclusive market it is net. */
  amount: bigint;
  quantity: number;
  hsCode?: string | null;
}

export interface TaxMarketInput {
  handle: string;
  country: string;
  currency: string;
  taxDisplay: "inclusive" | "exclusive";
  dutyMode: "DDU" | "DDP";
  /** Duty estimate rate in basis points used in DDP mode (e.g. 400 = 4%). */
  dutyRateBp: number;
}

export interface TaxRequest {
  currency: string;
  market: TaxMarketInput;
  destination: { country: string; region?: string | null; postalCode?: string | null };
  lines: TaxLineInput[];
  /** Shipping charged after shipping discounts (same inclusive/exclusive convention as lines). */
  shipping: bigint;
  /** Converts minor units between currencies with the store's FX rates (for de-minimis thresholds). */
  convert: (amount: bigint, from: string, to: string) => bigint;
  /** US states where the store is registered to collect sales tax, e.g. ["CA","NY"]. */
  usRegisteredStates: string[];
}

export interface TaxLine {
  /** cart line id, or null for shipping (kind "tax") or for the whole consignment (kind "duty") */
  lineId: string | null;
  kind: "tax" | "duty";
  /** e.g. "DE", "CA-ON", "US-NY" */
  jurisdiction: string;
  /** e.g. "VAT", "GST", "HST", "PST", "QST", "Sales tax", "Consumption tax", "IVA", "Import duty" */
  name: string;
  rateBp: number;
  /** taxable base (net) */
  base: bigint;
  amount: bigint;
  /** true when the amount is contained in the price (inclusive markets) */
  included: boolean;
}

export type TaxNoticeCode = "duties_due_on_delivery" | "duties_and_taxes_prepaid";

export interface TaxResult {
  taxLines: TaxLine[];
  /** Tax + duties charged on top of the line/shipping amounts. */
  added: bigint;
  /** Tax contained in the line/shipping amounts and collected. */
  included: bigint;
  /** Tax contained in shelf prices that is NOT collected (DDU above a threshold in an inclusive market):
   *  the shopper is charged the net price, i.e. the total is reduced by this amount. */
  removed: bigint;
  /** Sum of duty lines (part of `added`). */
  duties: bigint;
  notices: { code: TaxNoticeCode }[];
}

export interface TaxProvider {
  readonly name: string;
  calculate(request: TaxRequest): Promise<TaxResult>;
}
