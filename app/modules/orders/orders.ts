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
  partially_refunded: ["partially_refunded", "refunded", "partially_fulfilled", "fulfilled", "delivered", "cancelled"],
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
  shippingAddress: Address;
  shippingMethod: { method: ShippingMethodCode; amount: string; minDays: number; maxDays: number; earliest: string; latest: string; locationId: string | null };
  lines: {
    lineId: string;
    variantId: string;
    productId: string;
    sku: string;
    title: string;
    variantTitle: string;
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
  totals: { subtotal: string; discounts: string; shipping: string; tax: string; duties: string; total: string };
  notices: { code: string }[];
  taxMode: "inclusive" | "exclusive";
  dutyMode: "DDU" | "DDP" | "none";
  discountCodes: string[];
  baseCurrency: string;
  fxRate: string;
  baseTotal: string;
}
