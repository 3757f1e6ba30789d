/** The Storefront API's newsletter sign-up schemas. */
import { z } from "zod";
import { named } from "~/lib/api/schema";
import { emailSchema } from "~/lib/validation";
import { CONSENT_SOURCE_RE } from "./consent";

export const SubscriptionCreateSchema = named(
  "SubscriptionCreate",
  "A newsletter sign-up. Markets with double opt-in (EU, UK and Canada by default) email a confirmation link first; the others subscribe at once.",
  z.object({
    email: emailSchema.describe("The address to subscribe."),
    market: z.string().min(2).max(40).describe("Market handle (GET /markets): the language of the emails and whether double opt-in applies."),
    source: z.string().regex(CONSENT_SOURCE_RE).optional().describe("Where the form was: footer, popup, checkout, account, api (default) or import:<platform>."),
    consentTextId: z.string().min(1).max(80).optional().describe("Id of the consent wording the visitor saw (e.g. ctx_email_de_v1); default: the market language's current wording."),
  }),
  { io: "input" },
);

export const SubscriptionAcceptedSchema = named(
  "SubscriptionAccepted",
  "The sign-up was taken. The answer is the same whether or not the address was known or already subscribed.",
  z.object({ accepted: z.literal(true) }),
);
