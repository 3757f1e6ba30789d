import { asc, count, desc, eq, ilike } from "drizzle-orm";
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
      headers: outboxEmailsTable.headers,
    })
    .from(outboxEmailsTable)
    .where(opts.orderId ? eq(outboxEmailsTable.orderId, opts.orderId) : undefined)
    .orderBy(desc(outboxEmailsTable.createdAt))
    .limit(opts.limit ?? 20);
}

type OutboxRow = typeof outboxEmailsTable.$inferSelect;

/** One message as the mail viewer and the Admin API show it: what was (or would be) sent. */
export interface OutboxMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  template: string;
  locale: string;
  orderId: string | null;
  transport: "outbox" | "resend";
  kind: "transactional" | "marketing";
  createdAt: Date;
  /** The message's headers as sent (RFC 5322 names) plus the idempotency key it was sent with. */
  headers: Record<string, string>;
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    to: row.to,
    from: row.from,
    subject: row.subject,
    html: row.html,
    text: row.text,
    template: row.template,
    locale: row.locale,
    orderId: row.orderId,
    transport: row.transport,
    kind: row.kind,
    createdAt: row.createdAt,
    headers: {
      From: row.from,
      ...(row.replyTo ? { "Reply-To": row.replyTo } : {}),
      To: row.to,
      Subject: row.subject,
      Date: row.createdAt.toUTCString(),
      "Content-Language": row.locale,
      ...row.headers,
      "Idempotency-Key": row.idempotencyKey,
      ...(row.providerId ? { "X-Provider-Message-Id": row.providerId } : {}),
    },
  };
}

/** Every message the store sent or would send, newest first; `to` matches part of the recipient. */
export async function searchOutbox(opts: { to?: string; limit: number; offset: number; oldestFirst?: boolean }): Promise<{ messages: OutboxMessage[]; total: number }> {
  const db = await getDb();
  const where = opts.to ? ilike(outboxEmailsTable.to, `%${opts.to.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined;
  const [rows, [totals]] = await Promise.all([
    db.select().from(outboxEmailsTable).where(where).orderBy(...(opts.oldestFirst ? [asc(outboxEmailsTable.createdAt), asc(outboxEmailsTable.id)] : [desc(outboxEmailsTable.createdAt), desc(outboxEmailsTable.id)])).limit(opts.limit).offset(opts.offset),
    db.select({ n: count() }).from(outboxEmailsTable).where(where),
  ]);
  return { messages: rows.map(toMessage), total: totals?.n ?? 0 };
}

export async function getOutboxMessage(id: string): Promise<OutboxMessage | null> {
  const db = await getDb();
  const [row] = await db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.id, id));
  return row ? toMessage(row) : null;
}
