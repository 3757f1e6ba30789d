/**
 * Abuse limits kept in the database, so every app process behind a load balancer counts the same
 * attempts. Fixed windows: one row per rule and subject, bumped by a single atomic upsert, so two
 * concurrent requests can never both see the last free slot.
 */
import { createHash } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { rateLimitsTable } from "~db/schema/ratelimit";
import { UserError } from "~/lib/errors";

export interface RateLimitRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** The store's limits. Generous for a person, tight for a script. */
export const RATE_LIMITS = {
  /** New carts per client IP: each cart can hold stock in a checkout. */
  cartCreatePerIp: { name: "cart_create_ip", limit: 60, windowSeconds: 600 },
  paymentStartPerIp: {
    name: "payment_start_ip",
    limit: 30,
    windowSeconds: 600,
  },
  paymentStartPerCart: {
    name: "payment_start_cart",
    limit: 10,
    windowSeconds: 600,
  },
  /** Guessing discount codes. */
  discountCodePerIp: {
    name: "discount_code_ip",
    limit: 30,
    windowSeconds: 600,
  },
  discountCodePerCart: {
    name: "discount_code_cart",
    limit: 10,
    windowSeconds: 600,
  },
  /** Customer accounts: password guessing per account and per IP, sign-ups and reset emails per IP and per address. */
  signInFailuresPerAccount: { name: "sign_in_fail_account", limit: 10, windowSeconds: 900 },
  signInPerIp: { name: "sign_in_ip", limit: 60, windowSeconds: 900 },
  signUpPerIp: { name: "sign_up_ip", limit: 20, windowSeconds: 3600 },
  signUpPerAccount: { name: "sign_up_account", limit: 5, windowSeconds: 3600 },
  accountEmailPerIp: { name: "account_email_ip", limit: 20, windowSeconds: 3600 },
  accountEmailPerAccount: { name: "account_email_account", limit: 5, windowSeconds: 3600 },
  /** Newsletter sign-ups per IP (forms and the API): a bot filling in addresses gets 429. */
  newsletterSignUpPerIp: { name: "newsletter_ip", limit: 10, windowSeconds: 3600 },
  /** New stock reservations for one cart (a changed cart re-reserves); stops a script re-holding stock forever. */
  reservationsPerCart: {
    name: "reservations_cart",
    limit: 20,
    windowSeconds: 86_400,
  },
} as const satisfies Record<string, RateLimitRule>;

type Check = { rule: RateLimitRule; subject: string };
export const cartCreationLimits = (ip: string): Check[] => [
  { rule: RATE_LIMITS.cartCreatePerIp, subject: ip },
];
export const paymentStartLimits = (ip: string, cartId: string): Check[] => [
  { rule: RATE_LIMITS.paymentStartPerIp, subject: ip },
  { rule: RATE_LIMITS.paymentStartPerCart, subject: cartId },
];
export const discountCodeLimits = (ip: string, cartId: string): Check[] => [
  { rule: RATE_LIMITS.discountCodePerIp, subject: ip },
  { rule: RATE_LIMITS.discountCodePerCart, subject: cartId },
];

export const newsletterSignUpLimits = (ip: string): Check[] => [{ rule: RATE_LIMITS.newsletterSignUpPerIp, subject: ip }];

/** Account subjects are hashed, so the counters hold no email address. */
const accountSubject = (email: string) => createHash("sha256").update(email).digest("hex");
export const signInLimits = (ip: string): Check[] => [{ rule: RATE_LIMITS.signInPerIp, subject: ip }];
export const signUpLimits = (ip: string, email: string): Check[] => [
  { rule: RATE_LIMITS.signUpPerIp, subject: ip },
  { rule: RATE_LIMITS.signUpPerAccount, subject: accountSubject(email) },
];
/** Password reset and sign-in link emails. */
export const accountEmailLimits = (ip: string, email: string): Check[] => [
  { rule: RATE_LIMITS.accountEmailPerIp, subject: ip },
  { rule: RATE_LIMITS.accountEmailPerAccount, subject: accountSubject(email) },
];

/**
 * Failed sign-ins for one account (known or not, so the answer does not tell): `assertSignInAllowed`
 * refuses once `limit` failures are counted in the window, `recordSignInFailure` counts one.
 */
export async function assertSignInAllowed(email: string, now = new Date()): Promise<void> {
  const rule = RATE_LIMITS.signInFailuresPerAccount;
  const d = await getDb();
  const [row] = await d.select().from(rateLimitsTable).where(eq(rateLimitsTable.key, `${rule.name}|${accountSubject(email)}`));
  const endsAt = row ? row.windowStart.getTime() + rule.windowSeconds * 1000 : 0;
  if (row && endsAt > now.getTime() && row.hits >= rule.limit) throw tooMany(Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)));
}

