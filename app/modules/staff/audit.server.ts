/**
 * The audit log. Every staff write runs through `auditedWrite`, which writes the audit row in the
 * same transaction as the change, so a rolled-back change leaves no entry and no change goes unlogged.
 */
import { and, asc, count, desc, eq, gte, ilike, lte, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { auditLogTable } from "~db/schema/staff";
import { newId } from "~/lib/ids";
import type { Role } from "./permissions";

export type Via = "page" | "api" | "cli";

/** Who is acting: a signed-in person (page), a token's owner (api) or the command line (cli). */
export interface Actor {
  staffId: string | null;
  email: string;
  role: Role;
  via: Via;
}

export interface AuditedChange<T> {
  entityId: string | null;
  before: unknown;
  after: unknown;
  result: T;
}

/** JSON for jsonb: bigints (money in minor units) become strings, dates ISO strings. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

/**
 * Runs `change` in a transaction and records `action` (`verb:entity`, e.g. "update:staff") with the
 * entity's state before and after, in that same transaction.
 */
export async function auditedWrite<T>(actor: Actor, action: `${string}:${string}`, change: (tx: Db) => Promise<AuditedChange<T>>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const done = await change(tx as unknown as Db);
    await tx.insert(auditLogTable).values({
      id: newId("aud"),
      actorId: actor.staffId,
      actorEmail: actor.email,
      via: actor.via,
      action,
      entityId: done.entityId,
      before: toJson(done.before),
      after: toJson(done.after),
    });
    return done.result;
  });
}

export interface AuditLogFilter {
  actor?: string;
  action?: string;
  entityId?: string;
  via?: Via;
  from?: Date;
  to?: Date;
}

export type AuditEntry = typeof auditLogTable.$inferSelect;

/** Newest first (or oldest first), `limit` per page; `total` counts every matching entry. */
export async function listAuditLog(
  filter: AuditLogFilter,
  page: { limit: number; offset: number; oldestFirst?: boolean },
): Promise<{ entries: AuditEntry[]; total: number }> {
  const db = await getDb();
  const where: SQL[] = [];
  if (filter.actor) where.push(ilike(auditLogTable.actorEmail, `%${escapeLike(filter.actor)}%`));
  if (filter.action) where.push(eq(auditLogTable.action, filter.action));
  if (filter.entityId) where.push(eq(auditLogTable.entityId, filter.entityId));
  if (filter.via) where.push(eq(auditLogTable.via, filter.via));
  if (filter.from) where.push(gte(auditLogTable.at, filter.from));
  if (filter.to) where.push(lte(auditLogTable.at, filter.to));
  const condition = where.length ? and(...where) : undefined;
  const [entries, [totals]] = await Promise.all([
    db.select().from(auditLogTable).where(condition).orderBy(...(page.oldestFirst ? [asc(auditLogTable.at), asc(auditLogTable.id)] : [desc(auditLogTable.at), desc(auditLogTable.id)])).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(auditLogTable).where(condition),
  ]);
  return { entries, total: totals?.n ?? 0 };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
