import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "~db/index";
import { inventoryLevelsTable, inventoryReservationsTable } from "~db/schema/inventory";
import { newId } from "~/lib/ids";
import { UserError } from "~/lib/errors";
import { allocateLines } from "./allocation";

export interface ReservationRequest {
  variantId: string;
  quantity: number;
  /** Locations to try, best first (the chosen shipping method's origin, then the nearest). */
  locations: string[];
}

export interface Reserved {
  variantId: string;
  locationId: string;
  quantity: number;
}

/**
 * Reserves stock for a payment inside the caller's transaction. First every inventory row the cart
 * can draw on is locked in one statement, in a stable order (variant, location): two checkouts whose
 * carts hold the same variants in different orders then queue behind each other instead of each
 * holding a row the other waits for (a deadlock). The lines are allocated on the locked numbers
 * (`allocateLines`: one warehouse when one has the whole line, else split across the ranked
 * locations), which is the same rule the cart's availability follows. A line that does not fit aborts
 * with `insufficient_stock` and the transaction rolls back.
 */
export async function reserveStock(tx: Db, paymentId: string, items: ReservationRequest[], expiresAt: Date): Promise<Reserved[]> {
  if (!items.length) return [];
  const variantIds = [...new Set(items.map((i) => i.variantId))];
  const rows = await tx
    .select({ variantId: inventoryLevelsTable.variantId, locationId: inventoryLevelsTable.locationId, onHand: inventoryLevelsTable.onHand, reserved: inventoryLevelsTable.reserved })
    .from(inventoryLevelsTable)
    .where(inArray(inventoryLevelsTable.variantId, variantIds))
    .orderBy(asc(inventoryLevelsTable.variantId), asc(inventoryLevelsTable.locationId))
    .for("update");
  const stock = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let m = stock.get(r.variantId);
    if (!m) stock.set(r.variantId, (m = new Map()));
    m.set(r.locationId, Math.max(0, r.onHand - r.reserved));
  }
  const allocation = allocateLines(
    items.map((i, n) => ({ lineId: String(n), variantId: i.variantId, quantity: i.quantity, locations: i.locations })),
    stock,
  );
  const short = allocation.find((a) => a.shortBy > 0);
  if (short) {
    const available = short.quantity - short.shortBy;
    throw new UserError("insufficient_stock", "Some items just sold out. Please review your cart.", 409, "lines", { variantId: short.variantId, available });
  }
  const made: Reserved[] = [];
  for (const line of allocation) {
    for (const part of line.parts) {
      const updated = await tx
        .update(inventoryLevelsTable)
        .set({ reserved: sql`${inventoryLevelsTable.reserved} + ${part.quantity}` })
        .where(
          and(
            eq(inventoryLevelsTable.variantId, line.variantId),
            eq(inventoryLevelsTable.locationId, part.locationId),
            sql`${inventoryLevelsTable.onHand} - ${inventoryLevelsTable.reserved} >= ${part.quantity}`,
          ),
        )
        .returning({ variantId: inventoryLevelsTable.variantId });
      // The rows are locked, so this cannot happen; the guard keeps the invariant if that ever changes.
      if (!updated.length) throw new UserError("insufficient_stock", "Some items just sold out. Please review your cart.", 409, "lines", { variantId: line.variantId });
      await tx.insert(inventoryReservationsTable).values({ id: newId("res"), paymentId, variantId: line.variantId, locationId: part.locationId, quantity: part.quantity, expiresAt });
      made.push({ variantId: line.variantId, locationId: part.locationId, quantity: part.quantity });
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

/**
 * Puts units of a paid order back on hand (a refund with restock, a cancellation), at the locations
 * the payment's committed reservations took them from, in the order they were taken. `already` is
 * how many units of that variant earlier restocks returned, so a split line is refilled where the
 * next units came from. Units with no committed reservation (nothing left the building) are skipped.
 */
export async function restockCommitted(tx: Db, paymentId: string, items: { variantId: string; quantity: number; already: number }[]): Promise<number> {
  if (!items.length) return 0;
  const taken = await tx
    .select()
    .from(inventoryReservationsTable)
    .where(and(eq(inventoryReservationsTable.paymentId, paymentId), eq(inventoryReservationsTable.status, "committed")))
    .orderBy(asc(inventoryReservationsTable.createdAt), asc(inventoryReservationsTable.id));
  let restocked = 0;
  for (const item of items) {
    let skip = item.already;
    let left = item.quantity;
    for (const r of taken.filter((t) => t.variantId === item.variantId)) {
      const skipped = Math.min(skip, r.quantity);
      skip -= skipped;
      const n = Math.min(left, r.quantity - skipped);
      if (n <= 0) continue;
      await tx
        .update(inventoryLevelsTable)
        .set({ onHand: sql`${inventoryLevelsTable.onHand} + ${n}` })
        .where(and(eq(inventoryLevelsTable.variantId, r.variantId), eq(inventoryLevelsTable.locationId, r.locationId)));
      left -= n;
      restocked += n;
    }
  }
  return restocked;
}
