import type { ActionFunctionArgs } from "@remix-run/node";
import { completePayment } from "~/modules/checkout/checkout.server";
import { findPaymentByProviderRef, forgetWebhookEvent, recordWebhookEvent } from "~/modules/payments/payments.server";
import { getStripeWebhookSecret } from "~/modules/payments/providers.server";
import { parseStripeWebhook, WebhookSignatureError } from "~/modules/payments/stripe.server";

/**
 * Stripe webhooks: signature verified on the raw body; events for PaymentIntents this store did not
 * create are acknowledged and ignored; each event id is processed once (replays change nothing);
 * out-of-order events are harmless because completePayment only moves a payment forward.
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
  const payment = event.paymentIntentId ? await findPaymentByProviderRef(event.paymentIntentId) : null;
  if (!payment || !event.status) return Response.json({ received: true, ignored: true });
  const fresh = await recordWebhookEvent({ id: event.id, provider: "stripe", type: event.type });
  if (!fresh) return Response.json({ received: true, duplicate: true });
  try {
    await completePayment(payment.id, event.status);
  } catch (e) {
    // Let Stripe retry: forget that we saw the event.
    await forgetWebhookEvent(event.id);
    throw e;
  }
  return Response.json({ received: true });
}

export async function loader() {
  return new Response("Method not allowed", { status: 405 });
}
