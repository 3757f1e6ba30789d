/** Admin API: Admin API tokens (owners only). The secret appears once, in the answer to POST. */
import { z } from "zod";
import { UserError } from "~/lib/errors";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from "~/modules/staff/api-tokens.server";
import { ApiTokenCreateSchema, ApiTokenIssuedSchema, ApiTokenListSchema, ApiTokenSchema } from "~/modules/staff/staff-api.schema";
import { getStaffView } from "~/modules/staff/staff.server";
import { defineAdminEndpoint } from "./define.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const tokenJson = (t: ApiTokenView) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt) });

const listTokensEndpoint = defineAdminEndpoint({
  operationId: "listApiTokens",
  method: "GET",
  path: "/api-tokens",
  summary: "List Admin API tokens",
  description: "Every token, newest first, with the person it acts as, when it was created and last used, and its prefix. Never the secret.",
  tag: "Staff",
  permission: "read:staff",
  response: { status: 200, description: "The tokens.", schema: ApiTokenListSchema },
  errors: {},
  handler: async () => ({ nodes: (await listApiTokens()).map(tokenJson) }),
});

const createTokenEndpoint = defineAdminEndpoint({
  operationId: "createApiToken",
  method: "POST",
  path: "/api-tokens",
  summary: "Issue an Admin API token",
  description: "Issues a token acting as a staff member (default: the caller), with that person's role. The secret is in this response only; the store keeps its SHA-256. Audited as `create:api-token` (without the secret).",
  tag: "Staff",
  permission: "write:staff",
  body: ApiTokenCreateSchema,
  response: { status: 201, description: "The new token with its secret.", schema: ApiTokenIssuedSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON, a field is invalid, or `expiresAt` is not in the future (`field` names it)." },
    404: { codes: ["staff_not_found"], description: "No staff member with `staffId`." },
    409: { codes: ["staff_disabled"], description: "The staff member is disabled." },
  },
  handler: async ({ auth, body }) => {
    const staff = await getStaffView(body.staffId ?? auth.staffId ?? "");
    if (!staff) throw new UserError("staff_not_found", "No staff member with this id.", 404, "staffId");
    const issued = await createApiToken(auth, staff, { name: body.name, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null });
    return tokenJson(issued) as ReturnType<typeof tokenJson> & { token: string };
  },
});

const revokeTokenEndpoint = defineAdminEndpoint({
  operationId: "revokeApiToken",
  method: "DELETE",
  path: "/api-tokens/{id}",
  summary: "Revoke an Admin API token",
  description: "Revokes the token at once: the next request with it is a 401. Revoking a revoked token changes nothing. Audited as `revoke:api-token`.",
  tag: "Staff",
  permission: "write:staff",
  params: z.object({ id: z.string().min(1).max(100).describe("Token id (`tok_…`).") }),
  response: { status: 200, description: "The token, revoked.", schema: ApiTokenSchema },
  errors: { 404: { codes: ["api_token_not_found"], description: "No token with this id." } },
  handler: async ({ auth, params }) => tokenJson(await revokeApiToken(auth, params.id)),
});

export const apiTokenEndpoints = [listTokensEndpoint, createTokenEndpoint, revokeTokenEndpoint];
