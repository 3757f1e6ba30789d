/**
 * Campaigns (issue #12, ADR 0018): compose per language, schedule, then send in batches of at most
 * 100 through jobs. When a campaign starts, its segment is evaluated once and every recipient gets a
 * `campaign_sends` row with a batch number; each batch job sends the rows still queued under the
 * idempotency key `campaign-<id>-batch-<n>` and marks them sent in the transaction that records the
 * messages. A worker killed between the provider's answer and that commit reruns the same batch with
 * the same key and the same (deterministic) messages: the provider answers with the first call's ids.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { rowsOf } from "~db/rows";
import { campaignSendsTable, campaignsTable, segmentsTable } from "~db/schema/marketing";
import { UserError } from "~/lib/errors";
import { emailLinkOrigin } from "~/lib/http.server";
import { newId } from "~/lib/ids";
import { renderEmail } from "../../../emails";
import type { RenderedCampaignBlock } from "../../../emails/campaign-parts";
import { getProductByHandle } from "../catalog/catalog.server";
import { currentConsentSql } from "../contacts/contact-sql.server";
import { enqueue, PermanentJobError, registerHandler } from "../jobs/jobs.server";
import { formatMailbox, getMailer, mailFrom, MAX_BATCH_SIZE, recordSentEmails, type MailMessage, type Mailer } from "../mail/mailer.server";
import { isTrackableUrl, listUnsubscribeHeaders, marketingConsentGiven, messageIdFor, trackedUrl, unsubscribeUrl } from "../mail/marketing.server";
import { eventTypesByMessage, recentMarketingRecipients } from "../mail/marketing-reads.server";
import { isSuppressed } from "../mail/suppressions.server";
import { getStoreConfig } from "../markets/markets.server";
import type { Market } from "../markets/markets";
import { contentFor, type CampaignBlock, type CampaignInput } from "./campaign-content";
import { getSegment, segmentContactPages } from "./segments.server";

export type CampaignRow = typeof campaignsTable.$inferSelect;
type SendRow = typeof campaignSendsTable.$inferSelect;

const CAMPAIGN_START = "campaign.start";
const CAMPAIGN_BATCH = "campaign.batch";

const notFound = () => new UserError("campaign_not_found", "No campaign with this id.", 404);

function snapshot(row: CampaignRow) {
  return { name: row.name, segmentId: row.segmentId, status: row.status, defaultLanguage: row.defaultLanguage, content: row.content, scheduledAt: row.scheduledAt?.toISOString() ?? null, throttlePerHour: row.throttlePerHour, frequencyCapHours: row.frequencyCapHours };
}

/** Read through the caller's transaction: the embedded database serves one at a time. */
async function checkSegment(tx: Db, segmentId: string): Promise<void> {
  const [row] = await tx.select({ id: segmentsTable.id }).from(segmentsTable).where(eq(segmentsTable.id, segmentId));
  if (!row) throw new UserError("invalid_campaign", `No segment with id "${segmentId}" (GET /segments lists them).`, 400, "segmentId");
}

/** A new draft, inside the caller's (audited) transaction. */
export async function createCampaign(tx: Db, input: CampaignInput, createdBy: string | null) {
  await checkSegment(tx, input.segmentId);
  const [row] = await tx
    .insert(campaignsTable)
    .values({ id: newId("cmp"), name: input.name, segmentId: input.segmentId, defaultLanguage: input.defaultLanguage, content: input.content, throttlePerHour: input.throttlePerHour, frequencyCapHours: input.frequencyCapHours, createdBy })
    .returning();
  return { entityId: row!.id, before: null, after: snapshot(row!), result: row! };
}

async function lockCampaign(tx: Db, id: string): Promise<CampaignRow> {
  const [row] = await tx.select().from(campaignsTable).where(eq(campaignsTable.id, id)).for("update");
  if (!row) throw notFound();
  return row;
}

