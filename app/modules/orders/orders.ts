import type { orderLinesTable, ordersTable } from "~db/schema/orders";
import type { ShippingMethodCode } from "../shipping/shipping-methods";
import type { OrderStatus } from "./order-status";

type Address = (typeof ordersTable.$inferSelect)["shippingAddress"];
type OrderLineRow = typeof orderLinesTable.$inferSelect;

export type { OrderStatus } from "./order-status";

/** Allowed transitions of the order status machine. */
const ORDER_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["partially_fulfilled", "fulfilled", "cancelled", "partially_refunded", "refunded"],
  partially_fulfilled: ["fulfilled", "partially_refunded", "refunded"],
  fulfilled: ["delivered", "partially_refunded", "refunded"],
  delivered: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded", "partially_fulfilled", "fulfilled", "delivered"],
  refunded: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Serializable snapshot of a priced checkout (bigints as strings): what is paid for and ordered. */
export interface CheckoutSnapshot {
  market: string;
  currency: string;
  language: string;
  intlLocale: string;
  email: string;
  /** The signed-in customer whose cart this was (absent for guests). */
  customerId?: string | null;
  shippingAddress: Address;
  shippingMethod: { method: ShippingMethodCode; amount: string; minDays: number; maxDays: number; earliest: string; latest: string; locationId: string | null };
  /** The chosen method's parcels and their windows (absent in snapshots taken before they were recorded). */
  shipments?: { locationId: string; shipsFrom: string; earliest: string; latest: string; lines: { lineId: string; quantity: number }[] }[];
  lines: {
    lineId: string;
    variantId: string;
    productId: string;
    sku: string;
    title: string;
    variantTitle: string;
    imageUrl?: string | null;
    quantity: number;
    unitPrice: string;
    subtotal: string;
    discount: string;
    tax: string;
    total: string;
    /** Where the line was priced to ship from and the tax rule applied (absent in snapshots taken before they were recorded). */
    shipFromLocationId?: string | null;
    shipFromCountry?: string | null;
    taxRegime?: OrderLineRow["taxRegime"];
  }[];
  adjustments: { source: string; code?: string; target: "lines" | "shipping"; amount: string }[];
  taxLines: { lineId: string | null; kind: "tax" | "duty"; jurisdiction: string; name: string; rateBp: number; base: string; amount: string; included: boolean }[];
  /** `dueOnDelivery`: the estimate of import VAT + duties paid to the carrier (DDU), not in `total`; absent in older snapshots. */
  totals: { subtotal: string; discounts: string; shipping: string; tax: string; duties: string; total: string; dueOnDelivery?: string };
  notices: { code: string }[];
  taxMode: "inclusive" | "exclusive";
  dutyMode: "DDU" | "DDP" | "none";
  discountCodes: string[];
  baseCurrency: string;
  fxRate: string;
  baseTotal: string;
}

/**
 * One row per tax: rows of the same kind, jurisdiction, name, rate and inclusion (a rate charged on
 * several lines and on shipping) are added up, in first-seen order.
 */
export function mergeTaxRows<T extends { kind: string; jurisdiction: string; name: string; rateBp: number; included: boolean; amount: bigint }>(rows: readonly T[]): T[] {
  const merged = new Map<string, T>();
  for (const r of rows) {
    const key = `${r.kind}|${r.jurisdiction}|${r.name}|${r.rateBp}|${r.included}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, amount: seen.amount + r.amount } : { ...r });
  }
  return [...merged.values()];
}
