/**
 * Order sources (issue #11, ADR 0018): a platform's order export, one or more rows per order (the
 * order's values on its first row, a line item on every row), read into the orders module's imported
 * order input. Pure: no database. The contact part of an order (address, name, phone, country) is read
 * by sources.ts's `parseRecord` on the order's first row, with the source's contact headers.
 */
import type { ImportedOrderInput } from "../orders/imported-orders.server";
import { currencyExponent } from "~/lib/money";
import { countryCode, parseAmount } from "./sources";

const ORDER_FIELDS = [
  "orderId",
  "financialStatus",
  "currency",
  "subtotal",
  "shipping",
  "taxes",
  "total",
  "discountAmount",
  "refundedAmount",
  "createdAt",
  "cancelledAt",
  "shipCountry",
  "lineQuantity",
  "lineName",
  "linePrice",
  "lineSku",
  "lineTotal",
  "lineShipping",
  "orderStatus",
] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

export type OrderHeaders = Partial<Record<OrderField, string[]>>;

/** Shopify's order export (Settings → Export orders → "Plain CSV file"). */
const SHOPIFY_ORDER_HEADERS: OrderHeaders = {
  orderId: ["Name"],
  financialStatus: ["Financial Status"],
  currency: ["Currency"],
  subtotal: ["Subtotal"],
  shipping: ["Shipping"],
  taxes: ["Taxes"],
  total: ["Total"],
  discountAmount: ["Discount Amount"],
  refundedAmount: ["Refunded Amount"],
  createdAt: ["Created at", "Paid at"],
  cancelledAt: ["Cancelled at"],
  shipCountry: ["Shipping Country", "Billing Country"],
  lineQuantity: ["Lineitem quantity"],
  lineName: ["Lineitem name"],
  linePrice: ["Lineitem price"],
  lineSku: ["Lineitem sku"],
};

export type OrderPlan = Partial<Record<OrderField, { index: number; header: string }[]>>;

export function planOrderColumns(headers: OrderHeaders, header: string[]): OrderPlan {
  const byName = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, i);
  });
  const plan: OrderPlan = {};
  for (const [field, names] of Object.entries(headers) as [OrderField, string[]][]) {
    const found = names.flatMap((n) => {
      const index = byName.get(n.toLowerCase());
      return index === undefined ? [] : [{ index, header: header[index]!.trim() }];
    });
    if (found.length) plan[field] = found;
  }
  return plan;
}

/** The cell an order row groups by (blank: the row is not part of any order). */
export function orderKey(plan: OrderPlan, record: string[]): string {
  const c = plan.orderId?.[0];
  return c ? (record[c.index] ?? "").trim() : "";
}

type FinancialStatus = ImportedOrderInput["financialStatus"];
const FINANCIAL_STATUSES: readonly FinancialStatus[] = ["paid", "partially_paid", "partially_refunded", "refunded", "pending", "authorized", "voided"];

/** The order minus what the contact part supplies (email, name). */
type ParsedOrder = Omit<ImportedOrderInput, "email" | "name" | "source">;
type OrderResult = { ok: true; order: ParsedOrder } | { ok: false; row: number; field: string; reason: string };

/**
 * An order's rows (first row first, each with its spreadsheet row number) → the order, or the first
 * problem. Amounts are read in the order's currency (its Currency column, else the run's).
 */
