/**
 * Admin API: segments (issue #12). Marketers and owners; every change audited. Members are computed
 * when asked, and only ever among contacts who may be mailed (ADR 0016).
 */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { named } from "~/lib/api/schema";
import { SegmentDefinitionSchema } from "~/modules/marketing/segment-definition";
import { countSegment, createSegment, deleteSegment, getSegment, listSegments, previewSegment, segmentContacts, updateSegment, type SegmentRow } from "~/modules/marketing/segments.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { defineAdminEndpoint } from "./define.server";

const SegmentInputSchema = named(
  "SegmentInput",
  "A segment's definition: `match` all (every rule) or any (at least one); no rules = every contact who may be mailed. Unsubscribed, pending, never-consented, suppressed, undeliverable and erased contacts are never members.",
  SegmentDefinitionSchema,
  { io: "input" },
);

const SegmentPatchSchema = named(
  "SegmentPatch",
  "The fields to change; `rules` replaces the whole list.",
  z.object({ name: SegmentDefinitionSchema.shape.name.optional(), match: z.enum(["all", "any"]).optional(), rules: SegmentDefinitionSchema.shape.rules.unwrap().optional() }),
  { io: "input" },
);

const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");

const SegmentSchema = named(
  "Segment",
  "A saved segment: its definition, evaluated whenever it is counted, listed or mailed.",
  z.object({
    id: z.string().describe("Segment id (`seg_…`)."),
    name: z.string(),
    match: z.enum(["all", "any"]),
    rules: z.array(z.record(z.string(), z.unknown())).describe("The rules as saved (`SegmentInput`)."),
    createdBy: z.string().nullable().describe("Email of the staff member who created it."),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  }),
);

const SegmentContactSchema = named(
  "SegmentContact",
  "A member of a segment.",
  z.object({
    id: z.string().describe("Contact id (`con_…`)."),
    email: z.string(),
    name: z.string().nullable(),
    country: z.string().nullable(),
    language: z.string(),
    market: z.string().nullable(),
    tier: z.object({ id: z.string(), name: z.string() }).nullable().describe("The loyalty tier held; null without one."),
  }),
);

const segmentId = z.object({ id: z.string().min(1).max(64).describe("Segment id (`seg_…`).") });
const notFound: ErrorResponseDoc = { codes: ["segment_not_found"], description: "No segment with this id." };
const invalidSegment: ErrorResponseDoc = {
  codes: ["invalid_body", "invalid_parameter", "invalid_segment"],
  description: "The definition is invalid; `field` names the rule's part (e.g. `rules.0.value`): an unknown field or operator, a market, tier, product or collection that does not exist, an amount with more decimals than the base currency has, a between whose min is above its max.",
};

