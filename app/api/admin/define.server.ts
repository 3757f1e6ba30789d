/**
 * `defineAdminEndpoint`: an Admin API operation. Like the Storefront API's `defineEndpoint`, plus the
 * permission its caller's role needs, checked from the bearer token before anything is parsed or
 * looked up (a marketer's PATCH with an empty body is a 403, not a 400 or 404). The handler gets the
 * acting person as `auth`, for `auditedWrite`.
 */
import type { z } from "zod";
import { defineEndpoint, type Endpoint, type EndpointSpec, type ErrorResponseDoc, type NoInput } from "~/lib/api/endpoint.server";
import { requireApiPermission } from "~/modules/staff/access.server";
import type { Actor } from "~/modules/staff/audit.server";
import type { Permission } from "~/modules/staff/permissions";

const unauthorized: ErrorResponseDoc = { codes: ["unauthorized"], description: "No `Authorization: Bearer` token, or one that is unknown or revoked." };
const forbidden: ErrorResponseDoc = { codes: ["forbidden"], description: "The token's owner has a role without this operation's permission (`x-permission`)." };

export function defineAdminEndpoint<R extends z.ZodType, P extends z.ZodObject = NoInput, Q extends z.ZodObject = NoInput, B extends z.ZodType = z.ZodUndefined>(
  spec: Omit<EndpointSpec<P, Q, B, R, Actor>, "security" | "authorize" | "permission"> & { permission: Permission },
): Endpoint {
  return defineEndpoint<R, P, Q, B, Actor>({
    ...spec,
    security: "adminToken",
    authorize: (request) => requireApiPermission(request, spec.permission),
    errors: { 401: unauthorized, 403: forbidden, ...spec.errors },
  });
}
