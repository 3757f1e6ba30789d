import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { emailSuppressionsTable, outboxEmailsTable } from "~db/schema/mail";

/** The stored form of an address: sha256 of the trimmed, NFC-normalized, lower-case address. */
function suppressionHash(email: string): string {
  return createHash("sha256").update(email.trim().normalize("NFC").toLowerCase()).digest("hex");
}

/** The address is never mailed again (an erased account). Idempotent. */
export async function suppressEmail(email: string, opts: { tx?: Db } = {}): Promise<void> {
  const d = opts.tx ?? (await getDb());
  await d.insert(emailSuppressionsTable).values({ emailHash: suppressionHash(email), reason: "account_erased" }).onConflictDoNothing();
}

export async function isSuppressed(email: string): Promise<boolean> {
  const d = await getDb();
  const [row] = await d.select({ h: emailSuppressionsTable.emailHash }).from(emailSuppressionsTable).where(eq(emailSuppressionsTable.emailHash, suppressionHash(email)));
  return Boolean(row);
}

/** Deletes the stored copies of messages sent to these addresses (erasure: they hold names and addresses). */
export async function deleteOutboxEmailsTo(emails: readonly string[], opts: { tx?: Db } = {}): Promise<number> {
  if (!emails.length) return 0;
  const d = opts.tx ?? (await getDb());
  const rows = await d.delete(outboxEmailsTable).where(inArray(outboxEmailsTable.to, [...emails])).returning({ id: outboxEmailsTable.id });
  return rows.length;
}
