import { z } from "zod";
import { emailLinkOrigin } from "~/lib/http.server";
import { emailSchema } from "~/lib/validation";
import type { Db } from "~db/index";
import { emailTemplates, renderEmail, type EmailTemplateData, type EmailTemplateName } from "../../../emails";
import { enqueue, PermanentJobError, registerHandler, type EnqueueResult, type JobRow } from "../jobs/jobs.server";
import { getStoreConfig } from "../markets/markets.server";
import { formatMailbox, getMailer, mailFrom, type Mailer, type SendResult } from "./mailer.server";
import { isTrackableUrl, listUnsubscribeHeaders, marketingConsentGiven, messageIdFor, trackedUrl, unsubscribeUrl } from "./marketing.server";
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
  /**
   * A marketing message to a contact: sent only while the contact is subscribed and the address is on
   * no suppression list (checked now, at send time), with List-Unsubscribe headers and the footer.
   */
  marketing?: MarketingRecipient;
};

interface MarketingRecipient {
  contactId: string;
  campaignId?: string | null;
  /** The market whose preferences page the footer links to; the store's default market when absent. */
  market?: string | null;
}

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
  marketing: z.object({ contactId: z.string().min(1).max(100), campaignId: z.string().max(100).nullish(), market: z.string().max(20).nullish() }).optional(),
});

/** Templates whose content is marketing: never sent without a marketing recipient (consent, unsubscribe headers). */
const MARKETING_TEMPLATES = new Set<EmailTemplateName>(["marketing-message", "newsletter-welcome", "marketing-campaign"]);

/**
 * Renders and sends now. Idempotent by `idempotencyKey` (the mailer delivers a key at most once).
 * A suppressed address is never mailed (transactional mail: `all`-scope rows; marketing: any row), nor a
 * marketing message to a contact who is not subscribed now: the answer is null and nothing is sent or stored.
 */
export async function sendEmail(payload: SendEmailPayload, opts: { mailer?: Mailer } = {}): Promise<SendResult | null> {
  const parsed = PayloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new PermanentJobError(`Invalid ${MAIL_SEND} payload: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const marketing = parsed.data.marketing ?? null;
  if (MARKETING_TEMPLATES.has(payload.template) && !marketing) throw new PermanentJobError(`${payload.template} is marketing: send it with \`marketing\` (the recipient contact).`);
  if (await isSuppressed(payload.to, marketing ? "marketing" : "transactional")) return null;
  if (marketing && !(await marketingConsentGiven(marketing.contactId, payload.to))) return null;
  // The owner's sender identity (store settings) wins over the deployment's MAIL_FROM.
  const store = await getStoreConfig();
  const { sender } = store;
  const from = payload.from ?? (sender.fromAddress ? formatMailbox(sender.fromName, sender.fromAddress) : mailFrom());
  let data = payload.data as Record<string, unknown>;
  let id: string | undefined;
  let headers: Record<string, string> | undefined;
  if (marketing) {
    id = messageIdFor(payload.idempotencyKey);
    const ref = { contactId: marketing.contactId, campaignId: marketing.campaignId ?? null };
    headers = listUnsubscribeHeaders(ref, from);
    const market = marketing.market ?? store.defaultMarket;
    const footer = { postalAddress: store.postalAddress, unsubscribeUrl: unsubscribeUrl(ref), preferencesUrl: `${emailLinkOrigin()}/${market}/account/preferences` };
    data = { ...data, footer };
    const button = data.button as { label: string; url: string } | null | undefined;
    if (button && isTrackableUrl(button.url)) data = { ...data, button: { ...button, url: trackedUrl(id, button.url) } };
  }
  let rendered;
  try {
    rendered = await renderEmail(payload.template, data as never, { language: payload.locale, intlLocale: payload.intlLocale });
  } catch (e) {
    // A template that cannot render its data will not render it on the next attempt either.
    throw new PermanentJobError(`Could not render ${payload.template}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const mailer = opts.mailer ?? getMailer();
  return mailer.send({
    ...(id ? { id } : {}),
    kind: marketing ? "marketing" : "transactional",
    ...(headers ? { headers } : {}),
    idempotencyKey: payload.idempotencyKey,
    template: payload.template,
    to: payload.to,
    from,
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
