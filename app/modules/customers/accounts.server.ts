/**
 * Sign-up, sign-in, email verification, password reset and sign-in links. Answers never tell
 * whether an address has an account: sign-up, reset and link requests do the same work and return the
 * same thing either way (the owner of a known address is emailed instead), and a failed sign-in is one
 * 401 whatever failed, after the same password-hashing work.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { getDb } from "~db/index";
import { customerTokensTable, customersTable } from "~db/schema/customers";
import { UserError } from "~/lib/errors";
import { emailLinkOrigin } from "~/lib/http.server";
import { newId } from "~/lib/ids";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { hashToken, newToken } from "~/lib/tokens.server";
import { queueEmail } from "../mail/send-email.server";
import { getMarket, getStoreConfig } from "../markets/markets.server";
import { intlLocale } from "../markets/markets";
import { attachGuestOrders } from "../orders/orders.server";
import { accountEmailLimits, assertSignInAllowed, enforceRateLimits, recordSignInFailure, signInLimits, signUpLimits } from "../ratelimit/ratelimit.server";
import { ensureContact } from "../contacts/contacts.server";
import { normalizeEmail, TOKEN_TTL_MINUTES, type CustomerTokenPurpose } from "./customers";
import { createSession, deleteAllSessions, type CustomerRow, type SessionKind } from "./sessions.server";

type Context = { ip: string; userAgent?: string | null; now?: Date };

async function findByEmail(email: string): Promise<CustomerRow | null> {
  const db = await getDb();
  const [row] = await db.select().from(customersTable).where(and(eq(customersTable.email, email), isNull(customersTable.erasedAt)));
  return row ?? null;
}

async function getCustomer(id: string): Promise<CustomerRow | null> {
  const db = await getDb();
  const [row] = await db.select().from(customersTable).where(and(eq(customersTable.id, id), isNull(customersTable.erasedAt)));
  return row ?? null;
}

/** The market for links and emails: the one asked for if it exists, else the customer's, else the store's first. */
async function marketFor(handle: string | null | undefined, fallback?: string | null) {
  for (const h of [handle, fallback]) {
    const m = h ? await getMarket(h) : null;
    if (m) return m;
  }
  const store = await getStoreConfig();
  return store.markets[0]!;
}

// ------------------------------------------------------------------------------ single-use tokens

async function issueToken(customerId: string, purpose: CustomerTokenPurpose, now: Date): Promise<string> {
  const db = await getDb();
  const token = newToken();
  await db.insert(customerTokensTable).values({ tokenHash: hashToken(token), customerId, purpose, createdAt: now, expiresAt: new Date(now.getTime() + TOKEN_TTL_MINUTES[purpose] * 60_000) });
  return token;
}

/** Uses the token (once: the update that marks it used is the check), or throws 400 `invalid_token`. */
async function consumeToken(token: string, purpose: CustomerTokenPurpose, now: Date): Promise<CustomerRow> {
  const db = await getDb();
  const [row] = await db
    .update(customerTokensTable)
    .set({ usedAt: now })
    .where(and(eq(customerTokensTable.tokenHash, hashToken(token)), eq(customerTokensTable.purpose, purpose), isNull(customerTokensTable.usedAt), gt(customerTokensTable.expiresAt, now)))
    .returning({ customerId: customerTokensTable.customerId });
  const customer = row ? await getCustomer(row.customerId) : null;
  if (!customer) throw new UserError("invalid_token", "This link has expired or was already used. Ask for a new one.", 400, "token");
  return customer;
}

// ------------------------------------------------------------------------------ emails

type AccountTemplate = "account-verify-email" | "account-password-reset" | "account-sign-in-link";
const PAGE: Record<AccountTemplate, string> = {
  "account-verify-email": "account/verify",
  "account-password-reset": "account/reset-password",
  "account-sign-in-link": "account/sign-in/link",
};
const PURPOSE: Record<AccountTemplate, CustomerTokenPurpose> = {
  "account-verify-email": "verify-email",
  "account-password-reset": "password-reset",
  "account-sign-in-link": "sign-in-link",
};

async function queueLinkEmail(customer: CustomerRow, template: AccountTemplate, marketHandle: string | null | undefined, now: Date): Promise<void> {
  const market = await marketFor(marketHandle, customer.market);
  const token = await issueToken(customer.id, PURPOSE[template], now);
  await queueEmail({
    template,
    to: customer.email,
    locale: market.language,
    intlLocale: intlLocale(market),
    // The token hash is unique, so each request is its own message.
    idempotencyKey: `${template}:${hashToken(token)}`,
    data: { customerName: customer.name, url: `${emailLinkOrigin()}/${market.handle}/${PAGE[template]}?token=${token}`, expiresInMinutes: TOKEN_TTL_MINUTES[PURPOSE[template]] },
  });
}

// ------------------------------------------------------------------------------ sign-up

export interface SignUpInput {
  email: string;
  password: string;
  name?: string | null;
  /** Market handle: the account's language and preferred market. */
  market?: string | null;
}

/**
 * Creates the account and emails a verification link. For an address that already has an account
 * nothing is created and its owner is told someone tried; the caller cannot tell the two apart.
 */
