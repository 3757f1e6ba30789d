/**
 * Admin API: campaigns (issue #12, ADR 0018). Marketers and owners; every change audited. Sending
 * happens in jobs: scheduling queues the start, which snapshots the segment and queues the batches.
 */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { named } from "~/lib/api/schema";
import { emailSchema } from "~/lib/validation";
import { CampaignContentMapSchema, CampaignInputSchema } from "~/modules/marketing/campaign-content";
import { campaignReport, createCampaign, getCampaign, listCampaigns, previewCampaign, scheduleCampaign, testSendCampaign, updateCampaign, type CampaignRow } from "~/modules/marketing/campaigns.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { listStaff } from "~/modules/staff/staff.server";
import { defineAdminEndpoint } from "./define.server";

const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");

const CampaignInputBody = named(
  "CampaignInput",
  "A new campaign (a draft). `content` maps a language code to its version `{subject, preheader, blocks}`; `defaultLanguage` must have one and is what recipients in other languages get. Blocks: `{type: heading, text}`, `{type: text, text}`, `{type: image, url, alt}`, `{type: button, label, url}`, `{type: products, handles}` (priced in each recipient's market currency), `{type: discount, code}`. `throttlePerHour` null = the provider's limit only; `frequencyCapHours` null = off.",
  CampaignInputSchema,
  { io: "input" },
);

const CampaignPatchBody = named(
  "CampaignPatch",
  "The fields of a draft to change; `content` replaces the whole per-language map.",
  z.object({
    name: z.string().trim().min(1).max(200).optional(),
    segmentId: z.string().trim().min(1).max(64).optional(),
    defaultLanguage: z.string().regex(/^[a-z]{2,3}$/, "Write a language code, e.g. de.").optional(),
    content: CampaignContentMapSchema.optional(),
    throttlePerHour: z.number().int().min(1).max(10_000_000).nullable().optional(),
    frequencyCapHours: z.number().int().min(1).max(24 * 365).nullable().optional(),
  }),
  { io: "input" },
);

const CampaignSchema = named(
  "Campaign",
  "An email campaign: its content per language, the saved segment it goes to (evaluated when sending starts), its status and limits.",
  z.object({
    id: z.string().describe("Campaign id (`cmp_…`)."),
    name: z.string(),
    segmentId: z.string(),
    defaultLanguage: z.string(),
    content: z.record(z.string(), z.record(z.string(), z.unknown())).describe("Per language: `{subject, preheader, blocks}` (`CampaignInput`)."),
    status: z.enum(["draft", "scheduled", "sending", "sent", "cancelled"]),
    scheduledAt: isoTimestamp.nullable(),
    throttlePerHour: z.number().int().nullable(),
    frequencyCapHours: z.number().int().nullable(),
    createdBy: z.string().nullable(),
    startedAt: isoTimestamp.nullable(),
    finishedAt: isoTimestamp.nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  }),
);

const counts = {
  recipients: z.number().int().describe("Recipients snapshotted from the segment when sending started."),
  sent: z.number().int(),
  skipped: z.number().int().describe("Not mailed: unsubscribed or suppressed since the snapshot, or within the frequency cap."),
  failed: z.number().int(),
  queued: z.number().int().describe("Not sent yet."),
  delivered: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  unsubscribed: z.number().int().describe("Recipients mailed while subscribed who are unsubscribed now."),
  bounced: z.number().int(),
  complained: z.number().int(),
};
const ReportSchema = named(
  "CampaignReport",
  "Recipient statuses and delivery events (from Resend's webhooks or the mail viewer), in total and per language.",
  z.object({ campaignId: z.string(), status: CampaignSchema.shape.status, ...counts, byLanguage: z.record(z.string(), z.object(counts)) }),
);

const campaignId = z.object({ id: z.string().min(1).max(64).describe("Campaign id (`cmp_…`).") });
const notFound: ErrorResponseDoc = { codes: ["campaign_not_found"], description: "No campaign with this id." };
const invalid: ErrorResponseDoc = {
  codes: ["invalid_body", "invalid_parameter", "invalid_campaign"],
  description: "The campaign is invalid; `field` names the part (e.g. `content.de.blocks.0.url`, `segmentId`).",
};

function campaignJson(c: CampaignRow) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: c.id,
    name: c.name,
    segmentId: c.segmentId,
    defaultLanguage: c.defaultLanguage,
    content: c.content as Record<string, Record<string, unknown>>,
    status: c.status,
    scheduledAt: iso(c.scheduledAt),
    throttlePerHour: c.throttlePerHour,
    frequencyCapHours: c.frequencyCapHours,
    createdBy: c.createdBy,
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const listCampaignsEndpoint = defineAdminEndpoint({
  operationId: "listCampaigns",
  method: "GET",
  path: "/campaigns",
  summary: "List campaigns",
  description: "Every campaign, newest first.",
  tag: "Marketing",
  permission: "read:campaigns",
  response: { status: 200, description: "The campaigns.", schema: z.object({ nodes: z.array(CampaignSchema) }) },
  errors: {},
  handler: async () => ({ nodes: (await listCampaigns()).map(campaignJson) }),
});

const createCampaignEndpoint = defineAdminEndpoint({
  operationId: "createCampaign",
  method: "POST",
  path: "/campaigns",
  summary: "Create a campaign",
  description: "A new draft. Audited as `create:campaigns`.",
  tag: "Marketing",
  permission: "write:campaigns",
  body: CampaignInputBody,
  response: { status: 201, description: "The new draft.", schema: CampaignSchema },
  errors: { 400: invalid },
  handler: async ({ auth, body }) => campaignJson(await auditedWrite(auth, "create:campaigns", (tx) => createCampaign(tx, body, auth.email))),
});

