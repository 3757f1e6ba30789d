import { eq, sql } from "drizzle-orm";
import { Resend } from "resend";
import { getDb, type Db } from "~db/index";
import { outboxEmailsTable } from "~db/schema/mail";
import { getEnv, type MailEnv } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import { PermanentJobError, RetryableError } from "../jobs/jobs.server";

/**
 * Outgoing mail. Every message carries an idempotency key: sending the same key twice delivers once.
 * Every message is recorded in `outbox_emails` (the admin mail viewer reads it), whichever transport
 * delivered it: the outbox itself (no provider configured) or Resend.
 */

export interface MailMessage {
  /** One delivery per key, ever (e.g. "mail:order-confirmation:ord_…"). Max 256 characters. */
  idempotencyKey: string;
  template: string;
  to: string;
  from: string;
  /** Where replies go, when not to `from`. */
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
  /** The recipient's language, e.g. "de". */
  locale: string;
  orderId?: string | null;
  /** The outbox row id to use (a marketing message's tracked links name it); generated when absent. */
  id?: string;
  kind?: "transactional" | "marketing";
  /** Extra headers, e.g. List-Unsubscribe (RFC 8058); sent to the provider and kept on the outbox row. */
  headers?: Record<string, string>;
}

export interface SendResult {
  /** The outbox row id (`eml_…`). */
  id: string;
  transport: "outbox" | "resend";
  /** The provider's message id (Resend). */
  providerId?: string | null;
  /** True when the key had been sent before and nothing was sent this time. */
  duplicate?: boolean;
}

/** What a batch call handed over: the provider's id per message, in order (null for the outbox). */
export interface BatchSendResult {
  transport: "outbox" | "resend";
  providerIds: (string | null)[];
}

export interface Mailer {
  send(msg: MailMessage): Promise<SendResult>;
  /**
   * Hands up to 100 messages to the transport in one call under one idempotency key (the same key
   * with the same messages delivers once: a rerun after a crash gets the first call's answer).
   * Records nothing: the caller records with `recordSentEmails` in the transaction that marks its
   * recipients sent. For the outbox, that record is the delivery.
   */
  sendBatch(msgs: MailMessage[], opts: { idempotencyKey: string }): Promise<BatchSendResult>;
}

/** Resend's limit for one batch call (POST /emails/batch). */
export const MAX_BATCH_SIZE = 100;

/** Records sent messages in the outbox (the mail viewer), inside the caller's transaction. Idempotent by message key. */
export async function recordSentEmails(tx: Db, msgs: MailMessage[], result: BatchSendResult): Promise<void> {
  if (!msgs.length) return;
  await tx
    .insert(outboxEmailsTable)
    .values(msgs.map((m, i) => rowValues(m, result.transport, result.providerIds[i] ?? null)))
    .onConflictDoNothing({ target: outboxEmailsTable.idempotencyKey });
}

type OutboxEmailRow = typeof outboxEmailsTable.$inferSelect;

export const DEFAULT_MAIL_FROM = "Kiln & Loom <orders@kilnandloom.example>";

export function mailFrom(config: MailEnv = getEnv().mail): string {
  return config.from ?? DEFAULT_MAIL_FROM;
}

/**
 * An RFC 5322 mailbox: `Name <address>`, the name quoted when it holds characters outside atext
 * (RFC 5322 §3.2.3, §3.4), with `"` and `\` escaped. No name: the bare address.
 */
export function formatMailbox(name: string | null, address: string): string {
  if (!name) return address;
  const atext = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
  const display = atext.test(name) ? name : `"${name.replace(/(["\\])/g, "\\$1")}"`;
  return `${display} <${address}>`;
}

async function findByKey(db: Db, key: string): Promise<OutboxEmailRow | undefined> {
  const [row] = await db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.idempotencyKey, key));
  return row;
}

function rowValues(msg: MailMessage, transport: "outbox" | "resend", providerId: string | null): typeof outboxEmailsTable.$inferInsert {
  return {
    id: msg.id ?? newId("eml"),
    idempotencyKey: msg.idempotencyKey,
    template: msg.template,
    to: msg.to,
    from: msg.from,
    replyTo: msg.replyTo ?? null,
    subject: msg.subject,
    html: msg.html,
    text: msg.text,
    locale: msg.locale,
    orderId: msg.orderId ?? null,
    transport,
    providerId,
    kind: msg.kind ?? "transactional",
    headers: msg.headers ?? {},
  };
}

