import { and, asc, eq, gt, inArray, lte, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { pointsLedgerTable, type POINTS_ENTRY_TYPES } from "~db/schema/loyalty";
import { UserError } from "~/lib/errors";
import { lockContact } from "../contacts/contacts.server";

export type PointsEntry = typeof pointsLedgerTable.$inferSelect;
type PointsEntryType = (typeof POINTS_ENTRY_TYPES)[number];

export interface PostPointsInput {
  contactId: string;
  type: PointsEntryType;
  /** Signed. */
  points: number;
  /** Pending rows become available at `availableAt` (run by the release job); default available now. */
  pending?: boolean;
  availableAt?: Date | null;
  source: string;
  orderId?: string | null;
  reverses?: number | null;
  reason?: string | null;
  actor?: string | null;
  dedupeKey?: string | null;
}

export interface PointsBalance {
  available: number;
  pending: number;
}

/**
 * Appends one ledger row inside the caller's transaction. The contact is row-locked first, so two
 * redemptions against one balance run one after the other and the second sees the first: an
 * available balance never goes below zero (409 `insufficient_points`). A repeated `dedupeKey` writes
 * nothing and returns null (a retried job, a redelivered webhook).
 */
export async function postPoints(tx: Db, input: PostPointsInput): Promise<PointsEntry | null> {
  if (!Number.isSafeInteger(input.points) || input.points === 0) throw new UserError("invalid_points", "Points must be a whole number other than zero.", 422, "points");
  if (!(await lockContact(tx, input.contactId))) throw new UserError("contact_not_found", "Contact not found.", 404);
  const pending = input.pending ?? false;
  if (!pending && input.points < 0) {
    const { available } = await pointsBalance(input.contactId, tx);
    if (available + input.points < 0) {
      throw new UserError("insufficient_points", `Only ${available} points are available.`, 409, "points");
    }
  }
  const [row] = await tx
    .insert(pointsLedgerTable)
    .values({
      contactId: input.contactId,
      type: input.type,
      points: input.points,
      status: pending ? "pending" : "available",
      availableAt: pending ? (input.availableAt ?? null) : null,
      source: input.source,
      orderId: input.orderId ?? null,
      reverses: input.reverses ?? null,
      reason: input.reason ?? null,
      actor: input.actor ?? null,
      dedupeKey: input.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: pointsLedgerTable.dedupeKey })
    .returning();
  return row ?? null;
}

export async function pointsBalance(contactId: string, db?: Db): Promise<PointsBalance> {
  const [row] = await (db ?? (await getDb()))
    .select({
      available: sql<string>`coalesce(sum(${pointsLedgerTable.points}) filter (where ${pointsLedgerTable.status} = 'available'), 0)`,
      pending: sql<string>`coalesce(sum(${pointsLedgerTable.points}) filter (where ${pointsLedgerTable.status} = 'pending'), 0)`,
    })
    .from(pointsLedgerTable)
    .where(eq(pointsLedgerTable.contactId, contactId));
  return { available: Number(row?.available ?? 0), pending: Number(row?.pending ?? 0) };
}

/** SQL over "contacts"."id" (segments): the available balance, as `pointsBalance` counts it. */
export function availablePointsSql(): SQL<number> {
  return sql<number>`(select coalesce(sum(pl.points), 0) from points_ledger pl where pl.contact_id = "contacts"."id" and pl.status = 'available')`;
}

/** Pending rows whose time has come become available (the rows' amounts never change). */
export async function releaseDuePoints(at: Date, db?: Db): Promise<number> {
  const rows = await (db ?? (await getDb()))
    .update(pointsLedgerTable)
    .set({ status: "available" })
    .where(and(eq(pointsLedgerTable.status, "pending"), lte(pointsLedgerTable.availableAt, at)))
    .returning({ id: pointsLedgerTable.id });
  return rows.length;
}

/** Available points of each given contact (the contacts export), absent ones have none. */
export async function availablePoints(contactIds: readonly string[], db?: Db): Promise<Map<string, number>> {
  if (!contactIds.length) return new Map();
  const rows = await (db ?? (await getDb()))
    .select({ contactId: pointsLedgerTable.contactId, available: sql<string>`sum(${pointsLedgerTable.points})` })
    .from(pointsLedgerTable)
    .where(and(inArray(pointsLedgerTable.contactId, [...contactIds]), eq(pointsLedgerTable.status, "available")))
    .groupBy(pointsLedgerTable.contactId);
  return new Map(rows.map((r) => [r.contactId, Number(r.available)]));
}

/** One page of the whole ledger in id order after `afterId` (the points export, keyset paged). */
export async function ledgerPage(afterId: number, limit: number, db?: Db): Promise<PointsEntry[]> {
  return (db ?? (await getDb())).select().from(pointsLedgerTable).where(gt(pointsLedgerTable.id, afterId)).orderBy(asc(pointsLedgerTable.id)).limit(limit);
}
