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

const PLATFORM_NAMES: Record<string, string> = {
  shopify: "Shopify",
  woocommerce: "WooCommerce",
  amazon: "Amazon",
  ebay: "eBay",
  aliexpress: "AliExpress",
  shopee: "Shopee",
  tiktok: "TikTok Shop",
};

/** How an imported order's platform is named on the admin's pages (a brand: not translated). */
export function platformName(source: string): string {
  return PLATFORM_NAMES[source] ?? source.charAt(0).toUpperCase() + source.slice(1);
}
