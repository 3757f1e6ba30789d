/** Admin API: staff (owner only), the audit log and the mail outbox. */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { searchOutbox } from "~/modules/mail/outbox.server";
import { listAuditLog } from "~/modules/staff/audit.server";
import {
  AuditLogPageSchema,
  OutboxPageSchema,
  pagingQuery,
  RevokedAccessSchema,
  InvitationResendSchema,
  InvitationSentSchema,
  StaffInvitedSchema,
  StaffInviteSchema,
  StaffListSchema,
  StaffMemberSchema,
  StaffRoleChangeSchema,
} from "~/modules/staff/staff-api.schema";
import { inviteStaff, resendInvitation, type SentInvitation } from "~/modules/staff/invitations.server";
import { changeRole, listStaff, revokeAccess, type StaffView } from "~/modules/staff/staff.server";
import { defineAdminEndpoint } from "./define.server";

const staffId = z.object({ id: z.string().min(1).max(100).describe("Staff id (`stf_…`).") });
const staffNotFound: ErrorResponseDoc = { codes: ["staff_not_found"], description: "No staff member with this id." };

const iso = (d: Date) => d.toISOString();
const staffJson = (s: StaffView) => ({ ...s, createdAt: iso(s.createdAt), disabledAt: s.disabledAt ? iso(s.disabledAt) : null });

const listStaffEndpoint = defineAdminEndpoint({
  operationId: "listStaff",
  method: "GET",
  path: "/staff",
  summary: "List staff",
  description: "Every staff member with their role.",
  tag: "Staff",
  permission: "read:staff",
  response: { status: 200, description: "The staff.", schema: StaffListSchema },
  errors: {},
  handler: async () => ({ nodes: (await listStaff()).map(staffJson) }),
});

const invitationJson = (r: SentInvitation) => ({ staff: staffJson(r.staff), invitation: { language: r.language, expiresAt: iso(r.expiresAt) } });

const inviteStaffEndpoint = defineAdminEndpoint({
  operationId: "inviteStaff",
  method: "POST",
  path: "/staff",
  summary: "Invite a staff member",
  description:
    "Creates a staff account with a role and no password, and emails an invitation in `language`: a single-use link to /admin/accept-invite (built from PUBLIC_URL, valid 72 hours) where the person sets their password and is signed in. Audited as `create:staff`. (`npm run harbor -- staff create` creates an account with a password instead.)",
  tag: "Staff",
  permission: "write:staff",
  body: StaffInviteSchema,
  response: { status: 201, description: "The invited staff member and the invitation sent.", schema: StaffInvitedSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or a field is invalid (`field` names it)." },
    409: { codes: ["email_taken"], description: "That email already has a staff account." },
  },
  handler: async ({ auth, body }) => invitationJson(await inviteStaff(auth, body)),
});

const resendInvitationEndpoint = defineAdminEndpoint({
  operationId: "resendStaffInvitation",
  method: "POST",
  path: "/staff/{id}/invitation",
  summary: "Send a new invitation",
  description: "Emails a new invitation link to a person who has not set a password yet; the earlier link stops working. Audited as `invite:staff`.",
  tag: "Staff",
  permission: "write:staff",
  params: staffId,
  body: InvitationResendSchema,
  response: { status: 201, description: "The invitation sent.", schema: InvitationSentSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or `language` is not offered." },
    404: staffNotFound,
    409: { codes: ["invitation_accepted", "staff_disabled"], description: "The person has already set a password, or is disabled." },
  },
  handler: async ({ auth, params, body }) => invitationJson(await resendInvitation(auth, params.id, body.language)),
});

const changeRoleEndpoint = defineAdminEndpoint({
  operationId: "changeStaffRole",
  method: "PATCH",
  path: "/staff/{id}",
  summary: "Change a staff member's role",
  description: "Sets the role. The last owner cannot be demoted. Audited as `update:staff` with the role before and after.",
  tag: "Staff",
  permission: "write:staff",
  params: staffId,
  body: StaffRoleChangeSchema,
  response: { status: 200, description: "The staff member after the change.", schema: StaffMemberSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or `role` is not a role." },
    404: staffNotFound,
    409: { codes: ["last_owner"], description: "This is the only owner; make someone else an owner first." },
  },
  handler: async ({ auth, params, body }) => staffJson(await changeRole(auth, params.id, body.role)),
});

const revokeEndpoint = defineAdminEndpoint({
  operationId: "revokeStaffSessions",
  method: "POST",
  path: "/staff/{id}/revoke-sessions",
  summary: "Sign a staff member out everywhere",
  description: "Ends every admin session of the person and revokes their Admin API tokens. Audited as `revoke:staff`.",
  tag: "Staff",
  permission: "write:staff",
  params: staffId,
  response: { status: 200, description: "How many sessions and tokens were ended.", schema: RevokedAccessSchema },
  errors: { 404: staffNotFound },
  handler: async ({ auth, params }) => revokeAccess(auth, params.id),
});

const dateParam = z.iso.date().optional();

const auditLogEndpoint = defineAdminEndpoint({
  operationId: "listAuditLog",
  method: "GET",
  path: "/audit-log",
  summary: "Read the audit log",
  description: "Every staff action (who, what, when, before and after), newest first.",
  tag: "Audit log",
  permission: "read:audit-log",
  query: z.object({
    actor: z.string().max(254).optional().describe("Part of the actor's email."),
    action: z.string().max(100).optional().describe("Exact action, e.g. `update:staff`."),
    entityId: z.string().max(100).optional().describe("The changed entity's id."),
    via: z.enum(["page", "api", "cli"]).optional().describe("Where the action came from."),
    from: dateParam.describe("First day (YYYY-MM-DD, UTC), inclusive."),
    to: dateParam.describe("Last day (YYYY-MM-DD, UTC), inclusive."),
    ...pagingQuery,
  }),
  response: { status: 200, description: "A page of entries.", schema: AuditLogPageSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A filter or paging parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const from = query.from ? new Date(`${query.from}T00:00:00Z`) : undefined;
    const to = query.to ? new Date(`${query.to}T23:59:59.999Z`) : undefined;
    if (from && to && from > to) throw new UserError("invalid_parameter", "to: must not be before from", 400, "to");
    const { entries, total } = await listAuditLog(
      { actor: query.actor, action: query.action, entityId: query.entityId, via: query.via, from, to },
      { limit: query.perPage, offset: (query.page - 1) * query.perPage },
    );
    return { nodes: entries.map((e) => ({ ...e, at: iso(e.at) })), total, page: query.page, perPage: query.perPage };
  },
});

const outboxEndpoint = defineAdminEndpoint({
  operationId: "listOutbox",
  method: "GET",
  path: "/outbox",
  summary: "Read outgoing mail",
  description: "Every message the store sent or would send, newest first, with rendered HTML, text and headers. `to` searches by recipient.",
  tag: "Mail",
  permission: "read:outbox",
  query: z.object({ to: z.string().max(254).optional().describe("Part of the recipient address."), ...pagingQuery }),
  response: { status: 200, description: "A page of messages.", schema: OutboxPageSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const { messages, total } = await searchOutbox({ to: query.to, limit: query.perPage, offset: (query.page - 1) * query.perPage });
    return {
      nodes: messages.map(({ orderId: _o, ...m }) => ({ ...m, createdAt: iso(m.createdAt) })),
      total,
      page: query.page,
      perPage: query.perPage,
    };
  },
});

export const staffEndpoints = [listStaffEndpoint, inviteStaffEndpoint, resendInvitationEndpoint, changeRoleEndpoint, revokeEndpoint, auditLogEndpoint, outboxEndpoint];
