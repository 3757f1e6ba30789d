import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "~db/index";
import { inventoryLevelsTable, inventoryReservationsTable } from "~db/schema/inventory";
import { newId } from "~/lib/ids";
import { UserError } from "~/lib/errors";

export interface ReservationRequest {
  variantId: string;
  quantity: number;
  /** Locations to try, best first (the chosen shipping method's origin, then the nearest). */
  locations: string[];
}

/**
 * Reserves stock for a payment inside the caller's transaction. Each reservation is one conditional
 * UPDATE (`on_hand - reserved >= qty`), so concurrent checkouts can never reserve more than exists;
 * a line that fits nowhere aborts with `insufficient_stock` and the transaction rolls back.
 */
export async function reserveStock(tx: Db, paymentId: string, items: ReservationRequest[], expiresAt: Date): Promise<{ variantId: string; locationId: string; quantity: number }[]> {
  const made: { variantId: string; locationId: string; quantity: number }[] = [];
  for (const item of items) {
    let placed = false;
    for (const locationId of item.locations) {
      const updated = await tx
        .update(inventoryLevelsTable)
        .set({ reserved: sql`${inventoryLevelsTable.reserved} + ${item.quantity}` })
        .where(
          and(
            eq(inventoryLevelsTable.variantId, item.variantId),
            eq(inventoryLevelsTable.locationId, locationId),
            sql`${inventoryLevelsTable.onHand} - ${inventoryLevelsTable.reserved} >= ${item.quantity}`,
          ),
        )
        .returning({ variantId: inventoryLevelsTable.variantId });
      if (updated.length) {
        await tx.insert(inventoryReservationsTable).values({
          id: newId("res"),
          paymentId,
          variantId: item.variantId,
          locationId,
          quantity: item.quantity,
          expiresAt,
        });
        made.push({ variantId: item.variantId, locationId, quantity: item.quantity });
        placed = true;
        break;
      }
    }
    if (!placed) {
      throw new UserError("insufficient_stock", "Some items just sold out. Please review your cart.", 409, "lines", { variantId: item.variantId });
    }
  }
  return made;
}

/** Stock leaves the building: on hand and reserved both go down. Idempotent per reservation. */
export async function commitReservations(tx: Db, paymentId: string): Promise<{ variantId: string; locationId: string; quantity: number }[]> {
  const rows = await tx
    .update(inventoryReservationsTable)
    .set({ status: "committed" })
    .where(and(eq(inventoryReservationsTable.paymentId, paymentId), eq(inventoryReservationsTable.status, "active")))
    .returning();
  for (const r of rows) {
    await tx
      .update(inventoryLevelsTable)
      .set({ onHand: sql`${inventoryLevelsTable.onHand} - ${r.quantity}`, reserved: sql`${inventoryLevelsTable.reserved} - ${r.quantity}` })
      .where(and(eq(inventoryLevelsTable.variantId, r.variantId), eq(inventoryLevelsTable.locationId, r.locationId)));
  }
  return rows.map((r) => ({ variantId: r.variantId, locationId: r.locationId, quantity: r.quantity }));
}

/** Gives reserved stock back. Idempotent per reservation. */
export async function releaseReservations(tx: Db, paymentId: string): Promise<number> {
  const rows = await tx
    .update(inventoryReservationsTable)
    .set({ status: "released" })
    .where(and(eq(inventoryReservationsTable.paymentId, paymentId), eq(inventoryReservationsTable.status, "active")))
    .returning();
  for (const r of rows) {
    await tx
      .update(inventoryLevelsTable)
      .set({ reserved: sql`${inventoryLevelsTable.reserved} - ${r.quantity}` })
      .where(and(eq(inventoryLevelsTable.variantId, r.variantId), eq(inventoryLevelsTable.locationId, r.locationId)));
  }
  return rows.length;
}

export async function extendReservations(tx: Db, paymentId: string, expiresAt: Date): Promise<void> {
  await tx
    .update(inventoryReservationsTable)
    .set({ expiresAt })
    .where(and(eq(inventoryReservationsTable.paymentId, paymentId), eq(inventoryReservationsTable.status, "active")));
}

/** Payment ids whose active reservations have expired (for the expiry job). */
export async function expiredPaymentIds(tx: Db, now: Date): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ paymentId: inventoryReservationsTable.paymentId })
    .from(inventoryReservationsTable)
    .where(and(eq(inventoryReservationsTable.status, "active"), lt(inventoryReservationsTable.expiresAt, now)));
  return rows.map((r) => r.paymentId);
}
