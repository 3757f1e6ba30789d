import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { paymentsTable, webhookEventsTable } from "~db/schema/payments";

/**
 * The payments and webhook_events tables. Checkout drives a payment through its life inside its own
 * transactions, so every function that changes a payment takes the caller's transaction (`tx`).
 */

export type PaymentRow = typeof paymentsTable.$inferSelect;
export type NewPayment = Omit<typeof paymentsTable.$inferInsert, "status" | "orderId" | "providerRef" | "clientSecret" | "createdAt" | "updatedAt">;
export type PaymentPatch = Partial<Pick<PaymentRow, "status" | "orderId" | "providerRef" | "clientSecret" | "supersededBy" | "cardFingerprint">> & { updatedAt?: Date };

export async function getPayment(id: string): Promise<PaymentRow | null> {
  const db = await getDb();
  const [p] = await db.select().from(paymentsTable).where(eq(paymentsTable.id, id));
  return p ?? null;
}

export async function findPaymentByProviderRef(ref: string): Promise<PaymentRow | null> {
  const db = await getDb();
  const [p] = await db.select().from(paymentsTable).where(eq(paymentsTable.providerRef, ref));
  return p ?? null;
}

/** The payment row, locked until the caller's transaction ends. */
export async function lockPayment(tx: Db, id: string): Promise<PaymentRow | null> {
  const [p] = await tx.select().from(paymentsTable).where(eq(paymentsTable.id, id)).for("update");
  return p ?? null;
}

/** The current payment for this cart state (same fingerprint), if any; superseded attempts are not it. */
export async function findCartPayment(tx: Db, cartId: string, fingerprint: string): Promise<PaymentRow | null> {
  const [p] = await tx
    .select()
    .from(paymentsTable)
    .where(and(eq(paymentsTable.cartId, cartId), eq(paymentsTable.fingerprint, fingerprint), isNull(paymentsTable.supersededBy)));
  return p ?? null;
}

/** Payments of the cart still waiting for the shopper to pay. */
export async function awaitingPayments(tx: Db, cartId: string): Promise<PaymentRow[]> {
  return tx
    .select()
    .from(paymentsTable)
    .where(and(eq(paymentsTable.cartId, cartId), inArray(paymentsTable.status, ["requires_payment"])));
}

export async function insertPayment(tx: Db, values: NewPayment): Promise<PaymentRow> {
  const [created] = await tx.insert(paymentsTable).values(values).returning();
  return created!;
}

export async function updatePayment(tx: Db, id: string, patch: PaymentPatch): Promise<PaymentRow> {
  const [updated] = await tx
    .update(paymentsTable)
    .set({ ...patch, updatedAt: patch.updatedAt ?? new Date() })
    .where(eq(paymentsTable.id, id))
    .returning();
  return updated!;
}

/**
 * Records a provider event id in the caller's transaction, so the record and the event's effect
 * commit or roll back together; false when it was recorded before (a replay).
 */
export async function recordWebhookEvent(tx: Db, event: { id: string; provider: string; type: string }): Promise<boolean> {
  const fresh = await tx.insert(webhookEventsTable).values(event).onConflictDoNothing().returning();
  return fresh.length > 0;
}

/**
 * Erasure: the checkout copies kept on payments lose the buyer's email and address (country and
 * region stay, like on the order). Amounts and lines are untouched.
 */
export async function anonymisePaymentSnapshots(tx: Db, paymentIds: readonly string[], replacement: { email: string; text: string }): Promise<void> {
  if (!paymentIds.length) return;
  const rows = await tx.select({ id: paymentsTable.id, snapshot: paymentsTable.snapshot }).from(paymentsTable).where(inArray(paymentsTable.id, [...paymentIds]));
  for (const row of rows) {
    const address = (row.snapshot.shippingAddress ?? {}) as { country?: string; region?: string };
    const shippingAddress = { name: replacement.text, line1: replacement.text, city: replacement.text, country: address.country ?? "", ...(address.region ? { region: address.region } : {}) };
    await tx.update(paymentsTable).set({ snapshot: { ...row.snapshot, email: replacement.email, shippingAddress } }).where(eq(paymentsTable.id, row.id));
  }
}

/** The card the shopper paid with, as the provider identifies it (kept for fraud checks, never the number). */
export async function recordCardFingerprint(paymentId: string, fingerprint: string): Promise<void> {
  const db = await getDb();
  await db.update(paymentsTable).set({ cardFingerprint: fingerprint }).where(eq(paymentsTable.id, paymentId));
}

/** The card fingerprints recorded on these payments (fraud checks: one card, one person). */
export async function cardFingerprintsOf(db: Db, paymentIds: readonly string[]): Promise<string[]> {
  if (!paymentIds.length) return [];
  const rows = await db.select({ fp: paymentsTable.cardFingerprint }).from(paymentsTable).where(inArray(paymentsTable.id, [...paymentIds]));
  return rows.flatMap((r) => (r.fp ? [r.fp] : []));
}
