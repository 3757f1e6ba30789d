import { desc, eq } from "drizzle-orm";
import { getDb } from "~db/index";
import { outboxEmailsTable } from "~db/schema/mail";

/** The newest outbox messages (all, or one order's), without their HTML: for the dev/test outbox view. */
export async function recentOutboxEmails(opts: { orderId?: string | null; limit?: number } = {}) {
  const db = await getDb();
  return db
    .select({
      to: outboxEmailsTable.to,
      subject: outboxEmailsTable.subject,
      template: outboxEmailsTable.template,
      locale: outboxEmailsTable.locale,
      text: outboxEmailsTable.text,
      orderId: outboxEmailsTable.orderId,
    })
    .from(outboxEmailsTable)
    .where(opts.orderId ? eq(outboxEmailsTable.orderId, opts.orderId) : undefined)
    .orderBy(desc(outboxEmailsTable.createdAt))
    .limit(opts.limit ?? 20);
}
