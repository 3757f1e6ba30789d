/** Order statuses (client-safe, no imports); the allowed transitions are in orders.ts. */
export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "partially_fulfilled",
  "fulfilled",
  "delivered",
  "cancelled",
  "partially_refunded",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
