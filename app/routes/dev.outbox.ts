import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";
import { recentOutboxEmails } from "~/modules/mail/outbox.server";

/**
 * Test/dev only (HARBOR_EXPOSE_OUTBOX=1, set by the e2e server): the outbox as JSON, so browser
 * journeys can see the emails an order produced. 404 everywhere else; the admin mail viewer
 * replaces this for people.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!getEnv().testing.exposeOutbox) throw new Response("Not found", { status: 404 });
  const orderId = new URL(request.url).searchParams.get("order");
  const rows = await recentOutboxEmails({ orderId, limit: 20 });
  return Response.json({ emails: rows }, { headers: { "Cache-Control": "no-store" } });
}