/** Changes a draft's fields (content replaces per language given). 409 once scheduled or sent. */
export async function updateCampaign(tx: Db, id: string, patch: Partial<CampaignInput>) {
  const before = await lockCampaign(tx, id);
  if (before.status !== "draft") throw new UserError("campaign_not_draft", `Only a draft can be changed; this campaign is ${before.status}.`, 409);
  if (patch.segmentId) await checkSegment(tx, patch.segmentId);
  const content = patch.content ?? before.content;
  const defaultLanguage = patch.defaultLanguage ?? before.defaultLanguage;
  if (!content[defaultLanguage]) throw new UserError("invalid_campaign", "The default language needs its own content (it is the fallback).", 400, "defaultLanguage");
  const [after] = await tx
    .update(campaignsTable)
    .set({
      name: patch.name ?? before.name,
      segmentId: patch.segmentId ?? before.segmentId,
      content,
      defaultLanguage,
      throttlePerHour: patch.throttlePerHour === undefined ? before.throttlePerHour : patch.throttlePerHour,
      frequencyCapHours: patch.frequencyCapHours === undefined ? before.frequencyCapHours : patch.frequencyCapHours,
      updatedAt: new Date(),
    })
    .where(eq(campaignsTable.id, id))
    .returning();
  return { entityId: id, before: snapshot(before), after: snapshot(after!), result: after! };
}

export async function listCampaigns(): Promise<CampaignRow[]> {
  return (await getDb()).select().from(campaignsTable).orderBy(desc(campaignsTable.createdAt), desc(campaignsTable.id));
}

export async function getCampaign(id: string, db?: Db): Promise<CampaignRow> {
  const [row] = await (db ?? (await getDb())).select().from(campaignsTable).where(eq(campaignsTable.id, id));
  if (!row) throw notFound();
  return row;
}

/**
 * Schedules a draft (or moves a scheduled campaign) to `at`, now when absent: a `campaign.start` job
 * with that runAt. 409 unless draft or scheduled; 400 for a time in the past.
 */
export async function scheduleCampaign(tx: Db, id: string, at: Date | undefined, now = new Date()) {
  const before = await lockCampaign(tx, id);
  if (before.status !== "draft" && before.status !== "scheduled") throw new UserError("campaign_not_schedulable", `Only a draft or scheduled campaign can be scheduled; this one is ${before.status}.`, 409);
  const runAt = at ?? now;
  if (Number.isNaN(runAt.getTime())) throw new UserError("invalid_campaign", "Give `at` as an ISO 8601 time, e.g. 2030-01-31T09:00:00Z.", 400, "at");
  // A minute's grace: "now" from a browser clock a little behind the server's is still now.
  if (runAt.getTime() < now.getTime() - 60_000) throw new UserError("invalid_campaign", "The time is in the past: give a future time, or none to send now.", 400, "at");
  const [after] = await tx.update(campaignsTable).set({ status: "scheduled", scheduledAt: runAt, updatedAt: new Date() }).where(eq(campaignsTable.id, id)).returning();
  // The start job checks scheduledAt when it runs: a rescheduled campaign's earlier job does nothing.
  await enqueue(CAMPAIGN_START, { campaignId: id, at: runAt.toISOString() }, { tx, runAt, dedupeKey: `${CAMPAIGN_START}:${id}:${runAt.toISOString()}` });
  return { entityId: id, before: snapshot(before), after: snapshot(after!), result: after! };
}

// ------------------------------------------------------------------------------------------ sending

/** The batch size and the spacing of batch jobs that keep sends per hour at or under the throttle. */
export function batchPlan(throttlePerHour: number | null): { size: number; spacingMs: number } {
  if (!throttlePerHour) return { size: MAX_BATCH_SIZE, spacingMs: 0 };
  const size = Math.min(MAX_BATCH_SIZE, throttlePerHour);
  return { size, spacingMs: Math.ceil((size / throttlePerHour) * 3_600_000) };
}

/**
 * The start job: evaluates the segment now (mailable contacts only, ADR 0016), writes one send row
 * per recipient with its batch number and queues one job per batch, all in one transaction, so a
 * crash leaves either nothing or everything.
 */
