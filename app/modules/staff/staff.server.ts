/**
 * Staff accounts: create (invite), list, change role, revoke access. Every change is audited
 * (audit.server.ts) with the acting person and the surface it came through.
 */
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { apiTokensTable, staffInvitationsTable, staffSessionsTable, staffTable } from "~db/schema/staff";
import { UserError } from "~/lib/errors";
import { normalizeEmail } from "~/lib/email";
import { newId } from "~/lib/ids";
import { hashPassword } from "~/lib/password.server";
import { auditedWrite, type Actor } from "./audit.server";
import type { Role } from "./permissions";

export type StaffRow = typeof staffTable.$inferSelect;
/** A person as pages, the API and the audit log show them (never the password hash). */
export type StaffView = Pick<StaffRow, "id" | "email" | "name" | "role" | "createdAt" | "disabledAt"> & {
  /** Invited and not yet signed up: no password set. */
  invitationPending: boolean;
};

export { normalizeEmail };

export function toStaffView(row: StaffRow): StaffView {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt, disabledAt: row.disabledAt, invitationPending: row.passwordHash === null };
}

/** A random password for a new account: 144 bits, URL-safe. */
function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export async function listStaff(): Promise<StaffView[]> {
  const db = await getDb();
  const rows = await db.select().from(staffTable).orderBy(asc(staffTable.email));
  return rows.map(toStaffView);
}

export async function findStaffByEmail(email: string, d?: Db): Promise<StaffRow | null> {
  const db = d ?? (await getDb());
  const [row] = await db.select().from(staffTable).where(eq(staffTable.email, normalizeEmail(email)));
  return row ?? null;
}

export async function getStaffView(id: string): Promise<StaffView | null> {
  const row = await getStaff(id);
  return row ? toStaffView(row) : null;
}

async function getStaff(id: string, d?: Db): Promise<StaffRow | null> {
  const db = d ?? (await getDb());
  const [row] = await db.select().from(staffTable).where(eq(staffTable.id, id));
  return row ?? null;
}

export async function countStaff(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(staffTable);
  return row?.n ?? 0;
}

export interface NewStaff {
  email: string;
  role: Role;
  name?: string;
  /** Omitted: a password is generated and returned once. */
  password?: string;
}

/** Creates a person with a password (the command line); `password` in the result is set only when one was generated. Pages and the API invite instead (invitations.server.ts). */
export async function createStaff(actor: Actor, input: NewStaff): Promise<{ staff: StaffView; password: string | null }> {
  const email = normalizeEmail(input.email);
  const generated = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generated!);
  const staff = await auditedWrite(actor, "create:staff", async (tx) => {
    const [row] = await tx
      .insert(staffTable)
      .values({ id: newId("stf"), email, name: input.name?.trim() ?? "", role: input.role, passwordHash })
      .onConflictDoNothing({ target: staffTable.email })
      .returning();
    if (!row) throw new UserError("email_taken", `${email} already has a staff account.`, 409, "email");
    const view = toStaffView(row);
    return { entityId: row.id, before: null, after: view, result: view };
  });
  return { staff, password: generated };
}

async function ownerCount(tx: Db): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(staffTable)
    .where(and(eq(staffTable.role, "owner"), isNull(staffTable.disabledAt)));
  return row?.n ?? 0;
}

/** Changes a person's role. The last owner cannot be demoted: the store would have nobody to run it. */
export async function changeRole(actor: Actor, id: string, role: Role): Promise<StaffView> {
  return auditedWrite(actor, "update:staff", async (tx) => {
    // Row lock: two owners demoting each other at once must not leave the store without an owner.
    await tx.execute(sql`select 1 from ${staffTable} where ${staffTable.role} = 'owner' for update`);
    const current = await getStaff(id, tx);
    if (!current) throw new UserError("staff_not_found", "No staff member with this id.", 404, "id");
    if (current.role === "owner" && role !== "owner" && (await ownerCount(tx)) <= 1) {
      throw new UserError("last_owner", "This is the only owner; make someone else an owner first.", 409, "role");
    }
    const [row] = await tx.update(staffTable).set({ role }).where(eq(staffTable.id, id)).returning();
    const after = toStaffView(row!);
    return { entityId: id, before: toStaffView(current), after, result: after };
  });
}

/** Signs a person out everywhere and revokes their API tokens. */
export async function revokeAccess(actor: Actor, id: string): Promise<{ sessions: number; tokens: number }> {
  return auditedWrite(actor, "revoke:staff", async (tx) => {
    const current = await getStaff(id, tx);
    if (!current) throw new UserError("staff_not_found", "No staff member with this id.", 404, "id");
    const sessions = await tx.delete(staffSessionsTable).where(eq(staffSessionsTable.staffId, id)).returning({ id: staffSessionsTable.idHash });
    // An unused invitation link is access too.
    await tx.delete(staffInvitationsTable).where(eq(staffInvitationsTable.staffId, id));
    const tokens = await tx
      .update(apiTokensTable)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokensTable.staffId, id), isNull(apiTokensTable.revokedAt)))
      .returning({ id: apiTokensTable.id });
    const result = { sessions: sessions.length, tokens: tokens.length };
    return { entityId: id, before: null, after: result, result };
  });
}

const FIRST_OWNER_EMAIL = "owner@example.com";

/**
 * First run of a store people try out locally: with no staff at all, creates an owner with a
 * generated password and returns it (shown once). A production deployment on PostgreSQL never gets
 * a default password: it returns null and the first owner is created with the command line.
 */
export async function ensureFirstOwner(opts: { deployed: boolean }): Promise<{ email: string; password: string } | null> {
  if (opts.deployed || (await countStaff()) > 0) return null;
  const actor: Actor = { staffId: null, email: "system", role: "owner", via: "cli" };
  try {
    const { staff, password } = await createStaff(actor, { email: FIRST_OWNER_EMAIL, role: "owner", name: "Owner" });
    return { email: staff.email, password: password! };
  } catch (e) {
    // Another process created the first owner at the same moment.
    if (e instanceof UserError && e.code === "email_taken") return null;
    throw e;
  }
}
