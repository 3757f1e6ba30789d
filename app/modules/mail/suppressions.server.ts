import { createHash } from "node:crypto";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { emailSuppressionsTable, outboxEmailsTable, type SuppressionReason } from "~db/schema/mail";
import { UserError } from "~/lib/errors";
import { isEmail } from "~/lib/validation";

export type { SuppressionReason };
type SuppressionScope = "all" | "marketing";

/** What each reason stops: `all` = never mailed again; `marketing` = transactional mail still goes out. */
const SCOPE_OF: Record<SuppressionReason, SuppressionScope> = {
  account_erased: "all",
  hard_bounce: "all",
  soft_bounce_repeated: "all",
  manual: "all",
  unsubscribed: "marketing",
  complaint: "marketing",
};

/** The stored form of an address: sha256 of the trimmed, NFC-normalized, lower-case address. */
export function suppressionHash(email: string): string {
  return createHash("sha256").update(email.trim().normalize("NFC").toLowerCase()).digest("hex");
}

/**
 * Puts the address on the suppression list. One row per address: a wider scope replaces a narrower
 * one (an unsubscribed address that then hard-bounces is no longer mailed at all); a narrower one
 * never loosens a wider one. Idempotent.
 */
export async function suppressEmail(email: string, opts: { tx?: Db; reason?: SuppressionReason } = {}): Promise<void> {
  await suppressHash(suppressionHash(email), opts);
}

export async function suppressHash(emailHash: string, opts: { tx?: Db; reason?: SuppressionReason } = {}): Promise<void> {
  const d = opts.tx ?? (await getDb());
  const reason = opts.reason ?? "account_erased";
  const scope = SCOPE_OF[reason];
  const insert = d.insert(emailSuppressionsTable).values({ emailHash, reason, scope });
  if (scope === "marketing") await insert.onConflictDoNothing();
  // Only a widening (marketing → all) replaces the row.
  else await insert.onConflictDoUpdate({ target: emailSuppressionsTable.emailHash, set: { reason, scope, createdAt: sql`now()` }, setWhere: eq(emailSuppressionsTable.scope, "marketing") });
}

/**
 * Whether the address may not receive this kind of mail: marketing is stopped by any row,
 * transactional mail only by an `all` row.
 */
export async function isSuppressed(email: string, kind: "transactional" | "marketing" = "transactional"): Promise<boolean> {
  const d = await getDb();
  const [row] = await d.select({ scope: emailSuppressionsTable.scope }).from(emailSuppressionsTable).where(eq(emailSuppressionsTable.emailHash, suppressionHash(email)));
  return Boolean(row) && (kind === "marketing" || row!.scope === "all");
}

/** A re-subscription lifts the suppression its own unsubscribe added (never a bounce, complaint or erasure). */
export async function liftUnsubscribeSuppression(email: string, opts: { tx?: Db } = {}): Promise<void> {
  const d = opts.tx ?? (await getDb());
  await d.delete(emailSuppressionsTable).where(and(eq(emailSuppressionsTable.emailHash, suppressionHash(email)), eq(emailSuppressionsTable.reason, "unsubscribed")));
}

export interface SuppressionRecord {
  emailHash: string;
  reason: SuppressionReason;
  scope: SuppressionScope;
  createdAt: Date;
}

/** The list, newest first (staff page and Admin API). Addresses are stored hashed, so only hashes are shown. */
export async function listSuppressions(opts: { limit: number; offset: number }): Promise<{ items: SuppressionRecord[]; total: number }> {
  const d = await getDb();
  const [items, [totals]] = await Promise.all([
    d.select().from(emailSuppressionsTable).orderBy(desc(emailSuppressionsTable.createdAt), desc(emailSuppressionsTable.emailHash)).limit(opts.limit).offset(opts.offset),
    d.select({ n: count() }).from(emailSuppressionsTable),
  ]);
  return { items, total: totals?.n ?? 0 };
}

/** Staff add an address by hand (scope all). */
export async function addManualSuppression(input: string): Promise<SuppressionRecord> {
  const email = input.trim();
  if (!isEmail(email)) throw new UserError("invalid_email", "Enter an email address such as someone@example.com.", 400, "email");
  const emailHash = suppressionHash(email);
  await suppressHash(emailHash, { reason: "manual" });
  const d = await getDb();
  const [row] = await d.select().from(emailSuppressionsTable).where(eq(emailSuppressionsTable.emailHash, emailHash));
  return row!;
}

/** Staff remove a suppression they added by hand; bounces, complaints, unsubscribes and erasures stay. */
export async function removeManualSuppression(emailHash: string): Promise<void> {
  const d = await getDb();
  const [row] = await d.select().from(emailSuppressionsTable).where(eq(emailSuppressionsTable.emailHash, emailHash));
  if (!row) throw new UserError("suppression_not_found", "No suppression with this address hash.", 404);
  if (row.reason !== "manual") throw new UserError("suppression_not_manual", `This suppression (${row.reason}) was not added by hand and cannot be removed here.`, 409);
  await d.delete(emailSuppressionsTable).where(eq(emailSuppressionsTable.emailHash, emailHash));
}

/** Deletes the stored copies of messages sent to these addresses (erasure: they hold names and addresses). */
export async function deleteOutboxEmailsTo(emails: readonly string[], opts: { tx?: Db } = {}): Promise<number> {
  if (!emails.length) return 0;
  const d = opts.tx ?? (await getDb());
  const rows = await d.delete(outboxEmailsTable).where(inArray(outboxEmailsTable.to, [...emails])).returning({ id: outboxEmailsTable.id });
  return rows.length;
}
