/**
 * Admin API: the suppression list (addresses never mailed, or never sent marketing). Reads need
 * read:customers; adding and removing a manual suppression write:customers, audited.
 */
import { z } from "zod";
import { SuppressionCreateSchema, SuppressionPageSchema, SuppressionSchema } from "~/modules/mail/admin-api.schema";
import { addManualSuppression, listSuppressions, removeManualSuppression, type SuppressionRecord } from "~/modules/mail/suppressions.server";
import { pagingQuery } from "~/modules/staff/staff-api.schema";
import { auditedWrite } from "~/modules/staff/audit.server";
import { defineAdminEndpoint } from "./define.server";

const json = (s: SuppressionRecord) => ({ ...s, createdAt: s.createdAt.toISOString() });

const listEndpoint = defineAdminEndpoint({
  operationId: "listSuppressions",
  method: "GET",
  path: "/suppressions",
  summary: "List suppressed addresses",
  description: "Every suppressed address (as its hash) with reason, scope and date, newest first. Sending checks this list: marketing skips every row, order and account mail only `all` rows.",
  tag: "Mail",
  permission: "read:customers",
  query: z.object(pagingQuery),
  response: { status: 200, description: "A page of suppressions.", schema: SuppressionPageSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A paging parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const { items, total } = await listSuppressions({ limit: query.perPage, offset: (query.page - 1) * query.perPage });
    return { nodes: items.map(json), total, page: query.page, perPage: query.perPage };
  },
});

const addEndpoint = defineAdminEndpoint({
  operationId: "createSuppression",
  method: "POST",
  path: "/suppressions",
  summary: "Suppress an address",
  description: "Stops all mail to the address (reason manual, scope all). An address already suppressed for all mail keeps its reason. Audited as `create:suppressions`.",
  tag: "Mail",
  permission: "write:customers",
  body: SuppressionCreateSchema,
  response: { status: 201, description: "The suppression.", schema: SuppressionSchema },
  errors: { 400: { codes: ["invalid_email", "invalid_body", "invalid_parameter"], description: "The body is not JSON, or the address is not an email address (`field` names it)." } },
  handler: async ({ auth, body }) => {
    const row = await addManualSuppression(body.email);
    await auditedWrite(auth, "create:suppressions", async () => ({ entityId: row.emailHash, before: null, after: json(row), result: null }));
    return json(row);
  },
});

const removeEndpoint = defineAdminEndpoint({
  operationId: "deleteSuppression",
  method: "DELETE",
  path: "/suppressions/{emailHash}",
  summary: "Remove a manual suppression",
  description: "Removes a suppression staff added by hand. Bounces, complaints, unsubscribes and erasures cannot be removed here (409). Audited as `delete:suppressions`.",
  tag: "Mail",
  permission: "write:customers",
  params: z.object({ emailHash: z.string().regex(/^[0-9a-f]{64}$/).describe("The address's hash, as listed.") }),
  response: { status: 200, description: "The suppression is gone.", schema: z.object({ emailHash: z.string(), deleted: z.literal(true) }) },
  errors: {
    400: { codes: ["invalid_parameter"], description: "The hash is not 64 hex digits." },
    404: { codes: ["suppression_not_found"], description: "No suppression with this hash." },
    409: { codes: ["suppression_not_manual"], description: "The suppression was not added by hand." },
  },
  handler: async ({ auth, params }) => {
    await removeManualSuppression(params.emailHash);
    await auditedWrite(auth, "delete:suppressions", async () => ({ entityId: params.emailHash, before: { emailHash: params.emailHash, reason: "manual" }, after: null, result: null }));
    return { emailHash: params.emailHash, deleted: true as const };
  },
});

export const suppressionEndpoints = [listEndpoint, addEndpoint, removeEndpoint];