export async function startCampaign(campaignId: string, scheduledFor: string | null, now = new Date()): Promise<void> {
  const campaign = await getCampaign(campaignId);
  if (campaign.status !== "scheduled") return;
  if (scheduledFor && campaign.scheduledAt?.toISOString() !== scheduledFor) return; // rescheduled since
  const segment = await getSegment(campaign.segmentId);
  const store = await getStoreConfig();
  const recipients: { contactId: string; email: string; language: string; market: string }[] = [];
  // Read before the transaction: the embedded database serves one statement stream at a time.
  for await (const page of segmentContactPages(segment)) {
    for (const c of page) recipients.push({ contactId: c.id, email: c.email, language: c.language, market: c.market && store.byHandle.has(c.market) ? c.market : store.defaultMarket });
  }
  const { size, spacingMs } = batchPlan(campaign.throttlePerHour);
  const batches = Math.ceil(recipients.length / size);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const locked = await lockCampaign(tx, campaignId);
    if (locked.status !== "scheduled") return;
    for (let i = 0; i < recipients.length; i += 1000) {
      await tx
        .insert(campaignSendsTable)
        .values(recipients.slice(i, i + 1000).map((r, j) => ({ campaignId, ...r, batch: Math.floor((i + j) / size) + 1 })))
        .onConflictDoNothing();
    }
    for (let n = 1; n <= batches; n++) {
      await enqueue(CAMPAIGN_BATCH, { campaignId, batch: n }, { tx, runAt: new Date(now.getTime() + (n - 1) * spacingMs), dedupeKey: `${CAMPAIGN_BATCH}:${campaignId}:${n}` });
    }
    await tx
      .update(campaignsTable)
      .set({ status: batches ? "sending" : "sent", startedAt: now, finishedAt: batches ? null : now, updatedAt: now })
      .where(eq(campaignsTable.id, campaignId));
  });
}

/** The message key of one recipient of a campaign (the outbox row's idempotency key). */
function messageKey(campaignId: string, contactId: string): string {
  return `campaign:${campaignId}:${contactId}`;
}

type RenderContext = { campaign: CampaignRow; from: string; postalAddress: string | null; markets: Map<string, Market>; products: Map<string, RenderedCampaignBlock & { type: "products" }> };

function intlLocaleOf(language: string, market: Market): string {
  return `${language}-${market.country}`;
}

async function productGrid(ctx: RenderContext, market: Market, handles: string[], link: (url: string) => string): Promise<RenderedCampaignBlock> {
  const cacheKey = `${market.handle}|${handles.join(",")}`;
  let grid = ctx.products.get(cacheKey);
  if (!grid) {
    const items = [];
    for (const handle of handles) {
      let found = await getProductByHandle(market, handle);
      // A handle from another language resolves to this market's canonical one.
      if (found.kind === "redirect") found = await getProductByHandle(market, found.handle);
      if (found.kind !== "found") continue;
      const resolved = found.product;
      // "From" the lowest variant price, in the market's currency.
      const prices = resolved.variants.map((v) => v.price).filter((p) => p.currency === market.currency);
      const lowest = prices.reduce<(typeof prices)[number] | null>((min, p) => (!min || p.amount < min.amount ? p : min), null);
      const image = resolved.images[0]?.url ?? null;
      items.push({
        title: resolved.title,
        url: `${emailLinkOrigin()}/${market.handle}/products/${resolved.handle}`,
        imageUrl: image ? new URL(image, emailLinkOrigin()).toString() : null,
        price: lowest ? { amount: lowest.amount.toString(), currency: lowest.currency } : null,
      });
    }
    grid = { type: "products", items };
    ctx.products.set(cacheKey, grid);
  }
  return { type: "products", items: grid.items.map((i) => ({ ...i, url: link(i.url) })) };
}

async function renderBlocks(ctx: RenderContext, blocks: CampaignBlock[], market: Market, link: (url: string) => string): Promise<RenderedCampaignBlock[]> {
  const out: RenderedCampaignBlock[] = [];
  for (const b of blocks) {
    if (b.type === "button") out.push({ ...b, url: link(b.url) });
    else if (b.type === "products") out.push(await productGrid(ctx, market, b.handles, link));
    else out.push(b);
  }
  return out;
}

