/**
 * The staff part of the Admin API (/api/admin/v1): request bodies and response shapes, registered
 * as named components of the Admin API's OpenAPI document. Also the shared paging parameters.
 */
import { z } from "zod";
import { named } from "~/lib/api/schema";
import { emailSchema } from "~/lib/validation";
import { ROLES } from "./permissions";
import { INVITATION_LANGUAGES } from "./staff-form";

/** Hours an invitation link works (invitations.server.ts uses the same number). */
export const INVITATION_HOURS = 72;

const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");
const role = z.enum(ROLES).describe("owner (everything), marketer (CRM, campaigns, discounts; reads catalog and orders), support (orders, customers, refunds up to a limit), catalog (products, collections, inventory, prices).");

/** `page` (1-based) and `perPage` (1–100, default 50), as in the admin pages' URLs. */
export const pagingQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe("Page number, from 1."),
  perPage: z.coerce.number().int().min(1).max(100).default(50).describe("Items per page (1–100)."),
};

const paging = {
  total: z.number().int().describe("Items matching the filters, on all pages."),
  page: z.number().int().describe("This page's number."),
  perPage: z.number().int().describe("Items per page."),
};

export const StaffMemberSchema = named(
  "StaffMember",
  "A person who runs the store.",
  z.object({
    id: z.string().describe("Staff id (`stf_…`)."),
    email: z.string().describe("Sign-in email, lower-case."),
    name: z.string().describe("Display name (may be empty)."),
    role,
    createdAt: isoTimestamp,
    disabledAt: isoTimestamp.nullable().describe("When the account was disabled; null while active."),
    invitationPending: z.boolean().describe("Invited and no password set yet: they cannot sign in until they accept the emailed invitation."),
  }),
);

export const StaffListSchema = named("StaffList", "Every staff member, by email.", z.object({ nodes: z.array(StaffMemberSchema) }));

const invitationLanguage = z.enum(INVITATION_LANGUAGES).describe("Language of the invitation email (ISO 639-1).");

export const StaffInviteSchema = named(
  "StaffInvite",
  "Body of POST /staff.",
  z.object({
    email: emailSchema.describe("Sign-in email; the invitation is sent here."),
    role,
    name: z.string().trim().max(200).optional().describe("Display name."),
    language: invitationLanguage.optional().describe("Language of the invitation email (ISO 639-1); default `en`, the admin's language."),
  }),
  { io: "input" },
);

const InvitationSchema = named(
  "StaffInvitation",
  "The invitation just emailed: a single-use link to /admin/accept-invite, where the person sets their password.",
  z.object({ language: invitationLanguage, expiresAt: isoTimestamp.describe(`When the link stops working (${INVITATION_HOURS} hours after it was sent).`) }),
);

export const StaffInvitedSchema = named(
  "StaffInvited",
  "The invited staff member (no password until they accept) and the invitation emailed to them.",
  z.object({ staff: StaffMemberSchema, invitation: InvitationSchema }),
);

export const InvitationResendSchema = named(
  "StaffInvitationResend",
  "Body of POST /staff/{id}/invitation (may be empty).",
  z.object({ language: invitationLanguage.optional().describe("Language of the new email; default: the previous invitation's.") }),
  { io: "input" },
);

export const InvitationSentSchema = named("StaffInvitationSent", "A new invitation; earlier links no longer work.", z.object({ staff: StaffMemberSchema, invitation: InvitationSchema }));

export const ApiTokenSchema = named(
  "ApiToken",
  "An Admin API token, without its secret (only its hash is stored).",
  z.object({
    id: z.string().describe("Token id (`tok_…`)."),
    name: z.string().describe("A label to recognise it by."),
    prefix: z.string().nullable().describe("The token's first characters (`hbr_` + 4); null for tokens issued before prefixes were kept."),
    staff: z.object({ id: z.string().describe("Staff id."), email: z.string().describe("Their email."), role }).describe("The person the token acts as: it has their role."),
    createdAt: isoTimestamp,
    lastUsedAt: isoTimestamp.nullable().describe("When it was last presented; null: never."),
    expiresAt: isoTimestamp.nullable().describe("When it stops working; null: until revoked."),
    revokedAt: isoTimestamp.nullable().describe("When it was revoked; null while active."),
  }),
);

