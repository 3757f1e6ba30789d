/** Newsletter sign-ups in the Storefront API (headless forms). */
import { defineEndpoint, type Endpoint } from "~/lib/api/endpoint.server";
import { clientIp } from "~/lib/http.server";
import { SubscriptionAcceptedSchema, SubscriptionCreateSchema } from "~/modules/contacts/api.schema";
import { acceptSignUp } from "~/modules/contacts/signup.server";
import { rateLimited } from "./carts.server";

const createSubscription = defineEndpoint({
  operationId: "createSubscription",
  method: "POST",
  path: "/subscriptions",
  summary: "Sign up for the newsletter",
  description:
    "Records the consent with its wording, IP and user agent. In double opt-in markets the address gets a confirmation email (at most one per hour) and is subscribed when the link's button is pressed; elsewhere at once. A first subscription earns a single-use 10% welcome code by email.",
  tag: "Newsletter",
  security: "public",
  body: SubscriptionCreateSchema,
  response: { status: 202, description: "Taken (the same answer for known, unknown and already subscribed addresses).", schema: SubscriptionAcceptedSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter", "unknown_market", "unknown_consent_text"], description: "The body is not JSON, a field is invalid, the market does not exist or the consent text id is unknown; `error.field` names it." },
    429: { ...rateLimited, description: "Too many sign-ups from this client IP; wait the `Retry-After` seconds." },
  },
  handler: async ({ body, request }) => {
    await acceptSignUp({ ...body, source: body.source ?? "api", ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    return { accepted: true as const };
  },
});

export const subscriptionEndpoints: readonly Endpoint[] = [createSubscription];
