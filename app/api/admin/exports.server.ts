/**
 * Admin API: CSV downloads of contacts, orders and the points ledger (issue #11), streamed as they are
 * read. UTF-8 with a byte order mark (so Excel reads it as UTF-8), RFC 4180, cells that would start a
 * spreadsheet formula prefixed with an apostrophe. docs/decisions/0017-csv-export.md.
 */
import { z } from "zod";
import { ContactListQuery } from "~/modules/contacts/admin-api.schema";
import { contactFiltersFromQuery } from "~/server/contact-list-page.server";
import { csvDownload } from "~/server/exports.server";
import { defineAdminEndpoint } from "./define.server";

const csv = (columns: string) =>
  z.string().describe(`CSV (RFC 4180), UTF-8 with a byte order mark, CRLF line ends; a header row, then one row per record. Columns: ${columns}. Cells beginning with =, +, -, @, tab or carriage return are prefixed with an apostrophe (OWASP CSV injection).`);

const exportContacts = defineAdminEndpoint({
  operationId: "exportContacts",
  method: "GET",
  path: "/exports/contacts.csv",
  summary: "Export contacts as CSV",
  description: "Every contact (erased ones left out) matching the same filters as GET /contacts, in id order, streamed. Lifetime spend is net of refunds in the base currency (decimal, with its currency column); the points balance counts available points.",
  tag: "Contacts",
  permission: "read:customers",
  query: ContactListQuery.omit({ page: true, perPage: true }),
  response: {
    status: 200,
    mediaType: "text/csv",
    description: "The contacts file (`Content-Disposition: attachment`).",
    schema: csv("Email, First Name, Last Name, Country, Language, Market, Consent Status, Consent Source, Consent Date, Tags, Notes, Orders Count, Lifetime Spend, Currency, Points Balance, Tier, Created"),
  },
  errors: { 400: { codes: ["invalid_parameter"], description: "A filter is invalid (`field` names it)." } },
  handler: async ({ query }) => csvDownload("contacts", contactFiltersFromQuery(query)),
});

const exportOrders = defineAdminEndpoint({
  operationId: "exportOrders",
  method: "GET",
  path: "/exports/orders.csv",
  summary: "Export orders as CSV",
  description: "Every order by number, imported ones included (with their platform and its order id), streamed. Amounts are decimals in the order's currency; Base Total is in the base currency at the order's rate (empty for an imported order whose currency had no FX rate on its day).",
  tag: "Orders",
  permission: "read:orders",
  response: {
    status: 200,
    mediaType: "text/csv",
    description: "The orders file (`Content-Disposition: attachment`).",
    schema: csv("Number, Date, Email, Market, Currency, Total, Tax, Shipping, Status, Refunded, Base Currency, Base Total, Imported From, External ID"),
  },
  errors: {},
  handler: async () => csvDownload("orders"),
});

const exportPoints = defineAdminEndpoint({
  operationId: "exportPoints",
  method: "GET",
  path: "/exports/points.csv",
  summary: "Export the points ledger as CSV",
  description: "Every points ledger row in the order it was written, with the contact's address and the order number where there is one, streamed.",
  tag: "Contacts",
  permission: "read:customers",
  response: {
    status: 200,
    mediaType: "text/csv",
    description: "The points ledger file (`Content-Disposition: attachment`).",
    schema: csv("Email, Date, Type, Points, Status, Reason, Order"),
  },
  errors: {},
  handler: async () => csvDownload("points"),
});

export const exportEndpoints = [exportContacts, exportOrders, exportPoints];