/** The window starts at the first failure (not at a clock boundary), so a burst of guesses never spans two windows. */
export async function recordSignInFailure(email: string, now = new Date()): Promise<void> {
  const rule = RATE_LIMITS.signInFailuresPerAccount;
  // An ISO string with a cast: postgres.js cannot bind a Date inside a raw sql fragment (PGlite can).
  const since = sql`${new Date(now.getTime() - rule.windowSeconds * 1000).toISOString()}::timestamptz`;
  const d = await getDb();
  await d
    .insert(rateLimitsTable)
    .values({ key: `${rule.name}|${accountSubject(email)}`, windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimitsTable.key,
      set: {
        hits: sql`case when ${rateLimitsTable.windowStart} > ${since} then ${rateLimitsTable.hits} + 1 else 1 end`,
        windowStart: sql`case when ${rateLimitsTable.windowStart} > ${since} then ${rateLimitsTable.windowStart} else excluded.window_start end`,
      },
    });
}

/** Units one cart may hold in reservations at once. */
export const MAX_RESERVED_UNITS_PER_CART = 100;

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

function windowOf(rule: RateLimitRule, now: Date): { windowStart: Date; windowMs: number } {
  const windowMs = rule.windowSeconds * 1000;
  return { windowStart: new Date(Math.floor(now.getTime() / windowMs) * windowMs), windowMs };
}

function tooMany(retryAfterSeconds: number): UserError {
  return new UserError("rate_limited", "Too many attempts. Please wait a moment and try again.", 429, undefined, undefined, retryAfterSeconds);
}

/** Counts one attempt against `rule` for `subject` and says whether it is within the limit. */
export async function hit(
  rule: RateLimitRule,
  subject: string,
  opts: { now?: Date; tx?: Db } = {},
): Promise<RateLimitResult> {
  const now = opts.now ?? new Date();
  const { windowStart, windowMs } = windowOf(rule, now);
  const d = opts.tx ?? (await getDb());
  const [row] = await d
    .insert(rateLimitsTable)
    .values({ key: `${rule.name}|${subject}`, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimitsTable.key,
      set: {
        hits: sql`case when ${rateLimitsTable.windowStart} = excluded.window_start then ${rateLimitsTable.hits} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ hits: rateLimitsTable.hits });
  const hits = row!.hits;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000),
  );
  return { allowed: hits <= rule.limit, hits, retryAfterSeconds };
}

/**
 * Whether `subject` is already over `rule` in the current window, without counting an attempt: for
 * limits that count only failures (sign-in), checked before the password is.
 */
export async function peekRateLimit(rule: RateLimitRule, subject: string, opts: { now?: Date } = {}): Promise<RateLimitResult> {
  const now = opts.now ?? new Date();
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const d = await getDb();
  const [row] = await d
    .select({ hits: rateLimitsTable.hits, windowStart: rateLimitsTable.windowStart })
    .from(rateLimitsTable)
    .where(eq(rateLimitsTable.key, `${rule.name}|${subject}`));
  const hits = row && row.windowStart.getTime() === windowStart.getTime() ? row.hits : 0;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: hits < rule.limit, hits, retryAfterSeconds };
}

/**
 * Counts the attempt for every subject (e.g. the IP and the cart) and throws 429 `rate_limited`
 * with `Retry-After` when any of them is over its limit.
 */
export async function enforceRateLimits(
  checks: readonly Check[],
  opts: { now?: Date; tx?: Db } = {},
): Promise<void> {
  let wait = 0;
  for (const c of checks) {
    const r = await hit(c.rule, c.subject, opts);
    if (!r.allowed) wait = Math.max(wait, r.retryAfterSeconds);
  }
  // Old windows are cleaned up now and then by the requests themselves; no job or cron to configure.
  if (!opts.tx && Math.random() < 0.001)
    void pruneRateLimits(opts.now).catch(() => {});
  if (wait > 0) throw tooMany(wait);
}

/** Deletes counters whose window ended more than a day ago. */
async function pruneRateLimits(now = new Date()): Promise<number> {
  const d = await getDb();
  const longest = Math.max(
    ...Object.values(RATE_LIMITS).map((r) => r.windowSeconds),
  );
  const rows = await d
    .delete(rateLimitsTable)
    .where(
      lt(
        rateLimitsTable.windowStart,
        new Date(now.getTime() - (longest + 86_400) * 1000),
      ),
    )
    .returning({ key: rateLimitsTable.key });
  return rows.length;
}
