/**
 * Customer sessions live in `customer_sessions`; the client holds only an opaque random token (the
 * cookie on storefront pages, a bearer access token in the API) and the table only its sha256.
 * Every sign-in makes a new session (no fixation); signing out deletes it.
 */
import { redirect } from "@remix-run/node";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { getDb } from "~db/index";
import { customerSessionsTable, customersTable } from "~db/schema/customers";
import { readCookie } from "~/lib/cookies";
import { hashToken, newToken } from "~/lib/tokens.server";
import { SESSION_TTL_DAYS } from "./customers";

export type CustomerRow = typeof customersTable.$inferSelect;
export type SessionKind = "cookie" | "api";

const COOKIE = "harbor_customer";
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export async function createSession(customerId: string, kind: SessionKind, userAgent: string | null, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const db = await getDb();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_DAYS * 86_400_000);
  await db.insert(customerSessionsTable).values({ id: hashToken(token), customerId, kind, userAgent: userAgent?.slice(0, 300) ?? null, createdAt: now, lastSeenAt: now, expiresAt });
  // Expired sessions are cleaned up now and then by sign-ins themselves; no job to configure.
  if (Math.random() < 0.01) void pruneExpiredSessions(now).catch(() => {});
  return { token, expiresAt };
}

/** The signed-in customer for a session token, or null (unknown, expired, or the account was erased). */
export async function customerForToken(token: string | null | undefined, kind: SessionKind, now = new Date()): Promise<{ customer: CustomerRow; sessionId: string } | null> {
  if (!token || token.length > 200) return null;
  const db = await getDb();
  const id = hashToken(token);
  const [row] = await db
    .select({ customer: customersTable, lastSeenAt: customerSessionsTable.lastSeenAt })
    .from(customerSessionsTable)
    .innerJoin(customersTable, eq(customersTable.id, customerSessionsTable.customerId))
    .where(and(eq(customerSessionsTable.id, id), eq(customerSessionsTable.kind, kind), gt(customerSessionsTable.expiresAt, now), isNull(customersTable.erasedAt)));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(customerSessionsTable).set({ lastSeenAt: now }).where(eq(customerSessionsTable.id, id));
  }
  return { customer: row.customer, sessionId: id };
}

export async function deleteSession(token: string | null | undefined): Promise<void> {
  if (!token) return;
  const db = await getDb();
  await db.delete(customerSessionsTable).where(eq(customerSessionsTable.id, hashToken(token)));
}

/** Sign out everywhere: every cookie session and API token of the customer stops working. */
export async function deleteAllSessions(customerId: string): Promise<number> {
  const db = await getDb();
  const rows = await db.delete(customerSessionsTable).where(eq(customerSessionsTable.customerId, customerId)).returning({ id: customerSessionsTable.id });
  return rows.length;
}

/** Sessions of a customer, without their ids (what "download my data" shows). */
export async function listSessions(customerId: string) {
  const db = await getDb();
  return db
    .select({ kind: customerSessionsTable.kind, userAgent: customerSessionsTable.userAgent, createdAt: customerSessionsTable.createdAt, lastSeenAt: customerSessionsTable.lastSeenAt, expiresAt: customerSessionsTable.expiresAt })
    .from(customerSessionsTable)
    .where(eq(customerSessionsTable.customerId, customerId));
}

async function pruneExpiredSessions(now = new Date()): Promise<void> {
  const db = await getDb();
  await db.delete(customerSessionsTable).where(lt(customerSessionsTable.expiresAt, now));
}

// ------------------------------------------------------------------------------ storefront cookie

export function sessionTokenFromRequest(request: Request): string | undefined {
  return readCookie(request.headers.get("cookie"), COOKIE);
}

/** The signed-in customer of a storefront request, or null. */
export async function customerFromRequest(request: Request): Promise<CustomerRow | null> {
  return (await customerForToken(sessionTokenFromRequest(request), "cookie"))?.customer ?? null;
}

/** HttpOnly, SameSite=Lax (cross-site POSTs carry no session), Secure behind TLS (see proxy.server.ts). */
function sessionCookie(token: string, expiresAt: Date, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function clearSessionCookie(request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}

// ------------------------------------------------------------------------------ account pages

/** A path inside this market to return to after signing in; anything else (another site, `//host`) is the account page. */
export function safeNext(next: string | null | undefined, market: string): string {
  const fallback = `/${market}/account`;
  if (!next || !next.startsWith(`/${market}/`) || next.startsWith("//") || next.includes("\\")) return fallback;
  return next;
}

/** The signed-in customer of an account page, or a redirect to sign in (and back here afterwards). */
export async function requireCustomerPage(request: Request, market: string): Promise<CustomerRow> {
  const customer = await customerFromRequest(request);
  if (customer) return customer;
  const url = new URL(request.url);
  throw redirect(`/${market}/account/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * Redirects into the account with the new session's cookie. The session the browser held before
 * (if any) is deleted: every sign-in gets a new id, so an id planted before sign-in is worthless.
 */
export async function signedInRedirect(request: Request, session: { token: string; expiresAt: Date }, to: string): Promise<Response> {
  const previous = sessionTokenFromRequest(request);
  if (previous && previous !== session.token) await deleteSession(previous);
  return redirect(to, { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, request), "Cache-Control": "no-store" } });
}
