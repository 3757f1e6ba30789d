import { and, inArray, isNotNull, or, sql, eq } from "drizzle-orm";
import type { Db } from "~db/index";
import { ordersTable } from "~db/schema/orders";

export type BuyerOrder = Pick<typeof ordersTable.$inferSelect, "id" | "paidAt" | "shippingAddress" | "paymentId">;

/** Every order of a buyer (by any of their addresses, or their account) that was ever paid, oldest first. */
export async function paidOrdersOfBuyer(db: Db, buyer: { emails: readonly string[]; customerId?: string | null }): Promise<BuyerOrder[]> {
  const emails = [...new Set(buyer.emails.map((e) => e.trim().toLowerCase()))];
  const byEmail = emails.length ? inArray(sql`lower(${ordersTable.email})`, emails) : undefined;
  const byAccount = buyer.customerId ? eq(ordersTable.customerId, buyer.customerId) : undefined;
  const who = byEmail && byAccount ? or(byEmail, byAccount) : (byEmail ?? byAccount);
  if (!who) return [];
  return db
    .select({ id: ordersTable.id, paidAt: ordersTable.paidAt, shippingAddress: ordersTable.shippingAddress, paymentId: ordersTable.paymentId })
    .from(ordersTable)
    .where(and(who, isNotNull(ordersTable.paidAt)))
    .orderBy(ordersTable.paidAt);
}
