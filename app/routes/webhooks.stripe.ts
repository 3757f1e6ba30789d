import type { ActionFunctionArgs } from "@remix-run/node";
import { isUserError } from "~/lib/errors";
import { completePaymentFromWebhook } from "~/modules/checkout/checkout.server";
import { findPaymentByProviderRef, getPayment } from "~/modules/payments/payments.server";
import { getStripeWebhookSecret } from "~/modules/payments/providers.server";
import { parseStripeWebhook, WebhookSignatureError, type ParsedStripeWebhook } from "~/modules/payments/stripe.server";

/**
 * The payment an event is about: by PaymentIntent id, else by the `harbor_payment_id` metadata we
 * set when creating it (the intent's id may never have been stored, e.g. a crash right after create).
 */
async function paymentFor(event: ParsedStripeWebhook) {
  if (!event.paymentIntentId) return null;
  const byRef = await findPaymentByProviderRef(event.paymentIntentId);
  if (byRef) return byRef;
  const byMetadata = event.harborPaymentId ? await getPayment(event.harborPaymentId) : null;
  if (!byMetadata || byMetadata.provider !== "stripe" || byMetadata.providerRef) return null;
  return byMetadata;
}

/**
 * Stripe webhooks: signature verified on the raw body; events for PaymentIntents this store did not
 * create are acknowledged and ignored; each event id is recorded in the transaction that applies it,
 * so it is processed once; out-of-order events are harmless because completePayment only moves a
 * payment forward. Every business outcome (sold out, refunded, already ordered) answers 2xx: a 5xx
 * would make Stripe retry for three days. Only an unexpected failure answers 5xx, and then nothing
 * was recorded, so the retry is processed.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const secret = getStripeWebhookSecret();
  if (!secret) return Response.json({ error: "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)." }, { status: 404 });
  const raw = await request.text();
  let event;
  try {
    event = parseStripeWebhook(raw, request.headers.get("stripe-signature"), secret);
  } catch (e) {
    if (e instanceof WebhookSignatureError) return Response.json({ error: "Invalid signature." }, { status: 400 });
    return Response.json({ error: "Malformed event." }, { status: 400 });
  }
  const payment = await paymentFor(event);
  if (!payment || !event.status || !event.paymentIntentId) return Response.json({ received: true, ignored: true });
  try {
    const outcome = await completePaymentFromWebhook(payment.id, event.status, { id: event.id, provider: "stripe", type: event.type, providerRef: event.paymentIntentId });
    return Response.json(outcome.duplicate ? { received: true, duplicate: true } : { received: true });
  } catch (e) {
    if (isUserError(e)) return Response.json({ received: true, outcome: e.code });
    throw e;
  }
}

export async function loader() {
  return new Response("Method not allowed", { status: 405 });
}