export function parseOrder(plan: OrderPlan, rows: { row: number; record: string[] }[], runCurrency: string): OrderResult {
  const first = rows[0]!;
  const cell = (field: OrderField, record = first.record): { value: string; header: string } | null => {
    for (const c of plan[field] ?? []) {
      const value = (record[c.index] ?? "").trim();
      if (value) return { value, header: c.header };
    }
    return null;
  };
  const header = (field: OrderField) => plan[field]?.[0]?.header ?? field;
  const fail = (row: number, field: string, reason: string): OrderResult => ({ ok: false, row, field, reason });

  const currencyCell = cell("currency");
  const currency = (currencyCell?.value ?? runCurrency).toUpperCase();
  try {
    currencyExponent(currency);
  } catch {
    return fail(first.row, currencyCell?.header ?? "currency", `unknown currency "${currency}" (use an ISO 4217 code such as EUR)`);
  }
  const amount = (field: OrderField, record = first.record, row = first.row): { ok: true; value: bigint | undefined } | { ok: false; error: OrderResult } => {
    const c = cell(field, record);
    if (!c) return { ok: true, value: undefined };
    // Marketplaces write "$12.50", "US $12.50", "EUR 12.50".
    const value = parseAmount(c.value.replace(/^(?:[A-Z]{1,3} ?)?[$£€¥]? ?(?=[\d-])/, ""), currency);
    if (value === null || value < 0n) return { ok: false, error: fail(row, c.header, `not an amount in ${currency} (${currencyExponent(currency)} decimal places): "${c.value}"`) };
    return { ok: true, value };
  };
  const amounts: Partial<Record<OrderField, bigint | undefined>> = {};
  for (const f of ["total", "subtotal", "shipping", "taxes", "discountAmount", "refundedAmount"] as const) {
    const a = amount(f);
    if (!a.ok) return a.error;
    amounts[f] = a.value;
  }
  const lines: ParsedOrder["lines"] = [];
  let linesTotal: bigint | undefined;
  for (const { row, record } of rows) {
    const name = cell("lineName", record);
    if (!name) continue;
    const qty = cell("lineQuantity", record);
    const quantity = qty ? (/^\d{1,6}$/.test(qty.value) ? Number(qty.value) : 0) : 1;
    if (quantity < 1) return fail(row, qty!.header, `not a quantity of at least 1: "${qty!.value}"`);
    const price = amount("linePrice", record, row);
    if (!price.ok) return price.error;
    const lineTotal = amount("lineTotal", record, row);
    if (!lineTotal.ok) return lineTotal.error;
    const shipping = amount("lineShipping", record, row);
    if (!shipping.ok) return shipping.error;
    // A report with only the line's total (Amazon's item-price): the unit price is its share, rounded down.
    const unitPrice = price.value ?? (lineTotal.value !== undefined ? lineTotal.value / BigInt(quantity) : 0n);
    if (lineTotal.value !== undefined || shipping.value !== undefined) linesTotal = (linesTotal ?? 0n) + (lineTotal.value ?? unitPrice * BigInt(quantity)) + (shipping.value ?? 0n);
    lines.push({ title: name.value, sku: cell("lineSku", record)?.value ?? null, quantity, unitPrice });
  }
  amounts.total ??= linesTotal;
  if (amounts.total === undefined) return fail(first.row, header("total"), "missing order total");

  const createdCell = cell("createdAt");
  if (!createdCell) return fail(first.row, header("createdAt"), "missing order date");
  const placedAt = parseOrderDate(createdCell.value);
  if (!placedAt) return fail(first.row, createdCell.header, `not a date and time: "${createdCell.value}"`);
  const cancelledCell = cell("cancelledAt");
  const cancelledAt = cancelledCell ? parseOrderDate(cancelledCell.value) : /cancel/.test(cell("orderStatus")?.value.toLowerCase() ?? "") ? placedAt : null;
  if (cancelledCell && !cancelledAt) return fail(first.row, cancelledCell.header, `not a date and time: "${cancelledCell.value}"`);

  const statusCell = cell("financialStatus");
  const marketStatus = cell("orderStatus")?.value.toLowerCase() ?? "";
  // A marketplace's order status (Amazon: Shipped, Unshipped, Pending, Canceled): payment still pending, or called off.
  const financialStatus = (statusCell?.value.toLowerCase() ?? (/pending|unpaid/.test(marketStatus) ? "pending" : "paid")) as FinancialStatus;
  if (statusCell && !FINANCIAL_STATUSES.includes(financialStatus)) {
    return fail(first.row, statusCell.header, `unknown financial status "${statusCell.value}" (one of ${FINANCIAL_STATUSES.join(", ")})`);
  }
  const refunded = amounts.refundedAmount ?? (financialStatus === "refunded" ? amounts.total : undefined);
  if (refunded !== undefined && refunded > amounts.total) return fail(first.row, header("refundedAmount"), "refunded more than the order's total");

  const countryCell = cell("shipCountry");
  const country = countryCell ? countryCode(countryCell.value) : null;
  return {
    ok: true,
    order: {
      externalId: orderKey(plan, first.record),
      placedAt,
      currency,
      total: amounts.total,
      ...(refunded !== undefined ? { refundedAmount: refunded } : {}),
      ...(amounts.subtotal !== undefined ? { subtotal: amounts.subtotal } : {}),
      ...(amounts.discountAmount !== undefined ? { discountTotal: amounts.discountAmount } : {}),
      ...(amounts.shipping !== undefined ? { shippingTotal: amounts.shipping } : {}),
      ...(amounts.taxes !== undefined ? { taxTotal: amounts.taxes } : {}),
      cancelledAt,
      financialStatus,
      lines,
      ...(country ? { country } : {}),
    },
  };
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Shopify's "2024-03-05 14:22:10 +0100", or ISO 8601 with a zone; a time without a zone is read as UTC. */
function parseOrderDate(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  let iso: string;
  let m2: RegExpExecArray | null;
  if (m) {
    const zone = m[3] ? (m[3] === "Z" ? "Z" : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`) : "Z";
    iso = `${m[1]}T${m[2]}${zone}`;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) iso = `${value.trim()}T00:00:00Z`;
  else if ((m2 = /^([A-Za-z]{3})-(\d{1,2})-(\d{2}|\d{4})$/.exec(value.trim()))) {
    // eBay's "Mar-05-24".
    const month = MONTHS.indexOf(m2[1]!.toLowerCase()) + 1;
    if (!month) return null;
    iso = `${m2[3]!.length === 2 ? `20${m2[3]}` : m2[3]}-${String(month).padStart(2, "0")}-${m2[2]!.padStart(2, "0")}T00:00:00Z`;
  }
  else return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The sources that are order exports, with their order columns (marketplace-orders: per platform, below). */
export const ORDER_SOURCE_HEADERS: Partial<Record<string, OrderHeaders>> = { "shopify-orders": SHOPIFY_ORDER_HEADERS };

/**
 * The marketplaces' order reports, by their common column names (ADR 0018): per platform, the contact
 * columns (header → Harbor field, read like a saved mapping) and the order columns. A report with other
 * names is read with a saved `csv` mapping instead.
 */
export const MARKETPLACES = {
  // Amazon Seller Central "All Orders" / order report: one row per item; item-price is the line's total.
  amazon: {
    contact: { "buyer-email": "email", "buyer-name": "name", "recipient-name": "name", "buyer-phone-number": "phone", "ship-country": "country" },
    order: {
      orderId: ["amazon-order-id", "order-id"],
      createdAt: ["purchase-date", "payments-date"],
      currency: ["currency"],
      orderStatus: ["order-status"],
      lineName: ["product-name"],
      lineSku: ["sku"],
      lineQuantity: ["quantity-purchased", "quantity"],
      lineTotal: ["item-price"],
      lineShipping: ["shipping-price"],
      shipCountry: ["ship-country"],
    },
  },
  // eBay Seller Hub orders report: one row per item; Sold For is the unit price, Total Price the line's total with shipping.
  ebay: {
    contact: { "Buyer Email": "email", "Buyer Name": "name", "Buyer Username": "name", "Ship To Phone": "phone", "Ship To Country": "country" },
    order: {
      orderId: ["Order Number", "Sales Record Number"],
      createdAt: ["Sale Date", "Paid On Date"],
      currency: ["Currency"],
      lineName: ["Item Title"],
      lineSku: ["Custom Label"],
      lineQuantity: ["Quantity"],
      linePrice: ["Sold For"],
      lineTotal: ["Total Price"],
      shipCountry: ["Ship To Country"],
    },
  },
  aliexpress: {
    contact: { "Buyer Email": "email", "Buyer Name": "name", Receiver: "name", Country: "country" },
    order: {
      orderId: ["Order ID", "Order No."],
      createdAt: ["Order Date", "Order Time"],
      currency: ["Currency"],
      orderStatus: ["Order Status"],
      total: ["Order Amount"],
      lineName: ["Product Name"],
      lineSku: ["SKU"],
      lineQuantity: ["Quantity"],
      linePrice: ["Unit Price"],
      shipCountry: ["Country"],
    },
  },
  shopee: {
    contact: { "Buyer Email": "email", "Receiver Name": "name", "Username (Buyer)": "name", Country: "country" },
    order: {
      orderId: ["Order ID"],
      createdAt: ["Order Creation Date"],
      currency: ["Currency"],
      orderStatus: ["Order Status"],
      total: ["Total Amount"],
      lineName: ["Product Name"],
      lineSku: ["SKU Reference No."],
      lineQuantity: ["Quantity"],
      linePrice: ["Deal Price"],
      shipCountry: ["Country"],
    },
  },
  tiktok: {
    contact: { "Buyer Email": "email", Recipient: "name", "Buyer Username": "name", Country: "country" },
    order: {
      orderId: ["Order ID"],
      createdAt: ["Created Time", "Paid Time"],
      currency: ["Currency"],
      orderStatus: ["Order Status"],
      total: ["Order Amount"],
      lineName: ["Product Name"],
      lineSku: ["Seller SKU"],
      lineQuantity: ["Quantity"],
      linePrice: ["SKU Unit Original Price"],
      shipCountry: ["Country"],
    },
  },
} satisfies Record<string, { contact: Record<string, string>; order: OrderHeaders }>;
export type Marketplace = keyof typeof MARKETPLACES;

export function isMarketplace(value: string): value is Marketplace {
  return Object.hasOwn(MARKETPLACES, value);
}