/** One recipient's message: their language (else the default), their market's prices, tracked links, unsubscribe headers and footer. */
async function buildMessage(ctx: RenderContext, r: { contactId: string; email: string; language: string; market: string }, opts: { idempotencyKey?: string; subjectPrefix?: string } = {}): Promise<MailMessage> {
  const { campaign } = ctx;
  const market = ctx.markets.get(r.market) ?? [...ctx.markets.values()][0]!;
  const { language, content } = contentFor(campaign.content, campaign.defaultLanguage, r.language);
  const idempotencyKey = opts.idempotencyKey ?? messageKey(campaign.id, r.contactId);
  const id = messageIdFor(idempotencyKey);
  const ref = { contactId: r.contactId, campaignId: campaign.id };
  const link = (url: string) => (isTrackableUrl(url) ? trackedUrl(id, url) : url);
  const footer = { postalAddress: ctx.postalAddress, unsubscribeUrl: unsubscribeUrl(ref), preferencesUrl: `${emailLinkOrigin()}/${market.handle}/account/preferences` };
  const blocks = await renderBlocks(ctx, content.blocks, market, link);
  const subject = `${opts.subjectPrefix ?? ""}${content.subject}`;
  const rendered = await renderEmail("marketing-campaign", { subject, preheader: content.preheader, blocks, footer }, { language, intlLocale: intlLocaleOf(language, market) });
  return {
    id,
    kind: "marketing",
    headers: listUnsubscribeHeaders(ref, ctx.from),
    idempotencyKey,
    template: "marketing-campaign",
    to: r.email,
    from: ctx.from,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    locale: language,
  };
}

async function renderContext(campaign: CampaignRow): Promise<RenderContext> {
  const store = await getStoreConfig();
  const from = store.sender.fromAddress ? formatMailbox(store.sender.fromName, store.sender.fromAddress) : mailFrom();
  return { campaign, from, postalAddress: store.postalAddress, markets: store.byHandle, products: new Map() };
}

async function markSkipped(campaignId: string, rows: { contactId: string; reason: string }[]): Promise<void> {
  if (!rows.length) return;
  const db = await getDb();
  for (const reason of new Set(rows.map((r) => r.reason))) {
    const ids = rows.filter((r) => r.reason === reason).map((r) => r.contactId);
    await db
      .update(campaignSendsTable)
      .set({ status: reason === "render_error" ? "failed" : "skipped", reason })
      .where(and(eq(campaignSendsTable.campaignId, campaignId), inArray(campaignSendsTable.contactId, ids), eq(campaignSendsTable.status, "queued")));
  }
}

/** The batch's idempotency key: the batch's own for its first send, suffixed when only part of it is left (a re-batch). */
function batchKey(campaignId: string, batch: number, pending: SendRow[], all: SendRow[]): string {
  const base = `campaign-${campaignId}-batch-${batch}`;
  if (!all.some((r) => r.status === "sent")) return base;
  const ids = pending.map((r) => r.contactId).sort().join(",");
  let h = 0;
  for (let i = 0; i < ids.length; i++) h = (Math.imul(h, 31) + ids.charCodeAt(i)) | 0;
  return `${base}-r${(h >>> 0).toString(36)}`;
}

/**
 * One batch job: re-checks each queued recipient now (consent, suppression, frequency cap: skipped,
 * not rescheduled), renders the rest, hands them to the mailer in one call and marks them sent in
 * the transaction that records the messages. Provider errors propagate: a 429's retry-after becomes
 * the job's next runAt; a rerun sends only the recipients still queued.
 */
