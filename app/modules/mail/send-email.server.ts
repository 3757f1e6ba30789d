import { z } from "zod";
import { emailSchema } from "~/lib/validation";
import type { Db } from "~db/index";
import { emailTemplates, renderEmail, type EmailTemplateData, type EmailTemplateName } from "../../../emails";
import { enqueue, PermanentJobError, registerHandler, type EnqueueResult, type JobRow } from "../jobs/jobs.server";
import { getStoreConfig } from "../markets/markets.server";
import { formatMailbox, getMailer, mailFrom, type Mailer, type SendResult } from "./mailer.server";
import { isSuppressed } from "./suppressions.server";

/** Job kind: render a template and hand it to the mailer. */
export const MAIL_SEND = "mail.send";

type CommonPayload = {
  /** Recipient address. */
  to: string;
  /** Catalog language, e.g. "de". */
  locale: string;
  /** Formatting locale for money and dates, e.g. "de-DE". */
  intlLocale: string;
  /** One delivery per key, ever, e.g. "mail:order-confirmation:ord_…" (≤ 256 characters). */
  idempotencyKey: string;
  orderId?: string | null;
  /** Override the sender (store settings, else MAIL_FROM). */
  from?: string;
};

/** The `mail.send` payload: the template name decides the shape of `data`. */
export type SendEmailPayload = {
  [K in EmailTemplateName]: CommonPayload & { template: K; data: EmailTemplateData[K] };
}[EmailTemplateName];

const templateNames = Object.keys(emailTemplates) as [EmailTemplateName, ...EmailTemplateName[]];

const PayloadSchema = z.object({
  template: z.enum(templateNames),
  to: emailSchema,
  locale: z.string().min(2).max(16),
  intlLocale: z.string().min(2).max(35),
  idempotencyKey: z.string().min(1).max(256),
  orderId: z.string().nullish(),
  from: z.string().min(3).optional(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * Renders and sends now. Idempotent by `idempotencyKey` (the mailer delivers a key at most once).
 * A suppressed address (an erased account) is never mailed: the answer is null and nothing is sent or stored.
 */
export async function sendEmail(payload: SendEmailPayload, opts: { mailer?: Mailer } = {}): Promise<SendResult | null> {
  const parsed = PayloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new PermanentJobError(`Invalid ${MAIL_SEND} payload: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  if (await isSuppressed(payload.to)) return null;
  let rendered;
  try {
    rendered = await renderEmail(payload.template, payload.data as never, { language: payload.locale, intlLocale: payload.intlLocale });
  } catch (e) {
    // A template that cannot render its data will not render it on the next attempt either.
    throw new PermanentJobError(`Could not render ${payload.template}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const mailer = opts.mailer ?? getMailer();
  // The owner's sender identity (store settings) wins over the deployment's MAIL_FROM.
  const { sender } = await getStoreConfig();
  return mailer.send({
    idempotencyKey: payload.idempotencyKey,
    template: payload.template,
    to: payload.to,
    from: payload.from ?? (sender.fromAddress ? formatMailbox(sender.fromName, sender.fromAddress) : mailFrom()),
    replyTo: sender.replyTo,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    locale: payload.locale,
    orderId: payload.orderId ?? null,
  });
}

async function mailSendHandler(payload: SendEmailPayload, _job: JobRow): Promise<void> {
  await sendEmail(payload);
}

/** Registers the `mail.send` handler (idempotent; also done when this module is first imported). */
export function registerMailJobs(): void {
  registerHandler<SendEmailPayload>(MAIL_SEND, mailSendHandler);
}

/** The job's dedupe key. Namespaced so it cannot collide with the key of the job that queued it. */
function mailDedupeKey(idempotencyKey: string): string {
  return `${MAIL_SEND}:${idempotencyKey}`;
}

/**
 * Queues an email (never sends inside a request). Pass the caller's transaction as `tx` so the
 * email exists exactly when the change that caused it commits. Queuing the same idempotencyKey
 * again is a no-op.
 */
export async function queueEmail(
  payload: SendEmailPayload,
  opts: { tx?: Db; db?: Db; runAt?: Date; maxAttempts?: number } = {},
): Promise<EnqueueResult> {
  return enqueue(MAIL_SEND, payload as unknown as Record<string, unknown>, {
    dedupeKey: mailDedupeKey(payload.idempotencyKey),
    tx: opts.tx,
    db: opts.db,
    runAt: opts.runAt,
    maxAttempts: opts.maxAttempts,
  });
}

registerMailJobs();
