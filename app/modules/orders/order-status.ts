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

/** Columns the admin order list sorts by ("total" compares base-currency totals, so markets mix fairly). */
export const ORDER_SORTS = ["number", "createdAt", "total", "email", "status"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const ORDER_PAGE_SIZE_MAX = 100;
