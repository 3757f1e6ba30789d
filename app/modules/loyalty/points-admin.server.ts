import { desc, eq } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { pointsLedgerTable } from "~db/schema/loyalty";
import { UserError } from "~/lib/errors";
import { getContact } from "../contacts/contacts.server";
import { pointsBalance, postPoints, type PointsEntry } from "./ledger.server";

/** Largest single adjustment staff can make: a typo (an extra zero or two) is refused, not booked. */
const MAX_ADJUSTMENT = 1_000_000;

async function requireContact(contactId: string, db?: Db) {
  const contact = await getContact(contactId, db);
  if (!contact) throw new UserError("contact_not_found", `There is no contact ${contactId}.`, 404);
  return contact;
}

/** Ledger rows, newest first, with the balance they add up to. */
export async function listPointsLedger(contactId: string, db?: Db): Promise<{ entries: PointsEntry[]; balance: { available: number; pending: number } }> {
  const d = db ?? (await getDb());
  await requireContact(contactId, d);
  const entries = await d.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, contactId)).orderBy(desc(pointsLedgerTable.createdAt), desc(pointsLedgerTable.id));
  return { entries, balance: await pointsBalance(contactId, d) };
}

/** A staff adjustment (inside the caller's audited transaction): available at once, with its reason. */
export async function adjustPoints(tx: Db, input: { contactId: string; points: number; reason: string; actor: string }): Promise<PointsEntry> {
  if (!Number.isSafeInteger(input.points) || input.points === 0 || Math.abs(input.points) > MAX_ADJUSTMENT) {
    throw new UserError("invalid_points", `Points must be a whole number other than zero, at most ${MAX_ADJUSTMENT} either way.`, 422, "points");
  }
  const reason = input.reason.trim();
  if (!reason) throw new UserError("reason_required", "Give a reason for the adjustment; the shopper's history shows it.", 422, "reason");
  await requireContact(input.contactId, tx);
  const row = await postPoints(tx, { contactId: input.contactId, type: "adjust", points: input.points, source: "admin", reason, actor: input.actor });
  return row!;
}
