import { and, count, desc, eq, gt } from "drizzle-orm";
import { Resend } from "resend";
import { getDb } from "~db/index";
import { emailEventsTable, outboxEmailsTable } from "~db/schema/mail";
import { getEnv } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import { processWide } from "~/lib/process-wide";
import { suppressHash, suppressionHash, type SuppressionReason } from "./suppressions.server";

/**
 * What happened to a sent message, from Resend's webhooks or simulated from the mail viewer: one
 * function applies both, so the offline store shows the same loop (suppression, consent) as a live one.
 */

type DeliveryEventType = (typeof emailEventsTable.$inferInsert)["type"];

interface DeliveryEventInput {
  type: DeliveryEventType;
  source: "resend" | "viewer" | "redirect";
  /** Our message id, when known (viewer, click redirect). */
  outboxEmailId?: string | null;
  /** Resend's email id (`data.email_id`): the outbox row's `provider_id`. */
  providerId?: string | null;
  /** The recipient, when the message is not (or no longer) in the outbox. */
  email?: string | null;
  /** The webhook's `svix-id`: a redelivery of the same id is recorded and applied once. */
  svixId?: string | null;
  occurredAt: Date;
  detail?: Record<string, string>;
}

interface DeliveryEventOutcome {
  duplicate: boolean;
  /** The outbox message the event is about, or null when it is not ours (or was erased). */
  messageId: string | null;
  /** The suppression the event added, if any. */
  suppressed: SuppressionReason | null;
}

/** Soft bounces (RFC 3463 4.x.x: mailbox full, greylisted…) in a row before the address is suppressed. */
const SOFT_BOUNCE_LIMIT = 2;

// A complaint withdraws consent; consent belongs to contacts, which registers here (mail may not import it).
type ComplaintListener = (email: string) => Promise<void>;
const complaintListeners = processWide("mail.complaint-listeners", () => new Map<string, ComplaintListener>());

export function registerComplaintListener(name: string, listener: ComplaintListener): void {
  complaintListeners.set(name, listener);
}

export async function applyDeliveryEvent(input: DeliveryEventInput): Promise<DeliveryEventOutcome> {
  const db = await getDb();
  const where = input.outboxEmailId ? eq(outboxEmailsTable.id, input.outboxEmailId) : input.providerId ? eq(outboxEmailsTable.providerId, input.providerId) : undefined;
  const [message] = where ? await db.select({ id: outboxEmailsTable.id, to: outboxEmailsTable.to }).from(outboxEmailsTable).where(where).limit(1) : [];
  const email = message?.to ?? input.email ?? null;
  const emailHash = email ? suppressionHash(email) : null;

  const outcome = await db.transaction(async (tx) => {
    const [event] = await tx
      .insert(emailEventsTable)
      .values({
        id: newId("eev"),
        svixId: input.svixId ?? null,
        outboxEmailId: message?.id ?? null,
        emailHash,
        type: input.type,
        source: input.source,
        detail: input.detail ?? {},
        occurredAt: input.occurredAt,
      })
      .onConflictDoNothing({ target: emailEventsTable.svixId })
      .returning({ id: emailEventsTable.id });
    if (!event) return { duplicate: true, messageId: message?.id ?? null, suppressed: null };
    let suppressed: SuppressionReason | null = null;
    if (emailHash && input.type === "bounced_hard") suppressed = "hard_bounce";
    if (emailHash && input.type === "complained") suppressed = "complaint";
    if (emailHash && input.type === "bounced_soft") {
      // Counted since the address's last delivery: a full mailbox that was emptied starts again.
      const [lastDelivered] = await tx
        .select({ at: emailEventsTable.occurredAt })
        .from(emailEventsTable)
        .where(and(eq(emailEventsTable.emailHash, emailHash), eq(emailEventsTable.type, "delivered")))
        .orderBy(desc(emailEventsTable.occurredAt))
        .limit(1);
      const [soft] = await tx
        .select({ n: count() })
        .from(emailEventsTable)
        .where(and(eq(emailEventsTable.emailHash, emailHash), eq(emailEventsTable.type, "bounced_soft"), lastDelivered ? gt(emailEventsTable.occurredAt, lastDelivered.at) : undefined));
      if ((soft?.n ?? 0) >= SOFT_BOUNCE_LIMIT) suppressed = "soft_bounce_repeated";
    }
    if (suppressed && emailHash) await suppressHash(emailHash, { tx, reason: suppressed });
    return { duplicate: false, messageId: message?.id ?? null, suppressed };
  });
  if (!outcome.duplicate && input.type === "complained" && email) {
    for (const listener of complaintListeners.values()) await listener(email);
  }
  return outcome;
}

