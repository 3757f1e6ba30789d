import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { CampaignContent } from "../../app/modules/marketing/campaign-content";
import type { SegmentRule } from "../../app/modules/marketing/segment-definition";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

/**
 * A saved segment: the definition, never its members. Members are computed from it whenever it is
 * counted, previewed or mailed, always limited to contacts who may be mailed (ADR 0016).
 */
export const segmentsTable = pgTable(
  "segments",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    match: text({ enum: ["all", "any"] }).notNull(),
    rules: jsonb().$type<SegmentRule[]>().notNull(),
    /** Email of the staff member (or "cli") who created it. */
    createdBy: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.createdAt)],
);

/**
 * A campaign (ADR 0018): per-language content, a saved segment evaluated when it is sent, and the
 * sending limits. `content` maps a language ("de") to its version; `defaultLanguage` is the fallback.
 */
export const campaignsTable = pgTable(
  "campaigns",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    segmentId: text().notNull(),
    content: jsonb().$type<Record<string, CampaignContent>>().notNull(),
    defaultLanguage: text().notNull(),
    status: text({ enum: ["draft", "scheduled", "sending", "sent", "cancelled"] }).notNull().default("draft"),
    scheduledAt: ts(),
    /** Sends per hour; null = the provider's limit only. */
    throttlePerHour: integer(),
    /** Skip contacts mailed any marketing message in the last N hours; null = off. */
    frequencyCapHours: integer(),
    createdBy: text(),
    /** When recipients were snapshotted (sending began) and when the last batch finished. */
    startedAt: ts(),
    finishedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.createdAt), index().on(t.status)],
);

/** One row per recipient, snapshotted from the segment when the campaign starts: the resume point of a crashed send. */
export const campaignSendsTable = pgTable(
  "campaign_sends",
  {
    campaignId: text().notNull(),
    contactId: text().notNull(),
    email: text().notNull(),
    language: text().notNull(),
    market: text().notNull(),
    batch: integer().notNull(),
    status: text({ enum: ["queued", "sent", "skipped", "failed"] }).notNull().default("queued"),
    /** Why skipped or failed: unsubscribed, suppressed, frequency_cap, render_error. */
    reason: text(),
    /** The outbox row (`eml_…`) of the message; its email_events are this recipient's events. */
    outboxEmailId: text(),
    providerId: text(),
    sentAt: ts(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.contactId] }), index().on(t.campaignId, t.batch, t.status)],
);
