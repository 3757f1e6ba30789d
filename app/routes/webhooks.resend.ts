import type { ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";
import { receiveResendWebhook, ResendWebhookError } from "~/modules/mail/delivery-events.server";

/**
 * Resend's email events (delivered, bounced, complained, opened, clicked), verified on the raw body
 * with the SDK's webhook verification. Without RESEND_WEBHOOK_SECRET the endpoint does not exist
 * (404 with the reason): an unsigned event is never applied. The mail viewer simulates the same events offline.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const secret = getEnv().mail.resendWebhookSecret;
  if (!secret) return Response.json({ error: "Resend webhooks are not configured (RESEND_WEBHOOK_SECRET)." }, { status: 404 });
  const raw = await request.text();
  const h = request.headers;
  try {
    return Response.json(await receiveResendWebhook(raw, { id: h.get("svix-id"), timestamp: h.get("svix-timestamp"), signature: h.get("svix-signature") }, secret));
  } catch (e) {
    if (e instanceof ResendWebhookError) return Response.json({ error: e.message }, { status: e.status });
    throw e;
  }
}

export async function loader() {
  return new Response("Method not allowed", { status: 405 });
}