export const ApiTokenListSchema = named("ApiTokenList", "Every Admin API token, newest first, revoked ones included.", z.object({ nodes: z.array(ApiTokenSchema) }));

export const ApiTokenCreateSchema = named(
  "ApiTokenCreate",
  "Body of POST /api-tokens.",
  z.object({
    name: z.string().trim().min(1).max(100).describe("A label to recognise it by, e.g. `ERP sync`."),
    staffId: z.string().min(1).max(100).optional().describe("The staff member it acts as (`stf_…`); default: the caller."),
    expiresAt: isoTimestamp.optional().describe("When it stops working (in the future); default: until revoked."),
  }),
  { io: "input" },
);

export const ApiTokenIssuedSchema = named(
  "ApiTokenIssued",
  "The new token. `token` is the secret, shown only in this response.",
  z.object({ ...ApiTokenSchema.shape, token: z.string().describe("The secret: send it as `Authorization: Bearer <token>`. Not retrievable later.") }),
);

export const StaffRoleChangeSchema = named("StaffRoleChange", "Body of PATCH /staff/{id}.", z.object({ role }), { io: "input" });

export const RevokedAccessSchema = named(
  "RevokedAccess",
  "What POST /staff/{id}/revoke-sessions ended.",
  z.object({ sessions: z.number().int().describe("Admin sessions signed out."), tokens: z.number().int().describe("Admin API tokens revoked.") }),
);

const AuditLogEntrySchema = named(
  "AuditLogEntry",
  "One staff action.",
  z.object({
    id: z.string().describe("Entry id (`aud_…`)."),
    at: isoTimestamp,
    actorId: z.string().nullable().describe("Staff id of the person who acted (null: the system, e.g. the first-run owner)."),
    actorEmail: z.string().describe("Their email at the time."),
    via: z.enum(["page", "api", "cli"]).describe("Admin pages, Admin API or the command line."),
    action: z.string().describe("`verb:entity`, e.g. `update:staff`."),
    entityId: z.string().nullable().describe("The changed entity's id."),
    before: z.unknown().describe("The entity before the change (null when it was created)."),
    after: z.unknown().describe("The entity after the change."),
  }),
);

export const AuditLogPageSchema = named("AuditLogPage", "A page of the audit log, newest first.", z.object({ nodes: z.array(AuditLogEntrySchema), ...paging }));

const OutboxMessageSchema = named(
  "OutboxMessage",
  "A message the store sent or would send (without an email provider, messages stay in the outbox).",
  z.object({
    id: z.string().describe("Message id (`eml_…`)."),
    to: z.string().describe("Recipient."),
    from: z.string().describe("Sender."),
    subject: z.string(),
    html: z.string().describe("The rendered HTML body."),
    text: z.string().describe("The plain-text body."),
    headers: z.record(z.string(), z.string()).describe("Headers: From, Reply-To (when set), To, Subject, Date, Content-Language, Idempotency-Key; a marketing message also List-Unsubscribe and List-Unsubscribe-Post (RFC 8058)."),
    template: z.string().describe("The template it was rendered from."),
    locale: z.string().describe("Language it was rendered in."),
    transport: z.enum(["outbox", "resend"]).describe("`outbox`: kept here only; `resend`: delivered through Resend."),
    kind: z.enum(["transactional", "marketing"]).describe("`marketing`: sent only with consent, carries the unsubscribe headers and footer."),
    createdAt: isoTimestamp,
  }),
);

export const OutboxPageSchema = named("OutboxPage", "A page of outgoing mail, newest first.", z.object({ nodes: z.array(OutboxMessageSchema), ...paging }));
