/**
 * Inviting staff by email. An invited person has an account without a password; the invitation
 * mails a single-use link (72 hours) to /admin/accept-invite, where they choose their password and
 * are signed in. Only the link token's sha256 is stored; sending a new invitation deletes the
 * person's earlier ones, so only the newest link works.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { staffInvitationsTable, staffTable } from "~db/schema/staff";
import { UserError } from "~/lib/errors";
import { emailLinkOrigin } from "~/lib/http.server";
import { newId } from "~/lib/ids";
import { hashPassword } from "~/lib/password.server";
import { hashToken, newToken } from "~/lib/tokens.server";
import { queueEmail } from "../mail/send-email.server";
import { auditedWrite, writeAuditEntry, type Actor } from "./audit.server";
import { startSession } from "./auth.server";
import type { Role } from "./permissions";
import { INVITATION_HOURS } from "./staff-api.schema";
import { INVITATION_LANGUAGES, type InvitationLanguage } from "./staff-form";
import { normalizeEmail, toStaffView, type StaffRow, type StaffView } from "./staff.server";

export interface NewInvitation {
  email: string;
  role: Role;
  name?: string;
  /** The language of the email; the admin's language when absent. */
  language?: InvitationLanguage;
}

export interface SentInvitation {
  staff: StaffView;
  language: InvitationLanguage;
  expiresAt: Date;
}

/** Who the email says invited them: the actor's name when they have one, else their email. */
async function inviterLabel(tx: Db, actor: Actor): Promise<string> {
  if (!actor.staffId) return actor.email;
  const [row] = await tx.select({ name: staffTable.name }).from(staffTable).where(eq(staffTable.id, actor.staffId));
  return row?.name.trim() || actor.email;
}

/** Replaces the person's invitations with a new one and queues its email, in the caller's transaction. */
async function issueInvitation(tx: Db, actor: Actor, staff: StaffRow, language: InvitationLanguage, now: Date): Promise<Date> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_HOURS * 3600_000);
  await tx.delete(staffInvitationsTable).where(eq(staffInvitationsTable.staffId, staff.id));
  await tx.insert(staffInvitationsTable).values({ tokenHash: hashToken(token), staffId: staff.id, language, createdAt: now, expiresAt });
  await queueEmail(
    {
      template: "staff-invitation",
      to: staff.email,
      locale: language,
      intlLocale: language,
      // The token hash is unique: each invitation is its own message.
      idempotencyKey: `staff-invitation:${hashToken(token)}`,
      data: { name: staff.name || null, inviter: await inviterLabel(tx, actor), role: staff.role, url: `${emailLinkOrigin()}/admin/accept-invite?token=${token}`, expiresInHours: INVITATION_HOURS },
    },
    { tx },
  );
  return expiresAt;
}

const languageOf = (language: InvitationLanguage | undefined): InvitationLanguage => (language && INVITATION_LANGUAGES.includes(language) ? language : "en");

/** Creates the account (no password yet) and mails the invitation. Audited as `create:staff`. */
export async function inviteStaff(actor: Actor, input: NewInvitation, now = new Date()): Promise<SentInvitation> {
  const email = normalizeEmail(input.email);
  const language = languageOf(input.language);
  return auditedWrite(actor, "create:staff", async (tx) => {
    const [row] = await tx
      .insert(staffTable)
      .values({ id: newId("stf"), email, name: input.name?.trim() ?? "", role: input.role, passwordHash: null, createdAt: now })
      .onConflictDoNothing({ target: staffTable.email })
      .returning();
    if (!row) throw new UserError("email_taken", `${email} already has a staff account.`, 409, "email");
    const expiresAt = await issueInvitation(tx, actor, row, language, now);
    const staff = toStaffView(row);
    return { entityId: row.id, before: null, after: { ...staff, invitation: { language, expiresAt } }, result: { staff, language, expiresAt } };
  });
}

/**
 * Sends a new invitation to a person who has not set a password yet; the earlier link stops
 * working. Audited as `invite:staff`.
 */
export async function resendInvitation(actor: Actor, staffId: string, language?: InvitationLanguage, now = new Date()): Promise<SentInvitation> {
  return auditedWrite(actor, "invite:staff", async (tx) => {
    const [row] = await tx.select().from(staffTable).where(eq(staffTable.id, staffId)).for("update");
    if (!row) throw new UserError("staff_not_found", "No staff member with this id.", 404, "id");
    if (row.passwordHash !== null) throw new UserError("invitation_accepted", `${row.email} has already set a password; they sign in as usual.`, 409, "id");
    if (row.disabledAt) throw new UserError("staff_disabled", `${row.email} is disabled.`, 409, "id");
    const [previous] = await tx.select({ language: staffInvitationsTable.language }).from(staffInvitationsTable).where(eq(staffInvitationsTable.staffId, staffId));
    const lang = languageOf(language ?? (previous?.language as InvitationLanguage | undefined));
    const expiresAt = await issueInvitation(tx, actor, row, lang, now);
    const staff = toStaffView(row);
    return { entityId: staffId, before: null, after: { invitation: { language: lang, expiresAt } }, result: { staff, language: lang, expiresAt } };
  });
}

const invalidLink = () => new UserError("invalid_invitation", "This invitation link has expired or was already used. Ask the person who invited you for a new one.", 410, "token");

/** The person a still-valid invitation is for (the accept page shows whom it signs in), or null. */
export async function pendingInvitation(token: string, now = new Date()): Promise<StaffView | null> {
  if (!token) return null;
  const db = await getDb();
  const [row] = await db
    .select({ staff: staffTable })
    .from(staffInvitationsTable)
    .innerJoin(staffTable, eq(staffTable.id, staffInvitationsTable.staffId))
    .where(and(eq(staffInvitationsTable.tokenHash, hashToken(token)), isNull(staffInvitationsTable.usedAt), gt(staffInvitationsTable.expiresAt, now), isNull(staffTable.disabledAt), isNull(staffTable.passwordHash)));
  return row ? toStaffView(row.staff) : null;
}

/**
 * Uses the invitation (once: the update that marks it used is the check), sets the password and
 * starts an admin session. Expired, used, replaced or unknown: 410 `invalid_invitation`.
 * Returns the session's Set-Cookie. Audited as `accept:staff` by the new person.
 */
export async function acceptInvitation(request: Request, token: string, password: string, now = new Date()): Promise<{ staff: StaffView; cookie: string }> {
  if (!token) throw invalidLink();
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [used] = await tx
      .update(staffInvitationsTable)
      .set({ usedAt: now })
      .where(and(eq(staffInvitationsTable.tokenHash, hashToken(token)), isNull(staffInvitationsTable.usedAt), gt(staffInvitationsTable.expiresAt, now)))
      .returning({ staffId: staffInvitationsTable.staffId });
    if (!used) throw invalidLink();
    const [row] = await tx
      .update(staffTable)
      .set({ passwordHash })
      .where(and(eq(staffTable.id, used.staffId), isNull(staffTable.passwordHash), isNull(staffTable.disabledAt)))
      .returning();
    if (!row) throw invalidLink();
    const staff = toStaffView(row);
    await writeAuditEntry(tx, { staffId: row.id, email: row.email, role: row.role, via: "page" }, "accept:staff", { entityId: row.id, before: null, after: { ...staff, passwordSet: true } });
    const cookie = await startSession(tx, request, row.id);
    return { staff, cookie };
  });
}