/** A message's events, oldest first (the mail viewer). */
export async function messageEvents(outboxEmailId: string) {
  const db = await getDb();
  return db
    .select({ type: emailEventsTable.type, source: emailEventsTable.source, occurredAt: emailEventsTable.occurredAt, detail: emailEventsTable.detail })
    .from(emailEventsTable)
    .where(eq(emailEventsTable.outboxEmailId, outboxEmailId))
    .orderBy(emailEventsTable.occurredAt, emailEventsTable.id);
}

// ------------------------------------------------------------------------------ Resend webhooks

export class ResendWebhookError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401,
  ) {
    super(message);
    this.name = "ResendWebhookError";
  }
}

/** Resend's email event → ours; events about other things (domains, contacts) are not mapped. */
function eventType(type: string, bounceType: string | undefined): DeliveryEventType | null {
  switch (type) {
    case "email.sent":
      return "sent";
    case "email.delivered":
      return "delivered";
    case "email.delivery_delayed":
      return "delivery_delayed";
    // Resend: bounce.type "Permanent" (hard), "Transient" (soft) or "Undetermined" (treated as soft: retried, then suppressed).
    case "email.bounced":
      return bounceType === "Permanent" ? "bounced_hard" : "bounced_soft";
    case "email.complained":
      return "complained";
    case "email.opened":
      return "opened";
    case "email.clicked":
      return "clicked";
    default:
      return null;
  }
}

interface ResendEventBody {
  type?: string;
  created_at?: string;
  data?: { email_id?: string; to?: string[]; bounce?: { type?: string; subType?: string; message?: string }; click?: { link?: string } };
}

/**
 * Verifies a Resend webhook on its raw body (the SDK's `webhooks.verify`: standardwebhooks with the
 * `svix-*` headers, 5 minutes' timestamp tolerance) and applies it. A redelivered `svix-id` is a
 * duplicate: acknowledged, not applied again.
 */
export async function receiveResendWebhook(raw: string, headers: { id: string | null; timestamp: string | null; signature: string | null }, secret: string) {
  let body: ResendEventBody;
  try {
    // The key is not used by verify (it only checks the signature); the constructor insists on one.
    const resend = new Resend(getEnv().mail.resendApiKey ?? "re_webhook_verification_only");
    body = resend.webhooks.verify({ payload: raw, headers: { id: headers.id ?? "", timestamp: headers.timestamp ?? "", signature: headers.signature ?? "" }, webhookSecret: secret }) as unknown as ResendEventBody;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/timestamp too (old|new)/i.test(message)) throw new ResendWebhookError("Stale or future svix-timestamp: deliveries older than 5 minutes are refused.", 400);
    if (/missing required headers|invalid signature headers/i.test(message)) throw new ResendWebhookError("Missing or malformed svix-id, svix-timestamp or svix-signature header.", 400);
    if (/signature/i.test(message)) throw new ResendWebhookError("Invalid signature.", 401);
    throw new ResendWebhookError("Malformed event body.", 400);
  }
  const type = eventType(body?.type ?? "", body?.data?.bounce?.type);
  if (!type) return { received: true, ignored: true };
  const at = new Date(body.created_at ?? "");
  const detail: Record<string, string> = {};
  if (body.data?.bounce?.type) detail.bounceType = body.data.bounce.type;
  if (body.data?.bounce?.subType) detail.bounceSubType = body.data.bounce.subType;
  if (body.data?.click?.link) detail.link = body.data.click.link.slice(0, 2000);
  const outcome = await applyDeliveryEvent({
    type,
    source: "resend",
    providerId: body.data?.email_id ?? null,
    email: body.data?.to?.[0] ?? null,
    svixId: headers.id,
    occurredAt: Number.isNaN(at.getTime()) ? new Date() : at,
    detail,
  });
  return outcome.duplicate ? { received: true, duplicate: true } : { received: true };
}