/** Delivers into the `outbox_emails` table only (development, demo, tests): the admin viewer shows it. */
export class OutboxMailer implements Mailer {
  constructor(private readonly opts: { db?: Db } = {}) {}

  async send(msg: MailMessage): Promise<SendResult> {
    const db = this.opts.db ?? (await getDb());
    const [inserted] = await db
      .insert(outboxEmailsTable)
      .values(rowValues(msg, "outbox", null))
      .onConflictDoNothing({ target: outboxEmailsTable.idempotencyKey })
      .returning({ id: outboxEmailsTable.id });
    if (inserted) return { id: inserted.id, transport: "outbox", providerId: null, duplicate: false };
    const existing = await findByKey(db, msg.idempotencyKey);
    if (!existing) throw new Error(`outbox: no row for idempotency key ${msg.idempotencyKey}`);
    return { id: existing.id, transport: existing.transport, providerId: existing.providerId, duplicate: true };
  }

  async sendBatch(msgs: MailMessage[]): Promise<BatchSendResult> {
    return { transport: "outbox", providerIds: msgs.map(() => null) };
  }
}

/** A provider error worth retrying (429, 5xx, network, concurrent idempotent request). */
export class MailRetryableError extends RetryableError {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly code: string,
    retryAfterMs?: number,
  ) {
    super(message, retryAfterMs);
    this.name = "MailRetryableError";
  }
}

/** A provider error that retrying cannot fix (invalid address, validation error). */
export class MailRejectedError extends PermanentJobError {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly code: string,
  ) {
    super(message);
    this.name = "MailRejectedError";
  }
}

