/**
 * Stripe PaymentProvider: PaymentIntents in the presentment currency with automatic payment methods,
 * plus verified webhook parsing. Amounts cross the wire through stripe-amount.ts, never `* 100`.
 */
import Stripe from "stripe";
import type { CreatedPayment, CreatePaymentInput, PaymentProvider, ProviderPaymentStatus } from "./payments";
import { fromStripeAmount, toStripeAmount } from "./stripe-amount";

export interface StripeProviderOptions {
  secretKey: string;
  /** API host without scheme, e.g. "127.0.0.1" for the test stand-in. Default: api.stripe.com. */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
}

/** `next_action.type`s where the shopper has been given a voucher / transfer instructions to pay later. */
const VOUCHER_NEXT_ACTIONS = new Set([
  "konbini_display_details",
  "boleto_display_details",
  "oxxo_display_details",
  "multibanco_display_details",
  "display_bank_transfer_instructions",
]);

function isVoucherNextAction(type: string | null | undefined): boolean {
  if (!type) return false;
  return VOUCHER_NEXT_ACTIONS.has(type) || type.endsWith("_display_details");
}

/**
 * PaymentIntent status → Harbor status.
 * requires_payment_method / requires_confirmation / requires_action → requires_payment, except
 * requires_action with a voucher next action (Konbini, Boleto, OXXO, …) → pending: the shopper
 * has what they need and pays offline. processing (and requires_capture) → pending.
 */
function mapPaymentIntentStatus(pi: {
  status: string;
  next_action?: { type?: string | null } | null;
}): ProviderPaymentStatus {
  switch (pi.status) {
    case "succeeded":
      return "succeeded";
    case "canceled":
      return "canceled";
    case "processing":
    case "requires_capture":
      return "pending";
    case "requires_action":
      return isVoucherNextAction(pi.next_action?.type) ? "pending" : "requires_payment";
    case "requires_payment_method":
    case "requires_confirmation":
    default:
      return "requires_payment";
  }
}

export function createStripeProvider(opts: StripeProviderOptions): PaymentProvider {
  if (!opts.secretKey) throw new Error("createStripeProvider: secretKey is required");
  const stripe = new Stripe(opts.secretKey, {
    host: opts.host,
    port: opts.port,
    protocol: opts.protocol,
    maxNetworkRetries: 2,
  });

  return {
    name: "stripe",

    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      // Validate (and convert) before any request: a KWD amount not ending in 0 never reaches Stripe.
      const amount = toStripeAmount(input.amount, input.currency);
      const pi = await stripe.paymentIntents.create(
        {
          amount,
          currency: input.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          ...(input.email ? { receipt_email: input.email } : {}),
          ...(input.description ? { description: input.description } : {}),
          metadata: { harbor_payment_id: input.paymentId },
        },
        { idempotencyKey: input.idempotencyKey },
      );
      // returnUrl is not sent here: Stripe takes return_url when the Payment Element confirms.
      return { providerRef: pi.id, clientSecret: pi.client_secret ?? null, redirectUrl: null };
    },

    async retrieveStatus(providerRef: string): Promise<ProviderPaymentStatus> {
      const pi = await stripe.paymentIntents.retrieve(providerRef);
      return mapPaymentIntentStatus(pi);
    },

    async refund(input): Promise<{ refundRef: string }> {
      const amount = toStripeAmount(input.amount, input.currency);
      const refund = await stripe.refunds.create(
        { payment_intent: input.providerRef, amount },
        { idempotencyKey: input.idempotencyKey },
      );
      return { refundRef: refund.id };
    },

    async cancel(providerRef: string): Promise<void> {
      try {
        await stripe.paymentIntents.cancel(providerRef);
      } catch (err) {
        // Cancelling twice is not an error for Harbor: if it is already canceled, we're done.
        if (err instanceof Stripe.errors.StripeError && err.code === "payment_intent_unexpected_state") {
          const pi = await stripe.paymentIntents.retrieve(providerRef);
          if (pi.status === "canceled") return;
        }
        throw err;
      }
    },

    async cardFingerprint(providerRef: string): Promise<string | null> {
      // The card is on the PaymentIntent's latest Charge: payment_method_details.card.fingerprint
      // (https://docs.stripe.com/api/charges/object#charge_object-payment_method_details-card-fingerprint).
      const pi = await stripe.paymentIntents.retrieve(providerRef, { expand: ["latest_charge"] });
      const latest = pi.latest_charge;
      if (!latest) return null;
      const charge = typeof latest === "string" ? await stripe.charges.retrieve(latest) : latest;
      return charge.payment_method_details?.card?.fingerprint ?? null;
    },
  };
}

