/**
 * Admin API: contacts (everyone the brand may know: account holders, buyers, sign-ups) with their
 * consent history. Reads need read:customers; the tags-and-notes edit write:customers, audited.
 */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { toMoneyV2 } from "~/lib/money";
import { ConsentEventPageSchema, ContactListQuery, ContactPageSchema, ContactPatchSchema, ContactSchema } from "~/modules/contacts/admin-api.schema";
import { contactConsents, listContacts, updateContactProfile } from "~/modules/contacts/contacts-admin.server";
import type { ContactRow } from "~/modules/contacts/contacts.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { contactFiltersFromQuery } from "~/server/contact-list-page.server";
import { contactProfile } from "~/server/contact-profile.server";
import { defineAdminEndpoint } from "./define.server";

const contactId = z.object({ id: z.string().min(1).max(100).describe("Contact id (`con_…`).") });
const contactNotFound: ErrorResponseDoc = { codes: ["contact_not_found"], description: "No contact with this id." };

function contactFieldsJson(c: ContactRow) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    customerId: c.customerId,
    language: c.locale,
    market: c.market,
    country: c.country,
    source: c.source,
    utm: (c.utm as Record<string, string> | null) ?? null,
    landingPage: c.landingPage,
    tags: c.tags,
    createdAt: c.createdAt.toISOString(),
  };
}

const listContactsEndpoint = defineAdminEndpoint({
  operationId: "listContacts",
  method: "GET",
  path: "/contacts",
  summary: "List contacts",
  description:
    "Contacts with filters: exact address, country, language, market, tier, current consent, first-touch source, tag, lifetime spend and paid-order count ranges, last order before/after. Newest first. Erased contacts are left out.",
  tag: "Contacts",
  permission: "read:customers",
  query: ContactListQuery,
  response: { status: 200, description: "A page of contacts.", schema: ContactPageSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A filter or paging parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const { baseCurrency } = await getStoreConfig();
    const r = await listContacts(contactFiltersFromQuery(query));
    return {
      nodes: r.rows.map((c) => ({
        ...contactFieldsJson(c),
        consent: c.consent,
        ordersCount: c.ordersCount,
        lifetimeSpend: toMoneyV2({ amount: c.lifetimeSpend, currency: baseCurrency }),
        lastOrderAt: c.lastOrderAt?.toISOString() ?? null,
      })),
      total: r.total,
      page: r.page,
      perPage: r.perPage,
    };
  },
});

const getContactEndpoint = defineAdminEndpoint({
  operationId: "getContact",
  method: "GET",
  path: "/contacts/{id}",
  summary: "Get a contact",
  description: "Current consent, loyalty tier and points, paid orders count, lifetime spend net of refunds in the base currency, average order value, first and last order.",
  tag: "Contacts",
  permission: "read:customers",
  params: contactId,
  response: { status: 200, description: "The contact.", schema: ContactSchema },
  errors: { 404: contactNotFound },
  handler: async ({ params }) => {
    const { baseCurrency } = await getStoreConfig();
    const p = await contactProfile(params.id);
    const money = (amount: bigint) => toMoneyV2({ amount, currency: baseCurrency });
    return {
      ...contactFieldsJson(p.contact),
      notes: p.contact.notes,
      consent: { status: p.consent.status, source: p.consent.source },
      tier: p.tier,
      points: { available: p.points.available, pending: p.points.pending },
      ordersCount: p.stats.ordersCount,
      lifetimeSpend: money(p.stats.lifetimeSpend),
      averageOrderValue: p.stats.averageOrderValue === null ? null : money(p.stats.averageOrderValue),
      firstOrderAt: p.stats.firstOrderAt?.toISOString() ?? null,
      lastOrderAt: p.stats.lastOrderAt?.toISOString() ?? null,
    };
  },
});

const listConsentsEndpoint = defineAdminEndpoint({
  operationId: "listContactConsents",
  method: "GET",
  path: "/contacts/{id}/consents",
  summary: "A contact's consent history",
  description: "Every consent change (subscribed, pending, unsubscribed), newest first, with source, the exact wording and version shown, locale, IP and user agent.",
  tag: "Contacts",
  permission: "read:customers",
  params: contactId,
  response: { status: 200, description: "The consent events.", schema: ConsentEventPageSchema },
  errors: { 404: contactNotFound },
  handler: async ({ params }) => ({
    nodes: (await contactConsents(params.id)).map((e) => ({ ...e, channel: "email" as const, createdAt: e.createdAt.toISOString() })),
  }),
});

const patchContactEndpoint = defineAdminEndpoint({
  operationId: "updateContact",
  method: "PATCH",
  path: "/contacts/{id}",
  summary: "Change a contact's tags or notes",
  description: "Audited as `update:contacts` with tags and notes before and after.",
  tag: "Contacts",
  permission: "write:customers",
  params: contactId,
  body: ContactPatchSchema,
  response: { status: 200, description: "The contact's tags and notes after the change.", schema: z.object({ id: z.string(), tags: z.array(z.string()), notes: z.string().nullable() }) },
  errors: { 400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or a field is invalid (`field` names it)." }, 404: contactNotFound },
  handler: async ({ auth, params, body }) => {
    const after = await auditedWrite(auth, "update:contacts", (tx) => updateContactProfile(tx, params.id, body));
    return { id: after.id, tags: after.tags, notes: after.notes };
  },
});

export const contactEndpoints = [listContactsEndpoint, getContactEndpoint, listConsentsEndpoint, patchContactEndpoint];
