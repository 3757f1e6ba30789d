/** The Admin API's contact schemas (components of the Admin API document). */
import { z } from "zod";
import { MoneyV2Schema, named } from "~/lib/api/schema";
import { CONSENT_STATUSES } from "~db/schema/contacts";

const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");
const isoDay = z.iso.date();

export const ContactListQuery = z.object({
  email: z.string().max(254).optional().describe("Exact address, any case (no partial match)."),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional().describe("ISO country (of the market or the last shipping address)."),
  language: z.string().min(2).max(8).optional().describe("The contact's language, e.g. de."),
  market: z.string().max(20).optional().describe("Market handle of the last sign-up or order, e.g. de-de."),
  tier: z.string().max(40).optional().describe("Loyalty tier handle. Tiers are not wired into this list yet: any value matches no contact."),
  consent: z.enum(CONSENT_STATUSES).optional().describe("Current email consent (a contact who never gave one counts as unsubscribed)."),
  source: z.string().max(60).optional().describe("Where the contact first came from: footer, popup, checkout, account, api, order, admin, import:<platform>…"),
  tag: z.string().max(60).optional().describe("Only contacts with this tag."),
  spendMin: z.string().regex(/^\d{1,15}$/).optional().describe("Lifetime spend at least this, in minor units of the base currency (net of refunds)."),
  spendMax: z.string().regex(/^\d{1,15}$/).optional().describe("Lifetime spend at most this, in minor units of the base currency."),
  ordersMin: z.coerce.number().int().min(0).max(1_000_000).optional().describe("At least this many paid orders."),
  ordersMax: z.coerce.number().int().min(0).max(1_000_000).optional().describe("At most this many paid orders."),
  lastOrderBefore: isoDay.optional().describe("Last paid order before this day (YYYY-MM-DD, UTC)."),
  lastOrderAfter: isoDay.optional().describe("Last paid order on or after this day (YYYY-MM-DD, UTC)."),
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe("Page number, from 1."),
  perPage: z.coerce.number().int().min(1).max(100).default(50).describe("Items per page (1–100)."),
});

const ConsentSchema = z.object({
  status: z.enum(CONSENT_STATUSES).describe("Current email consent: the latest consent event."),
  source: z.string().nullable().describe("Where the current status came from; null when there is no consent event."),
});

const contactFields = {
  id: z.string().describe("Contact id (`con_…`)."),
  email: z.string().describe("Normalized address."),
  name: z.string().nullable(),
  customerId: z.string().nullable().describe("The linked account, if any."),
  language: z.string(),
  market: z.string().nullable(),
  country: z.string().nullable(),
  source: z.string().describe("First touch: where the contact first came from."),
  utm: z.record(z.string(), z.string()).nullable().describe("UTM parameters of the first campaign visit."),
  landingPage: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: isoTimestamp,
};

const ContactSummarySchema = named(
  "ContactSummary",
  "A contact in a list.",
  z.object({ ...contactFields, consent: z.enum(CONSENT_STATUSES), ordersCount: z.number().int(), lifetimeSpend: MoneyV2Schema, lastOrderAt: isoTimestamp.nullable() }),
);

export const ContactPageSchema = named(
  "ContactPage",
  "A page of contacts, newest first.",
  z.object({ nodes: z.array(ContactSummarySchema), total: z.number().int(), page: z.number().int(), perPage: z.number().int() }),
);

export const ContactSchema = named(
  "Contact",
  "A contact with consent, loyalty and lifetime order figures.",
  z.object({
    ...contactFields,
    notes: z.string().nullable(),
    consent: ConsentSchema,
    tier: z.object({ handle: z.string(), name: z.string() }).nullable().describe("Loyalty tier; null without one."),
    points: z.object({ available: z.number().int(), pending: z.number().int() }),
    ordersCount: z.number().int().describe("Paid orders, matched by account or address."),
    lifetimeSpend: MoneyV2Schema.describe("What they paid (incl. tax and shipping) net of refunds, in the base currency at each order's own rate."),
    averageOrderValue: MoneyV2Schema.nullable(),
    firstOrderAt: isoTimestamp.nullable(),
    lastOrderAt: isoTimestamp.nullable(),
  }),
);

export const ConsentEventPageSchema = named(
  "ContactConsents",
  "Every consent change of a contact, newest first, with the wording shown.",
  z.object({
    nodes: z.array(
      z.object({
        id: z.number().int(),
        channel: z.literal("email"),
        status: z.enum(CONSENT_STATUSES),
        source: z.string(),
        locale: z.string().nullable(),
        ip: z.string().nullable().describe("Null after erasure."),
        userAgent: z.string().nullable(),
        createdAt: isoTimestamp,
        consentText: z.object({ id: z.string(), language: z.string(), version: z.number().int(), text: z.string() }).nullable(),
      }),
    ),
  }),
);

export const ContactPatchSchema = named(
  "ContactPatch",
  "Tags and notes; a field left out stays as it is.",
  z.object({
    tags: z.array(z.string().trim().min(1).max(60)).max(50).optional().describe("Replaces the tags (duplicates dropped)."),
    notes: z.string().max(5000).nullable().optional().describe("Staff notes; null or empty clears them."),
  }),
  { io: "input" },
);