// ── Webhooks ─────────────────────────────────────────────────────────────────────────────────

/** The Stripe-Signature header is missing, forged, for another body, or outside the tolerance. */
export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface ParsedStripeWebhook {
  /** Stripe event id (evt_…): the same on every redelivery — dedupe on it. */
  id: string;
  type: string;
  paymentIntentId: string | null;
  /** `metadata.harbor_payment_id` from the PaymentIntent (or charge), when present. */
  harborPaymentId: string | null;
  /** null for event types that don't change a payment's status (including charge.refunded). */
  status: ProviderPaymentStatus | null;
  /** Stripe wire units (as in the event); see amountMinor for Harbor minor units. */
  amount: number | null;
  /** Upper-case ISO 4217 (Stripe sends lower-case). */
  currency: string | null;
  /** Event creation time, Unix seconds. */
  created: number;
  /** `amount` in Harbor minor units (null when absent or not convertible). */
  amountMinor: bigint | null;
  /** charge.refunded: total refunded so far on the charge, Stripe wire units. */
  amountRefunded: number | null;
  /** charge.refunded: amountRefunded in Harbor minor units. */
  amountRefundedMinor: bigint | null;
}

type Obj = Record<string, unknown>;

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}
function int(v: unknown): number | null {
  return typeof v === "number" && Number.isSafeInteger(v) ? v : null;
}
function obj(v: unknown): Obj | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}
function toMinor(n: number | null, currency: string | null): bigint | null {
  if (n === null || currency === null) return null;
  try {
    return fromStripeAmount(n, currency);
  } catch {
    return null;
  }
}

/**
 * Verifies the Stripe-Signature header against the raw request body (never a re-serialised JSON
 * object) and extracts what Harbor needs. Throws WebhookSignatureError on a missing, forged or
 * stale signature. Redeliveries of one event return identical results: dedupe on `id`.
 */
export function parseStripeWebhook(
  rawBody: string | Buffer,
  signatureHeader: string | null,
  secret: string,
  toleranceSeconds = 300,
): ParsedStripeWebhook {
  if (!secret) throw new Error("parseStripeWebhook: the webhook signing secret (whsec_…) is not configured");
  if (!signatureHeader) throw new WebhookSignatureError("Missing Stripe-Signature header");

  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, toleranceSeconds);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new WebhookSignatureError(`Stripe webhook signature verification failed: ${err.message}`, { cause: err });
    }
    throw err; // e.g. a signed body that is not JSON
  }

  const ev = event as unknown as Obj;
  const id = str(ev.id);
  const type = str(ev.type);
  if (!id || !type) throw new Error("Stripe webhook: event has no id or type");
  const created = int(ev.created) ?? 0;
  const object = obj(obj(ev.data)?.object) ?? {};
  const objectType = str(object.object);
  const metadata = obj(object.metadata);
  const currency = str(object.currency)?.toUpperCase() ?? null;
  const amount = int(object.amount);

  let paymentIntentId: string | null = null;
  if (objectType === "payment_intent") paymentIntentId = str(object.id);
  else if (objectType === "charge" || objectType === "refund") {
    const pi = object.payment_intent;
    paymentIntentId = str(pi) ?? str(obj(pi)?.id);
  }

  let status: ProviderPaymentStatus | null = null;
  switch (type) {
    case "payment_intent.succeeded":
      status = "succeeded";
      break;
    case "payment_intent.processing":
      status = "pending";
      break;
    case "payment_intent.payment_failed":
      // The PI itself goes back to requires_payment_method: the shopper may still retry.
      status = "failed";
      break;
    case "payment_intent.canceled":
      status = "canceled";
      break;
    case "payment_intent.requires_action":
      status = isVoucherNextAction(str(obj(object.next_action)?.type)) ? "pending" : "requires_payment";
      break;
    default:
      status = null;
  }

  const amountRefunded = type === "charge.refunded" ? int(object.amount_refunded) : null;

  return {
    id,
    type,
    paymentIntentId,
    harborPaymentId: str(metadata?.harbor_payment_id),
    status,
    amount,
    currency,
    created,
    amountMinor: toMinor(amount, currency),
    amountRefunded,
    amountRefundedMinor: toMinor(amountRefunded, currency),
  };
}
