/**
 * TaxProvider contract (issue #3). Built-in rules implement it now; a Stripe Tax / Avalara adapter can
 * implement the same interface later. All amounts are bigint minor units of `currency`.
 */
export interface TaxLineInput {
  /** cart line id */
  id: string;
  /** What the shopper pays for this line after discounts (shelf price × qty − line discount). In an
   *  inclusive market this amount contains the tax; in an exclusive market it is net. */
  amount: bigint;
  quantity: number;
  hsCode?: string | null;
  /** ISO country the line ships from; lines with the same origin form one shipment (consignment).
   *  Unknown (null/absent) is treated as an import into the destination. */
  origin?: string | null;
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
  /** e.g. "VAT", "GST", "HST", "PST", "QST", "Sales tax", "Consumption tax", "IVA", "Import duty", "Import tax", "ICMS" */
  name: string;
  /** Exact rate in basis points, at most one decimal (Québec QST 9.975% = 997.5). */
  rateBp: number;
  /** taxable base (net) */
  base: bigint;
  amount: bigint;
  /** true when the amount is contained in the price (inclusive markets) */
  included: boolean;
}

export type TaxNoticeCode = "duties_due_on_delivery" | "duties_and_taxes_prepaid";

/**
 * Which rule taxed a shipment:
 * - `domestic`: ships from the destination country; `intra_eu`: from another EU member state (distance
 *   sale, destination VAT through OSS). Neither has a threshold, an import or duties.
 * - `import_under_threshold`: import whose intrinsic value is within the EU/UK/AU low-value threshold,
 *   tax collected at checkout (IOSS / UK VAT / AU GST).
 * - `import_collected`: import into a destination without such a threshold where the store collects the
 *   tax at checkout (e.g. CA GST/HST, JP, US sales tax).
 * - `import_ddu`: above the threshold, import VAT and duties paid by the shopper on delivery.
 * - `import_ddp`: above the threshold (or Brazil's Remessa Conforme), import taxes collected at checkout.
 * - `untaxed`: nothing is collected (destination without a modelled tax, or a 0% rate).
 */
export const TAX_REGIMES = ["domestic", "intra_eu", "import_under_threshold", "import_collected", "import_ddu", "import_ddp", "untaxed"] as const;
export type TaxRegime = (typeof TAX_REGIMES)[number];

interface TaxShipment {
  /** Country the shipment leaves from, null when unknown. */
  origin: string | null;
  regime: TaxRegime;
  lineIds: string[];
}

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
  /** One entry per origin, in the order the origins first appear in the lines. */
  shipments: TaxShipment[];
  /** `removed`, per cart line (lineId) or shipping (null): the prices to show without that tax. */
  uncollected: { lineId: string | null; amount: bigint }[];
  /** Estimate of the import VAT and duties the carrier collects on delivery (DDU shipments); not in the total. */
  dueOnDelivery: bigint;
}

export interface TaxProvider {
  readonly name: string;
  calculate(request: TaxRequest): Promise<TaxResult>;
}