export async function signUp(input: SignUpInput, ctx: Context): Promise<void> {
  const now = ctx.now ?? new Date();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(signUpLimits(ctx.ip, email));
  const market = await marketFor(input.market);
  // Hashed in both cases: the answer takes as long for a known address as for a new one.
  const passwordHash = await hashPassword(input.password);
  const db = await getDb();
  const [created] = await db
    .insert(customersTable)
    .values({ id: newId("cus"), email, passwordHash, name: input.name?.trim() || null, locale: market.language, market: market.handle, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: customersTable.email })
    .returning();
  if (created) {
    await queueLinkEmail(created, "account-verify-email", market.handle, now);
    return;
  }
  const existing = await findByEmail(email);
  if (!existing) return;
  const home = await marketFor(existing.market, market.handle);
  await queueEmail({
    template: "account-sign-up-attempt",
    to: existing.email,
    locale: home.language,
    intlLocale: intlLocale(home),
    // At most one such warning per account and hour.
    idempotencyKey: `account-sign-up-attempt:${existing.id}:${Math.floor(now.getTime() / 3_600_000)}`,
    data: {
      customerName: existing.name,
      signInUrl: `${emailLinkOrigin()}/${home.handle}/account/sign-in`,
      resetUrl: `${emailLinkOrigin()}/${home.handle}/account/forgot-password`,
    },
  });
}

/** Confirms the address from the emailed link; guest orders placed with it join the account. */
export async function verifyEmail(token: string, now = new Date()): Promise<CustomerRow> {
  const customer = await consumeToken(token, "verify-email", now);
  return markVerified(customer, now);
}

async function markVerified(customer: CustomerRow, now: Date): Promise<CustomerRow> {
  const db = await getDb();
  const [updated] = customer.emailVerifiedAt
    ? [customer]
    : await db.update(customersTable).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(customersTable.id, customer.id)).returning();
  await attachGuestOrders(updated!.email, updated!.id);
  // A proven address is a contact (not a subscriber: consent is asked for separately).
  await ensureContact(db, { email: updated!.email, customerId: updated!.id, name: updated!.name, locale: updated!.locale, market: updated!.market, source: "account" });
  return updated!;
}

// ------------------------------------------------------------------------------ sign-in

/**
 * Email + password → a new session. 401 `invalid_credentials` for an unknown address and a wrong
 * password alike; 429 once the account has 10 failures in 15 minutes (or the IP too many attempts).
 */
export async function signIn(input: { email: string; password: string }, kind: SessionKind, ctx: Context): Promise<{ customer: CustomerRow; token: string; expiresAt: Date }> {
  const now = ctx.now ?? new Date();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(signInLimits(ctx.ip));
  await assertSignInAllowed(email, now);
  const customer = await findByEmail(email);
  const ok = await verifyPassword(customer?.passwordHash ?? null, input.password);
  if (!customer || !ok) {
    await recordSignInFailure(email, now);
    throw new UserError("invalid_credentials", "The email address or password is not correct.", 401);
  }
  if (customer.emailVerifiedAt) await attachGuestOrders(customer.email, customer.id);
  const session = await createSession(customer.id, kind, ctx.userAgent ?? null, now);
  return { customer, ...session };
}

/** Emails a password reset link if the address has an account; the same (nothing) either way. */
export async function requestPasswordReset(input: { email: string; market?: string | null }, ctx: Context): Promise<void> {
  const now = ctx.now ?? new Date();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(accountEmailLimits(ctx.ip, email));
  const customer = await findByEmail(email);
  if (customer) await queueLinkEmail(customer, "account-password-reset", input.market, now);
}

/**
 * Sets a new password from a reset link. The link proves the mailbox, so the address counts as
 * verified; every existing session ends (whoever knew the old password is signed out).
 */
export async function resetPassword(token: string, password: string, now = new Date()): Promise<CustomerRow> {
  const customer = await consumeToken(token, "password-reset", now);
  const db = await getDb();
  await db.update(customersTable).set({ passwordHash: await hashPassword(password), updatedAt: now }).where(eq(customersTable.id, customer.id));
  await deleteAllSessions(customer.id);
  return markVerified(customer, now);
}

/** Emails a passwordless sign-in link if the address has an account. */
export async function requestSignInLink(input: { email: string; market?: string | null }, ctx: Context): Promise<void> {
  const now = ctx.now ?? new Date();
  const email = normalizeEmail(input.email);
  await enforceRateLimits(accountEmailLimits(ctx.ip, email));
  const customer = await findByEmail(email);
  if (customer) await queueLinkEmail(customer, "account-sign-in-link", input.market, now);
}

/** Signs in from an emailed link (which also proves the address). */
export async function signInWithLink(token: string, ctx: { userAgent?: string | null; now?: Date }): Promise<{ customer: CustomerRow; token: string; expiresAt: Date }> {
  const now = ctx.now ?? new Date();
  const customer = await markVerified(await consumeToken(token, "sign-in-link", now), now);
  const session = await createSession(customer.id, "cookie", ctx.userAgent ?? null, now);
  return { customer, ...session };
}
