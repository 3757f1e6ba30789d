/**
 * How staff prove who they are: admin sessions (a cookie holding an opaque id whose sha256 is
 * stored, rotated on every sign-in), the per-session CSRF token of admin forms, and Admin API
 * bearer tokens (sha256 stored, shown once). Sign-in failures are rate-limited per IP and per account.
 */
import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { apiTokensTable, staffSessionsTable, staffTable } from "~db/schema/staff";
import { readCookie } from "~/lib/cookies";
import { getEnv } from "~/lib/env.server";
import { UserError } from "~/lib/errors";
import { verifyPassword } from "~/lib/password.server";
import { sign, verifySignature } from "~/lib/signing.server";
import { hashToken, newToken } from "~/lib/tokens.server";
import { enforceRateLimits, peekRateLimit, type RateLimitRule } from "~/modules/ratelimit/ratelimit.server";
import { normalizeEmail, toStaffView, type StaffView } from "./staff.server";

const SESSION_HOURS = 12;

/** Failed staff sign-ins, like customers': the 11th failure for one account within 15 minutes is refused. */
const STAFF_SIGN_IN_LIMITS = {
  perAccount: { name: "staff_sign_in_account", limit: 10, windowSeconds: 900 },
  perIp: { name: "staff_sign_in_ip", limit: 50, windowSeconds: 900 },
} as const satisfies Record<string, RateLimitRule>;

/** `__Host-` in production (Secure, Path=/, no Domain: only this origin may set it); plain over http in dev and tests. */
export function adminCookieName(): string {
  return getEnv().server.production ? "__Host-harbor_admin" : "harbor_admin";
}

function cookieAttributes(maxAgeSeconds: number): string {
  const secure = getEnv().server.production ? "; Secure" : "";
  return `Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

function clearAdminCookie(): string {
  return `${adminCookieName()}=; ${cookieAttributes(0)}`;
}

function sessionIdFrom(request: Request): string | null {
  return readCookie(request.headers.get("cookie"), adminCookieName()) || null;
}

export interface StaffSession {
  /** The raw session id (from the cookie): only for the CSRF token, never stored. */
  id: string;
  staff: StaffView;
}

/** The signed-in person, or null (no cookie, unknown or expired session, disabled account). */
export async function staffSession(request: Request, now = new Date()): Promise<StaffSession | null> {
  const id = sessionIdFrom(request);
  if (!id) return null;
  const db = await getDb();
  const [row] = await db
    .select({ staff: staffTable })
    .from(staffSessionsTable)
    .innerJoin(staffTable, eq(staffTable.id, staffSessionsTable.staffId))
    .where(and(eq(staffSessionsTable.idHash, hashToken(id)), gt(staffSessionsTable.expiresAt, now), isNull(staffTable.disabledAt)));
  return row ? { id, staff: toStaffView(row.staff) } : null;
}

/** The CSRF token of admin forms: derived from the session id, so it needs no storage and dies with the session. */
export function csrfToken(session: StaffSession): string {
  return sign("admin-csrf", session.id);
}

export function csrfTokenMatches(session: StaffSession, token: unknown): boolean {
  return typeof token === "string" && verifySignature("admin-csrf", session.id, token);
}

/**
 * Checks email + password. Refused with 429 (Retry-After) while the account or IP is over its
 * failure limit, before the password is looked at; a wrong email or password is the same 401.
 * On success a new session replaces the request's old one (no fixation); returns its Set-Cookie.
 */
export async function signIn(request: Request, input: { email: string; password: string; ip: string }): Promise<{ staff: StaffView; cookie: string }> {
  const email = normalizeEmail(input.email);
  const checks = [
    { rule: STAFF_SIGN_IN_LIMITS.perAccount, subject: email },
    { rule: STAFF_SIGN_IN_LIMITS.perIp, subject: input.ip },
  ];
  let wait = 0;
  for (const c of checks) {
    const r = await peekRateLimit(c.rule, c.subject);
    if (!r.allowed) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) throw new UserError("rate_limited", "Too many failed sign-ins. Please wait and try again.", 429, undefined, undefined, wait);

  const db = await getDb();
  const [row] = await db.select().from(staffTable).where(eq(staffTable.email, email));
  const ok = await verifyPassword(row?.passwordHash, input.password);
  if (!ok || !row || row.disabledAt) {
    // Counts the failure; throws 429 itself when this very attempt crossed the limit.
    await enforceRateLimits(checks);
    throw new UserError("invalid_credentials", "The email or password is wrong.", 401);
  }
  const cookie = await db.transaction((tx) => startSession(tx as unknown as Db, request, row.id));
  return { staff: toStaffView(row), cookie };
}

/**
 * A new admin session for `staffId` in the caller's transaction, replacing the request's old one
 * (no fixation) and clearing the person's expired ones. Returns the Set-Cookie value.
 */
export async function startSession(tx: Db, request: Request, staffId: string): Promise<string> {
  const id = newToken();
  const old = sessionIdFrom(request);
  if (old) await tx.delete(staffSessionsTable).where(eq(staffSessionsTable.idHash, hashToken(old)));
  await tx.delete(staffSessionsTable).where(and(eq(staffSessionsTable.staffId, staffId), lt(staffSessionsTable.expiresAt, new Date())));
  await tx.insert(staffSessionsTable).values({ idHash: hashToken(id), staffId, expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) });
  return `${adminCookieName()}=${id}; ${cookieAttributes(SESSION_HOURS * 3600)}`;
}

/** Ends the request's session (if any) and returns the Set-Cookie that clears it. */
export async function signOut(request: Request): Promise<string> {
  const id = sessionIdFrom(request);
  if (id) {
    const db = await getDb();
    await db.delete(staffSessionsTable).where(eq(staffSessionsTable.idHash, hashToken(id)));
  }
  return clearAdminCookie();
}

// ---------------------------------------------------------------------------------------------
// Admin API tokens (issued and listed in api-tokens.server.ts)

/** The owner of the request's `Authorization: Bearer` token (not revoked, account enabled), or null. */
export async function staffForBearer(request: Request): Promise<StaffView | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return null;
  const db = await getDb();
  const [row] = await db
    .update(apiTokensTable)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokensTable.tokenHash, hashToken(match[1]!)), isNull(apiTokensTable.revokedAt), or(isNull(apiTokensTable.expiresAt), gt(apiTokensTable.expiresAt, new Date()))))
    .returning({ staffId: apiTokensTable.staffId });
  if (!row) return null;
  const [staff] = await db.select().from(staffTable).where(and(eq(staffTable.id, row.staffId), isNull(staffTable.disabledAt)));
  return staff ? toStaffView(staff) : null;
}
