import type { Db } from "~db/index";
import type { ordersTable, refundsTable } from "~db/schema/orders";
import { processWide } from "~/lib/process-wide";

type OrderRow = typeof ordersTable.$inferSelect;
type RefundRow = typeof refundsTable.$inferSelect;

/**
 * Modules above orders (contacts, loyalty, referrals) react to an order's life without orders
 * knowing them: they register here at startup (app/server/job-handlers.server.ts) and run inside the
 * transaction that changes the order, so the reaction commits or rolls back with it.
 */
export interface OrderListener {
  /** The order became paid (also a late payment reopening a cancelled order). */
  paid?(tx: Db, order: OrderRow): Promise<void>;
  /** A refund was recorded; `order` carries the new refundedTotal. */
  refunded?(tx: Db, order: OrderRow, refund: RefundRow): Promise<void>;
  delivered?(tx: Db, order: OrderRow): Promise<void>;
}

const listeners = () => processWide("orders.listeners", () => new Map<string, OrderListener>());

/** Registers (or replaces) a named listener; registering twice under one name keeps one. */
export function registerOrderListener(name: string, listener: OrderListener): void {
  listeners().set(name, listener);
}

export async function notifyOrderListeners<E extends keyof OrderListener>(event: E, ...args: Parameters<NonNullable<OrderListener[E]>>): Promise<void> {
  for (const l of listeners().values()) {
    const fn = l[event] as ((...a: typeof args) => Promise<void>) | undefined;
    if (fn) await fn.apply(l, args);
  }
}