/** `retry-after` is seconds (or an HTTP date); returns milliseconds. */
function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s) && s >= 0) return Math.round(s * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const PERMANENT_CODES = new Set([
  "validation_error",
  "invalid_from_address",
  "invalid_parameter",
  "missing_required_field",
  "invalid_attachment",
  "invalid_idempotent_request", // same key, different message: a bug, never fixed by retrying
  "invalid_idempotency_key",
]);

function describeError(error: { statusCode?: number | null; name?: string; message?: string } | null | undefined) {
  const status = error?.statusCode ?? null;
  const code = error?.name ?? "application_error";
  return { status, code, message: `Resend ${status ?? "network"} ${code}: ${error?.message ?? "no data"}` };
}

function rateLimited(message: string, code: string, headers: Record<string, string> | null | undefined): MailRetryableError {
  // rate_limit_exceeded comes with retry-after; quota errors may not (then: the job's backoff).
  const retryAfter = parseRetryAfter(headers?.["retry-after"]) ?? (code === "rate_limit_exceeded" ? 1000 : undefined);
  return new MailRetryableError(message, 429, code, retryAfter);
}

/** Resend's API origin when RESEND_BASE_URL does not override it. */
const RESEND_API_URL = "https://api.resend.com";

export interface ResendMailerOptions {
  apiKey: string;
  /** Default: https://api.resend.com. */
  baseUrl?: string;
  db?: Db;
}

/**
 * Sends through Resend (`emails.send` with the message's Idempotency-Key, so a retried job cannot
 * send twice within Resend's 24 h idempotency window; beyond it the outbox row stops us first), then
 * records the message in the outbox with transport "resend" and the provider's id.
 */
export class ResendMailer implements Mailer {
  readonly client: Resend;

  constructor(private readonly opts: ResendMailerOptions) {
    // Always explicit: left unset, the SDK would read RESEND_BASE_URL from the environment itself.
    this.client = new Resend(opts.apiKey, { baseUrl: (opts.baseUrl ?? RESEND_API_URL).replace(/\/+$/, "") });
  }

  async send(msg: MailMessage): Promise<SendResult> {
    const db = this.opts.db ?? (await getDb());
    const existing = await findByKey(db, msg.idempotencyKey);
    if (existing) return { id: existing.id, transport: existing.transport, providerId: existing.providerId, duplicate: true };

    const { data, error, headers } = await this.client.emails.send(
      {
        from: msg.from,
        ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
        to: msg.to,
        subject: msg.subject,
        html: msg.html,
        text: msg.text,
        ...(msg.headers && Object.keys(msg.headers).length ? { headers: msg.headers } : {}),
        tags: [{ name: "template", value: msg.template.replace(/[^A-Za-z0-9_-]/g, "_") }],
      },
      { idempotencyKey: msg.idempotencyKey },
    );
    if (error || !data) {
      const { status, code, message } = describeError(error);
      if (status === 429) throw rateLimited(message, code, headers);
      if (code === "invalid_idempotent_request") {
        // Resend already accepted a message under this key: an earlier attempt whose answer was lost
        // (the worker died mid-send). The re-rendered message differs (its signed order link carries
        // a new expiry), so Resend refuses it — the email went out once; record it as sent.
        const [row] = await db
          .insert(outboxEmailsTable)
          .values(rowValues(msg, "resend", null))
          .onConflictDoUpdate({ target: outboxEmailsTable.idempotencyKey, set: { transport: "resend" } })
          .returning({ id: outboxEmailsTable.id });
        return { id: row!.id, transport: "resend", providerId: null, duplicate: true };
      }
      if (PERMANENT_CODES.has(code) || status === 400 || status === 422) throw new MailRejectedError(message, status, code);
      throw new MailRetryableError(message, status, code, parseRetryAfter(headers?.["retry-after"]));
    }

    const [row] = await db
      .insert(outboxEmailsTable)
      .values(rowValues(msg, "resend", data.id))
      .onConflictDoUpdate({
        target: outboxEmailsTable.idempotencyKey,
        set: { transport: "resend", providerId: sql`excluded.provider_id` },
      })
      .returning({ id: outboxEmailsTable.id });
    return { id: row!.id, transport: "resend", providerId: data.id, duplicate: false };
  }

  /**
   * `batch.send` (POST /emails/batch, strict validation: all or nothing) under the batch's
   * Idempotency-Key. Within Resend's 24 h window the same key and messages answer with the first
   * call's ids without sending again — what makes a rerun after a crash safe.
   */
  async sendBatch(msgs: MailMessage[], opts: { idempotencyKey: string }): Promise<BatchSendResult> {
    if (msgs.length > MAX_BATCH_SIZE) throw new MailRejectedError(`A batch holds at most ${MAX_BATCH_SIZE} messages (got ${msgs.length}).`, null, "validation_error");
    const { data, error, headers } = await this.client.batch.send(
      msgs.map((msg) => ({
        from: msg.from,
        ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
        to: msg.to,
        subject: msg.subject,
        html: msg.html,
        text: msg.text,
        ...(msg.headers && Object.keys(msg.headers).length ? { headers: msg.headers } : {}),
        tags: [{ name: "template", value: msg.template.replace(/[^A-Za-z0-9_-]/g, "_") }],
      })),
      { idempotencyKey: opts.idempotencyKey },
    );
    if (error || !data) {
      const { status, code, message } = describeError(error);
      if (status === 429) throw rateLimited(message, code, headers);
      if (PERMANENT_CODES.has(code) || status === 400 || status === 422) throw new MailRejectedError(message, status, code);
      throw new MailRetryableError(message, status, code, parseRetryAfter(headers?.["retry-after"]));
    }
    if (data.data.length !== msgs.length) throw new MailRetryableError(`Resend answered ${data.data.length} ids for ${msgs.length} messages.`, 200, "application_error");
    return { transport: "resend", providerIds: data.data.map((d) => d.id) };
  }
}

const MAILER_KEY = Symbol.for("harbor.mailer");
type MailerHolder = { [MAILER_KEY]?: { key: string; mailer: Mailer } };

/** Resend when RESEND_API_KEY is set, otherwise the outbox. Cached per configuration. */
export function getMailer(config: MailEnv = getEnv().mail): Mailer {
  const { resendApiKey: apiKey, resendBaseUrl: baseUrl } = config;
  const cacheKey = apiKey ? `resend|${apiKey}|${baseUrl ?? ""}` : "outbox";
  const holder = globalThis as MailerHolder;
  const cached = holder[MAILER_KEY];
  if (cached && cached.key === cacheKey) return cached.mailer;
  const mailer: Mailer = apiKey ? new ResendMailer({ apiKey, baseUrl: baseUrl ?? undefined }) : new OutboxMailer();
  holder[MAILER_KEY] = { key: cacheKey, mailer };
  return mailer;
}