export async function sendCampaignBatch(campaignId: string, batch: number, opts: { mailer?: Mailer; now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const db = await getDb();
  const campaign = await getCampaign(campaignId);
  if (campaign.status === "cancelled") return;
  const all = await db.select().from(campaignSendsTable).where(and(eq(campaignSendsTable.campaignId, campaignId), eq(campaignSendsTable.batch, batch))).orderBy(asc(campaignSendsTable.contactId));
  const queued = all.filter((r) => r.status === "queued");
  const skipped: { contactId: string; reason: string }[] = [];
  const capped = campaign.frequencyCapHours
    ? await recentMarketingRecipients(queued.map((r) => r.email), new Date(now.getTime() - campaign.frequencyCapHours * 3_600_000), `campaign:${campaignId}:`)
    : new Set<string>();
  const ctx = await renderContext(campaign);
  const pending: SendRow[] = [];
  const messages: MailMessage[] = [];
  for (const r of queued) {
    if (await isSuppressed(r.email, "marketing")) skipped.push({ contactId: r.contactId, reason: "suppressed" });
    else if (!(await marketingConsentGiven(r.contactId, r.email))) skipped.push({ contactId: r.contactId, reason: "unsubscribed" });
    else if (capped.has(r.email.toLowerCase())) skipped.push({ contactId: r.contactId, reason: "frequency_cap" });
    else {
      try {
        messages.push(await buildMessage(ctx, r));
        pending.push(r);
      } catch {
        skipped.push({ contactId: r.contactId, reason: "render_error" });
      }
    }
  }
  await markSkipped(campaignId, skipped);
  if (messages.length) {
    const mailer = opts.mailer ?? getMailer();
    const result = await mailer.sendBatch(messages, { idempotencyKey: batchKey(campaignId, batch, pending, all) });
    await db.transaction(async (tx) => {
      await recordSentEmails(tx, messages, result);
      for (const [i, r] of pending.entries()) {
        await tx
          .update(campaignSendsTable)
          .set({ status: "sent", outboxEmailId: messages[i]!.id ?? null, providerId: result.providerIds[i] ?? null, sentAt: now })
          .where(and(eq(campaignSendsTable.campaignId, campaignId), eq(campaignSendsTable.contactId, r.contactId), eq(campaignSendsTable.status, "queued")));
      }
    });
  }
  const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(campaignSendsTable).where(and(eq(campaignSendsTable.campaignId, campaignId), eq(campaignSendsTable.status, "queued")));
  if (Number(left?.n ?? 0) === 0) {
    await db.update(campaignsTable).set({ status: "sent", finishedAt: now, updatedAt: now }).where(and(eq(campaignsTable.id, campaignId), eq(campaignsTable.status, "sending")));
  }
}

/**
 * Test send: the campaign as `language`/`market` to staff addresses only, subject prefixed "[Test]".
 * Not a marketing send to a contact: no consent row applies, and nothing is counted in the report.
 */
export async function testSendCampaign(id: string, emails: string[], staffEmails: Set<string>, opts: { language?: string; market?: string; mailer?: Mailer } = {}): Promise<{ sent: string[] }> {
  const campaign = await getCampaign(id);
  const notStaff = emails.filter((e) => !staffEmails.has(e.toLowerCase()));
  if (notStaff.length) throw new UserError("not_staff_address", `Test sends go to staff accounts only: ${notStaff.join(", ")} is not one.`, 400, "emails");
  const ctx = await renderContext(campaign);
  const store = await getStoreConfig();
  const market = opts.market && store.byHandle.has(opts.market) ? opts.market : store.defaultMarket;
  const mailer = opts.mailer ?? getMailer();
  const stamp = Date.now().toString(36);
  for (const email of emails) {
    const msg = await buildMessage(ctx, { contactId: `test:${email}`, email, language: opts.language ?? campaign.defaultLanguage, market }, { idempotencyKey: `campaign-test:${id}:${email}:${stamp}`, subjectPrefix: "[Test] " });
    await mailer.send({ ...msg, kind: "transactional" });
  }
  return { sent: emails };
}

/** The HTML of the campaign as a recipient in `language` and `market` would get it (links untracked placeholders). */
export async function previewCampaign(id: string, language: string | undefined, marketHandle: string | undefined): Promise<{ subject: string; html: string; language: string }> {
  const campaign = await getCampaign(id);
  const ctx = await renderContext(campaign);
  const store = await getStoreConfig();
  const market = marketHandle && store.byHandle.has(marketHandle) ? marketHandle : store.defaultMarket;
  const msg = await buildMessage(ctx, { contactId: "preview", email: "preview@example.com", language: language ?? campaign.defaultLanguage, market }, { idempotencyKey: `campaign-preview:${id}` });
  return { subject: msg.subject, html: msg.html, language: msg.locale };
}

// ------------------------------------------------------------------------------------------ report

/** Per campaign: recipient statuses and the email events of its messages, in total and per language. */
export async function campaignReport(id: string) {
  const campaign = await getCampaign(id);
  const db = await getDb();
  const rows = await db
    .select({ contactId: campaignSendsTable.contactId, language: campaignSendsTable.language, status: campaignSendsTable.status, outboxEmailId: campaignSendsTable.outboxEmailId })
    .from(campaignSendsTable)
    .where(eq(campaignSendsTable.campaignId, id));
  const events = await eventTypesByMessage(rows.flatMap((r) => (r.outboxEmailId ? [r.outboxEmailId] : [])));
  // Recipients mailed while subscribed who are unsubscribed now.
  const unsubscribed = new Set(
    rowsOf<{ id: string }>(
      await db.execute(sql`select s.contact_id as id from campaign_sends s join contacts on contacts.id = s.contact_id where s.campaign_id = ${id} and s.status = 'sent' and ${currentConsentSql} = 'unsubscribed'`),
    ).map((r) => r.id),
  );
  const empty = () => ({ recipients: 0, sent: 0, skipped: 0, failed: 0, queued: 0, delivered: 0, opened: 0, clicked: 0, unsubscribed: 0, bounced: 0, complained: 0 });
  type Counts = ReturnType<typeof empty>;
  const total = empty();
  const byLanguage: Record<string, Counts> = {};
  const EVENT: [string, keyof Counts][] = [["delivered", "delivered"], ["opened", "opened"], ["clicked", "clicked"], ["bounced_hard", "bounced"], ["bounced_soft", "bounced"], ["complained", "complained"]];
  for (const r of rows) {
    const lang = (byLanguage[r.language] ??= empty());
    const counted = new Set<keyof Counts>(["recipients", r.status]);
    const types = r.outboxEmailId ? events.get(r.outboxEmailId) : undefined;
    for (const [type, key] of EVENT) if (types?.has(type)) counted.add(key);
    if (unsubscribed.has(r.contactId)) counted.add("unsubscribed");
    for (const k of counted) {
      total[k]++;
      lang[k]++;
    }
  }
  return { campaignId: id, status: campaign.status, ...total, byLanguage };
}

/** Registers the campaign job kinds (the start job and the batch job). */
export function registerCampaignJobs(): void {
  registerHandler<{ campaignId: string; at?: string }>(CAMPAIGN_START, async (p) => startCampaign(p.campaignId, p.at ?? null));
  registerHandler<{ campaignId: string; batch: number }>(CAMPAIGN_BATCH, async (p) => {
    if (!p.campaignId || !Number.isInteger(p.batch)) throw new PermanentJobError(`Invalid ${CAMPAIGN_BATCH} payload.`);
    await sendCampaignBatch(p.campaignId, p.batch);
  });
}


/** Recipients per status for each campaign that has started (the list's progress column). */
export async function campaignProgress(): Promise<Map<string, { total: number; done: number; sent: number }>> {
  const rows = await (await getDb())
    .select({ campaignId: campaignSendsTable.campaignId, status: campaignSendsTable.status, n: sql<number>`count(*)::int` })
    .from(campaignSendsTable)
    .groupBy(campaignSendsTable.campaignId, campaignSendsTable.status);
  const out = new Map<string, { total: number; done: number; sent: number }>();
  for (const r of rows) {
    const p = out.get(r.campaignId) ?? out.set(r.campaignId, { total: 0, done: 0, sent: 0 }).get(r.campaignId)!;
    p.total += Number(r.n);
    if (r.status !== "queued") p.done += Number(r.n);
    if (r.status === "sent") p.sent += Number(r.n);
  }
  return out;
}
