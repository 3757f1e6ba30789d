/**
 * Admin API tokens: issued for one staff member (the token acts with their role), listed by name
 * and prefix, revoked. The secret is returned once by `createApiToken`; only its sha256 is stored,
 * and neither the secret nor its hash ever reaches the audit log.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "~db/index";
import { apiTokensTable, staffTable } from "~db/schema/staff";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { hashToken, newToken } from "~/lib/tokens.server";
import { auditedWrite, type Actor } from "./audit.server";
import type { Role } from "./permissions";
import type { StaffView } from "./staff.server";

/** `hbr_` and four characters of the secret: enough to tell tokens apart, far too little to guess one. */
const PREFIX_LENGTH = 8;

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string | null;
  staff: { id: string; email: string; role: Role };
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

type TokenRow = typeof apiTokensTable.$inferSelect;

const toView = (t: TokenRow, s: { id: string; email: string; role: Role }): ApiTokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  staff: { id: s.id, email: s.email, role: s.role },
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
});

/** What the audit log keeps of a token: never the secret or its hash. */
const auditView = (v: ApiTokenView) => ({ id: v.id, name: v.name, prefix: v.prefix, staffId: v.staff.id, email: v.staff.email, expiresAt: v.expiresAt, revokedAt: v.revokedAt });

export interface NewApiToken {
  name: string;
  /** Null or absent: valid until revoked. Must lie in the future. */
  expiresAt?: Date | null;
  now?: Date;
}

/** Issues an Admin API token acting as `staff`; the token is returned once and only its sha256 is kept. */
export async function createApiToken(
  actor: Actor,
  staff: Pick<StaffView, "id" | "email" | "role" | "disabledAt">,
  input: string | NewApiToken,
): Promise<{ token: string } & ApiTokenView> {
  const { name, expiresAt = null, now = new Date() } = typeof input === "string" ? { name: input } : input;
  if (staff.disabledAt) throw new UserError("staff_disabled", "This staff member is disabled; a token for them would never work.", 409, "staffId");
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw new UserError("invalid_parameter", "expiresAt: must be in the future", 400, "expiresAt");
  const token = `hbr_${newToken()}`;
  const id = newId("tok");
  const view = await auditedWrite(actor, "create:api-token", async (tx) => {
    const [row] = await tx.insert(apiTokensTable).values({ id, name, staffId: staff.id, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH), expiresAt, createdAt: now }).returning();
    const v = toView(row!, staff);
    return { entityId: id, before: null, after: auditView(v), result: v };
  });
  return { token, ...view };
}

/** Every token, newest first, with the person it acts as. Revoked ones are listed too (greyed out by the page). */
export async function listApiTokens(): Promise<ApiTokenView[]> {
  const db = await getDb();
  const rows = await db
    .select({ token: apiTokensTable, staff: { id: staffTable.id, email: staffTable.email, role: staffTable.role } })
    .from(apiTokensTable)
    .innerJoin(staffTable, eq(staffTable.id, apiTokensTable.staffId))
    .orderBy(desc(apiTokensTable.createdAt), desc(apiTokensTable.id));
  return rows.map((r) => toView(r.token, r.staff));
}

/** Revokes one token (at once: the next request with it is a 401). Revoking a revoked token changes nothing. */
export async function revokeApiToken(actor: Actor, id: string, now = new Date()): Promise<ApiTokenView> {
  return auditedWrite(actor, "revoke:api-token", async (tx) => {
    const [current] = await tx
      .select({ token: apiTokensTable, staff: { id: staffTable.id, email: staffTable.email, role: staffTable.role } })
      .from(apiTokensTable)
      .innerJoin(staffTable, eq(staffTable.id, apiTokensTable.staffId))
      .where(eq(apiTokensTable.id, id));
    if (!current) throw new UserError("api_token_not_found", "No Admin API token with this id.", 404, "id");
    const before = toView(current.token, current.staff);
    const [row] = await tx
      .update(apiTokensTable)
      .set({ revokedAt: now })
      .where(and(eq(apiTokensTable.id, id), isNull(apiTokensTable.revokedAt)))
      .returning();
    const after = row ? toView(row, current.staff) : before;
    return { entityId: id, before: auditView(before), after: auditView(after), result: after };
  });
}
