/** Reads over sent marketing mail for the campaign sender (frequency cap) and its report. */
import { and, eq, gt, inArray, notLike, sql } from "drizzle-orm";
import { getDb } from "~db/index";
import { emailEventsTable, outboxEmailsTable } from "~db/schema/mail";

/**
 * The addresses (lowercased) among `emails` sent a marketing message after `since`, not counting
 * messages whose idempotency key starts with `exceptKeyPrefix` (the campaign asking).
 */
export async function recentMarketingRecipients(emails: string[], since: Date, exceptKeyPrefix: string): Promise<Set<string>> {
  if (!emails.length) return new Set();
  const lower = sql<string>`lower(${outboxEmailsTable.to})`;
  const rows = await (await getDb())
    .selectDistinct({ to: lower })
    .from(outboxEmailsTable)
    .where(
      and(
        eq(outboxEmailsTable.kind, "marketing"),
        inArray(lower, emails.map((e) => e.toLowerCase())),
        gt(outboxEmailsTable.createdAt, since),
        notLike(outboxEmailsTable.idempotencyKey, `${exceptKeyPrefix.replace(/[\\%_]/g, "\\$&")}%`),
      ),
    );
  return new Set(rows.map((r) => r.to));
}

/** Delivery event types recorded per message (outbox id), for the messages given. */
export async function eventTypesByMessage(messageIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const db = await getDb();
  for (let i = 0; i < messageIds.length; i += 5000) {
    const rows = await db
      .selectDistinct({ id: emailEventsTable.outboxEmailId, type: emailEventsTable.type })
      .from(emailEventsTable)
      .where(inArray(emailEventsTable.outboxEmailId, messageIds.slice(i, i + 5000)));
    for (const r of rows) if (r.id) (out.get(r.id) ?? out.set(r.id, new Set()).get(r.id)!).add(r.type);
  }
  return out;
}