const getCampaignEndpoint = defineAdminEndpoint({
  operationId: "getCampaign",
  method: "GET",
  path: "/campaigns/{id}",
  summary: "Get a campaign",
  description: "The campaign with its content and status.",
  tag: "Marketing",
  permission: "read:campaigns",
  params: campaignId,
  response: { status: 200, description: "The campaign.", schema: CampaignSchema },
  errors: { 404: notFound },
  handler: async ({ params }) => campaignJson(await getCampaign(params.id)),
});

const updateCampaignEndpoint = defineAdminEndpoint({
  operationId: "updateCampaign",
  method: "PATCH",
  path: "/campaigns/{id}",
  summary: "Change a draft campaign",
  description: "Changes the fields given, while the campaign is a draft. Audited as `update:campaigns`.",
  tag: "Marketing",
  permission: "write:campaigns",
  params: campaignId,
  body: CampaignPatchBody,
  response: { status: 200, description: "The campaign after the change.", schema: CampaignSchema },
  errors: { 400: invalid, 404: notFound, 409: { codes: ["campaign_not_draft"], description: "The campaign is no longer a draft." } },
  handler: async ({ auth, params, body }) => campaignJson(await auditedWrite(auth, "update:campaigns", (tx) => updateCampaign(tx, params.id, body))),
});

const previewCampaignEndpoint = defineAdminEndpoint({
  operationId: "previewCampaign",
  method: "GET",
  path: "/campaigns/{id}/preview",
  summary: "Preview a campaign",
  description: "The subject and HTML a recipient in `language` and `market` would get (the default language's version when `language` has none; the default market when none is given).",
  tag: "Marketing",
  permission: "read:campaigns",
  params: campaignId,
  query: z.object({
    language: z.string().regex(/^[a-z]{2,3}$/, "Write a language code, e.g. de.").optional().describe("Language code, e.g. de."),
    market: z.string().max(20).optional().describe("Market handle, e.g. de-de."),
  }),
  response: { status: 200, description: "The rendered message.", schema: z.object({ subject: z.string(), language: z.string().describe("The version used."), html: z.string() }) },
  errors: { 400: { codes: ["invalid_parameter"], description: "A query parameter is invalid (`field` names it)." }, 404: notFound },
  handler: async ({ params, query }) => previewCampaign(params.id, query.language, query.market),
});

const testSendEndpoint = defineAdminEndpoint({
  operationId: "testSendCampaign",
  method: "POST",
  path: "/campaigns/{id}/test-send",
  summary: "Send a test",
  description: "Sends the campaign, subject prefixed \"[Test]\", to staff accounts' addresses only (the caller's own when `emails` is absent).",
  tag: "Marketing",
  permission: "write:campaigns",
  params: campaignId,
  body: named(
    "CampaignTestSend",
    "Who gets the test, and as which language and market.",
    z.object({
      emails: z.array(emailSchema).min(1).max(20).optional().describe("Staff addresses; default: the caller's."),
      language: z.string().regex(/^[a-z]{2,3}$/).optional(),
      market: z.string().max(20).optional(),
    }),
    { io: "input" },
  ),
  response: { status: 200, description: "The addresses mailed.", schema: z.object({ sent: z.array(z.string()) }) },
  errors: { 400: { codes: ["invalid_body", "invalid_parameter", "not_staff_address"], description: "An address is invalid or not a staff account's." }, 404: notFound },
  handler: async ({ auth, params, body }) => {
    const staff = new Set((await listStaff()).filter((s) => !s.disabledAt).map((s) => s.email.toLowerCase()));
    const emails = body.emails ?? [auth.email];
    return testSendCampaign(params.id, emails, staff, { language: body.language, market: body.market });
  },
});

const scheduleEndpoint = defineAdminEndpoint({
  operationId: "scheduleCampaign",
  method: "POST",
  path: "/campaigns/{id}/schedule",
  summary: "Schedule a campaign",
  description: "Sends at `at` (ISO 8601), now when absent. The segment is evaluated when sending starts. A scheduled campaign may be moved. Audited as `schedule:campaigns`.",
  tag: "Marketing",
  permission: "write:campaigns",
  params: campaignId,
  body: named("CampaignSchedule", "When to send.", z.object({ at: z.iso.datetime({ offset: true, error: "Give `at` as an ISO 8601 time, e.g. 2030-01-31T09:00:00Z." }).optional() }), { io: "input" }),
  response: { status: 200, description: "The scheduled campaign.", schema: CampaignSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter", "invalid_campaign"], description: "`at` is not a time or is in the past." },
    404: notFound,
    409: { codes: ["campaign_not_schedulable"], description: "The campaign is already sending, sent or cancelled." },
  },
  handler: async ({ auth, params, body }) => campaignJson(await auditedWrite(auth, "schedule:campaigns", (tx) => scheduleCampaign(tx, params.id, body.at ? new Date(body.at) : undefined))),
});

const reportEndpoint = defineAdminEndpoint({
  operationId: "getCampaignReport",
  method: "GET",
  path: "/campaigns/{id}/report",
  summary: "Campaign report",
  description: "Recipients, sent, skipped, failed, delivered, opened, clicked, unsubscribed, bounced and complained, in total and per language.",
  tag: "Marketing",
  permission: "read:campaigns",
  params: campaignId,
  response: { status: 200, description: "The report.", schema: ReportSchema },
  errors: { 404: notFound },
  handler: async ({ params }) => campaignReport(params.id),
});

export const campaignEndpoints = [listCampaignsEndpoint, createCampaignEndpoint, getCampaignEndpoint, updateCampaignEndpoint, previewCampaignEndpoint, testSendEndpoint, scheduleEndpoint, reportEndpoint];