function segmentJson(s: SegmentRow) {
  return { id: s.id, name: s.name, match: s.match, rules: s.rules as Record<string, unknown>[], createdBy: s.createdBy, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

function contactJson(c: { id: string; email: string; name: string | null; country: string | null; language: string; market: string | null; tierId: string | null; tierName: string | null }) {
  return { id: c.id, email: c.email, name: c.name, country: c.country, language: c.language, market: c.market, tier: c.tierId ? { id: c.tierId, name: c.tierName ?? c.tierId } : null };
}

const listSegmentsEndpoint = defineAdminEndpoint({
  operationId: "listSegments",
  method: "GET",
  path: "/segments",
  summary: "List segments",
  description: "Every saved segment, newest first.",
  tag: "Marketing",
  permission: "read:segments",
  response: { status: 200, description: "The segments.", schema: z.object({ nodes: z.array(SegmentSchema) }) },
  errors: {},
  handler: async () => ({ nodes: (await listSegments()).map(segmentJson) }),
});

const createSegmentEndpoint = defineAdminEndpoint({
  operationId: "createSegment",
  method: "POST",
  path: "/segments",
  summary: "Save a segment",
  description: "Stores the definition (not its members). Audited as `create:segments`.",
  tag: "Marketing",
  permission: "write:segments",
  body: SegmentInputSchema,
  response: { status: 201, description: "The new segment.", schema: SegmentSchema },
  errors: { 400: invalidSegment },
  handler: async ({ auth, body }) => segmentJson(await auditedWrite(auth, "create:segments", (tx) => createSegment(tx, body, auth.email))),
});

const previewSegmentEndpoint = defineAdminEndpoint({
  operationId: "previewSegment",
  method: "POST",
  path: "/segments/preview",
  summary: "Count an unsaved segment",
  description: "The builder's live count: how many contacts the definition selects now and the first 20 of them (id order). Nothing is saved; `name` may be any placeholder.",
  tag: "Marketing",
  permission: "read:segments",
  body: SegmentInputSchema,
  response: { status: 200, description: "The count and the first members.", schema: z.object({ count: z.number().int(), contacts: z.array(SegmentContactSchema) }) },
  errors: { 400: invalidSegment },
  handler: async ({ body }) => {
    const r = await previewSegment(body);
    return { count: r.count, contacts: r.contacts.map(contactJson) };
  },
});

const getSegmentEndpoint = defineAdminEndpoint({
  operationId: "getSegment",
  method: "GET",
  path: "/segments/{id}",
  summary: "Get a segment",
  description: "The saved definition.",
  tag: "Marketing",
  permission: "read:segments",
  params: segmentId,
  response: { status: 200, description: "The segment.", schema: SegmentSchema },
  errors: { 404: notFound },
  handler: async ({ params }) => segmentJson(await getSegment(params.id)),
});

const updateSegmentEndpoint = defineAdminEndpoint({
  operationId: "updateSegment",
  method: "PATCH",
  path: "/segments/{id}",
  summary: "Change a segment",
  description: "Changes the fields given. Audited as `update:segments` with the definition before and after.",
  tag: "Marketing",
  permission: "write:segments",
  params: segmentId,
  body: SegmentPatchSchema,
  response: { status: 200, description: "The segment after the change.", schema: SegmentSchema },
  errors: { 400: invalidSegment, 404: notFound },
  handler: async ({ auth, params, body }) => segmentJson(await auditedWrite(auth, "update:segments", (tx) => updateSegment(tx, params.id, body))),
});

const deleteSegmentEndpoint = defineAdminEndpoint({
  operationId: "deleteSegment",
  method: "DELETE",
  path: "/segments/{id}",
  summary: "Delete a segment",
  description: "Audited as `delete:segments` with the definition it had.",
  tag: "Marketing",
  permission: "write:segments",
  params: segmentId,
  response: { status: 200, description: "The segment is gone.", schema: z.object({ id: z.string(), deleted: z.literal(true) }) },
  errors: { 404: notFound },
  handler: async ({ auth, params }) => {
    await auditedWrite(auth, "delete:segments", (tx) => deleteSegment(tx, params.id));
    return { id: params.id, deleted: true as const };
  },
});

const countSegmentEndpoint = defineAdminEndpoint({
  operationId: "countSegment",
  method: "GET",
  path: "/segments/{id}/count",
  summary: "Count a segment's members",
  description: "How many contacts the saved definition selects now (mailable contacts only).",
  tag: "Marketing",
  permission: "read:segments",
  params: segmentId,
  response: { status: 200, description: "The member count.", schema: z.object({ count: z.number().int() }) },
  errors: { 404: notFound },
  handler: async ({ params }) => ({ count: await countSegment(params.id) }),
});

const segmentContactsEndpoint = defineAdminEndpoint({
  operationId: "listSegmentContacts",
  method: "GET",
  path: "/segments/{id}/contacts",
  summary: "List a segment's members",
  description: "The contacts the saved definition selects now, in contact id order, a page at a time.",
  tag: "Marketing",
  permission: "read:segments",
  params: segmentId,
  query: z.object({
    page: z.coerce.number().int().min(1).max(100_000).default(1).describe("Page number, from 1."),
    perPage: z.coerce.number().int().min(1).max(500).default(100).describe("Items per page (1–500)."),
  }),
  response: {
    status: 200,
    description: "A page of members.",
    schema: z.object({ nodes: z.array(SegmentContactSchema), total: z.number().int(), page: z.number().int(), perPage: z.number().int() }),
  },
  errors: { 400: { codes: ["invalid_parameter"], description: "A paging parameter is invalid (`field` names it)." }, 404: notFound },
  handler: async ({ params, query }) => {
    const r = await segmentContacts(params.id, { page: query.page, limit: query.perPage });
    return { ...r, nodes: r.nodes.map(contactJson) };
  },
});

export const segmentEndpoints = [listSegmentsEndpoint, createSegmentEndpoint, previewSegmentEndpoint, getSegmentEndpoint, updateSegmentEndpoint, deleteSegmentEndpoint, countSegmentEndpoint, segmentContactsEndpoint];
