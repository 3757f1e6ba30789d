// Campaigns (issue #12, ADR 0018) against the real database and the real `resend` SDK pointed at the
// Resend stand-in. Resend facts the expectations rest on (resend.com/docs/api-reference/emails/send-batch-emails):
// POST /emails/batch takes at most 100 emails a call, and an Idempotency-Key answers a repeated
// identical request with the first response without sending again (24 h); 429 carries retry-after.
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { campaignSendsTable, campaignsTable, contactsTable, jobsTable, outboxEmailsTable, productTranslationsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { resetEnvForTests } from "~/lib/env.server";
import { UserError } from "~/lib/errors";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { handleAdminApi } from "~/api/admin/registry.server";
import { adminToken, TEST_ORIGIN } from "../../../test/staff-helpers";
import { listAuditLog } from "../staff/audit.server";
import { startResendStandin, type ResendStandin } from "../../../test/stand-ins/resend";
import { subscribe, unsubscribe } from "../contacts/consent.server";
import { findContactByEmail } from "../contacts/contacts.server";
import { runAllDueJobs } from "../jobs/jobs.server";
import { ResendMailer, type BatchSendResult, type MailMessage, type Mailer } from "../mail/mailer.server";
import { suppressEmail } from "../mail/suppressions.server";
import type { CampaignContent, CampaignInput } from "./campaign-content";
import { batchPlan, campaignReport, createCampaign, getCampaign, previewCampaign, scheduleCampaign, sendCampaignBatch, startCampaign } from "./campaigns.server";
import { createSegment } from "./segments.server";

const db = useTestDatabase();
const API_KEY = "re_test_campaigns";
let standin: ResendStandin;

beforeAll(async () => {
  registerAllJobHandlers();
  standin = await startResendStandin({ apiKey: API_KEY });
});
afterAll(async () => {
  await standin?.close();
});
beforeEach(() => standin.reset());
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

/** The worker's mailer is Resend (the stand-in) for the job-driven tests. */
function useResend() {
  vi.stubEnv("RESEND_API_KEY", API_KEY);
  vi.stubEnv("RESEND_BASE_URL", standin.url);
  resetEnvForTests();
}

let seq = 0;
/** `count` subscribed contacts in `market`, tagged `tag` (the campaign's segment selects the tag). */
async function people(tag: string, count: number, market = "de-de") {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${tag}-${++seq}@campaign.example`;
    await subscribe({ email, market, source: "footer", verifiedAddress: true });
    emails.push(email);
  }
  await db.current.db.update(contactsTable).set({ tags: [tag] }).where(inArray(contactsTable.email, emails));
  // The welcome emails these sign-ups queued are not under test (and would count toward the frequency cap).
  await db.current.db.delete(jobsTable).where(and(eq(jobsTable.kind, "mail.send"), eq(jobsTable.status, "queued")));
  return emails;
}

async function contactId(email: string) {
  return (await findContactByEmail(email))!.id;
}

const DE: CampaignContent = { subject: "Neu: Teeschalen", preheader: "Handgefertigt", blocks: [{ type: "heading", text: "Neu eingetroffen" }, { type: "discount", code: "TEE10" }] };
const EN: CampaignContent = { subject: "New: tea bowls", preheader: "Handmade", blocks: [{ type: "heading", text: "Just in" }] };

async function campaign(tag: string, over: Partial<CampaignInput> = {}) {
  const seg = await db.current.db.transaction((tx) => createSegment(tx, { name: tag, match: "all", rules: [{ field: "tags", op: "any", value: [tag] }] }, "test"));
  const input: CampaignInput = { name: `Campaign ${tag}`, segmentId: seg.result.id, defaultLanguage: "de", content: { de: DE }, throttlePerHour: null, frequencyCapHours: null, ...over };
  return (await db.current.db.transaction((tx) => createCampaign(tx, input, "marketer@staff.example"))).result;
}

async function schedule(id: string, at?: Date) {
  return db.current.db.transaction((tx) => scheduleCampaign(tx, id, at));
}

async function sends(campaignId: string) {
  return db.current.db.select().from(campaignSendsTable).where(eq(campaignSendsTable.campaignId, campaignId));
}

const batchRequests = () => standin.requests.filter((r) => r.path === "/emails/batch");
/** Campaign messages the stand-in delivered (batch calls carry a campaign-… key). */
const campaignEmails = () => [...standin.emails.values()].filter((e) => e.idempotencyKey?.startsWith("campaign-"));
const deliveredTo = () => campaignEmails().map((e) => String(e.to));

describe("sending through jobs and the Resend batch API", () => {
  it("101 recipients → 2 batch calls (100 + 1) keyed campaign-<id>-batch-1/-2; unsubscribed, suppressed and later-unsubscribed contacts are never mailed", async () => {
    useResend();
    const members = await people("big", 102);
    const [left] = await people("big", 1);
    await unsubscribe(await contactId(left!), { source: "email" });
    const [blocked] = await people("big", 1);
    await suppressEmail(blocked!, { reason: "hard_bounce" });
    const c = await campaign("big");
    await schedule(c.id);
    // Unsubscribes after scheduling, before the start: not a recipient at all (segment evaluated at send time).
    await unsubscribe(await contactId(members[0]!), { source: "email" });
    await runAllDueJobs({ at: new Date(Date.now() + 1000) });
    const rows = await sends(c.id);
    expect(rows).toHaveLength(101);
    expect(rows.filter((r) => r.batch === 1)).toHaveLength(100);
    expect(rows.filter((r) => r.batch === 2)).toHaveLength(1);
    // The two batch jobs are due together; the worker may run either first.
    const calls = new Map(batchRequests().map((r) => [r.headers["idempotency-key"], (r.body as unknown[]).length]));
    expect(batchRequests()).toHaveLength(2);
    expect(Object.fromEntries(calls)).toEqual({ [`campaign-${c.id}-batch-1`]: 100, [`campaign-${c.id}-batch-2`]: 1 });
    const to = deliveredTo();
    expect(to).toHaveLength(101);
    expect(new Set(to).size).toBe(101);
    for (const never of [members[0]!, left!, blocked!]) expect(to).not.toContain(never);
    // RFC 8058: one-click unsubscribe headers on every marketing message.
    for (const e of campaignEmails()) {
      expect(e.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(e.headers?.["List-Unsubscribe"]).toMatch(/^<https?:\/\/[^>]+\/unsubscribe\/[^>]+>, <mailto:/);
    }
    expect((await getCampaign(c.id)).status).toBe("sent");
    const report = await campaignReport(c.id);
    expect(report).toMatchObject({ recipients: 101, sent: 101, skipped: 0, failed: 0 });
  });

  it("someone who unsubscribes after the recipients were snapshotted is skipped, not mailed", async () => {
    const members = await people("late", 3);
    const c = await campaign("late");
    await schedule(c.id);
    await startCampaign(c.id, null);
    await unsubscribe(await contactId(members[1]!), { source: "email" });
    await suppressEmail(members[2]!, { reason: "complaint" });
    const mailer = new ResendMailer({ apiKey: API_KEY, baseUrl: standin.url });
    await sendCampaignBatch(c.id, 1, { mailer });
    expect(deliveredTo()).toEqual([members[0]]);
    const byEmail = new Map((await sends(c.id)).map((r) => [r.email, r]));
    expect(byEmail.get(members[1]!)).toMatchObject({ status: "skipped", reason: "unsubscribed" });
    expect(byEmail.get(members[2]!)).toMatchObject({ status: "skipped", reason: "suppressed" });
  });

  it("a provider error on one batch call retries that batch; nobody gets two", async () => {
    useResend();
    await people("flaky", 101);
    const c = await campaign("flaky");
    await schedule(c.id);
    await startCampaign(c.id, null);
    standin.failNext(500, "internal_server_error", 1);
    const first = await runAllDueJobs({ at: new Date(Date.now() + 1000) });
    expect(first.retried).toBe(1);
    const [job] = await db.current.db.select().from(jobsTable).where(and(eq(jobsTable.kind, "campaign.batch"), eq(jobsTable.status, "queued")));
    expect(job).toBeDefined();
    await runAllDueJobs({ at: new Date(Date.now() + 3_600_000) });
    const to = deliveredTo();
    expect(to).toHaveLength(101);
    expect(new Set(to).size).toBe(101);
    expect((await sends(c.id)).every((r) => r.status === "sent")).toBe(true);
  });

  it("429 with retry-after: the batch job's next runAt is at least now + retry-after", async () => {
    useResend();
    await people("limited", 2);
    const c = await campaign("limited");
    await schedule(c.id);
    await startCampaign(c.id, null);
    standin.rateLimitNext({ retryAfterSeconds: 120 });
    const before = Date.now();
    await runAllDueJobs({ at: new Date(Date.now() + 1000) });
    const [job] = await db.current.db.select().from(jobsTable).where(and(eq(jobsTable.kind, "campaign.batch"), like(jobsTable.dedupeKey, `%${c.id}%`)));
    expect(job!.status).toBe("queued");
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(campaignEmails()).toHaveLength(0);
  });

  it("crash after the provider accepted a batch but before the commit: the rerun replays the same key and each recipient is mailed once", async () => {
    const members = await people("crash", 5);
    const c = await campaign("crash");
    await schedule(c.id);
    await startCampaign(c.id, null);
    const real = new ResendMailer({ apiKey: API_KEY, baseUrl: standin.url });
    const dying: Mailer = {
      send: (m) => real.send(m),
      async sendBatch(msgs: MailMessage[], opts: { idempotencyKey: string }): Promise<BatchSendResult> {
        await real.sendBatch(msgs, opts);
        throw new Error("worker killed (kill -9) before the commit");
      },
    };
    await expect(sendCampaignBatch(c.id, 1, { mailer: dying })).rejects.toThrow(/killed/);
    expect((await sends(c.id)).every((r) => r.status === "queued")).toBe(true);
    const firstIds = campaignEmails().map((e) => e.id);
    await sendCampaignBatch(c.id, 1, { mailer: real });
    expect(batchRequests().map((r) => r.headers["idempotency-key"])).toEqual([`campaign-${c.id}-batch-1`, `campaign-${c.id}-batch-1`]);
    expect(campaignEmails()).toHaveLength(5);
    expect(new Set(deliveredTo())).toEqual(new Set(members));
    const rows = await sends(c.id);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(new Set(rows.map((r) => r.providerId))).toEqual(new Set(firstIds));
    const outbox = await db.current.db.select().from(outboxEmailsTable).where(like(outboxEmailsTable.idempotencyKey, `campaign:${c.id}:%`));
    expect(outbox).toHaveLength(5);
  });
});

describe("limits and content", () => {
  it("frequency cap: a contact mailed a marketing message within the cap is skipped (reason frequency_cap), not rescheduled; without a cap they are mailed", async () => {
    const [a, b] = await people("cap", 2);
    const first = await campaign("cap");
    await schedule(first.id);
    await startCampaign(first.id, null);
    await sendCampaignBatch(first.id, 1);
    // b joins only the second campaign's segment.
    const [c] = await people("cap", 1);
    const capped = await campaign("cap", { frequencyCapHours: 24 });
    await schedule(capped.id);
    await startCampaign(capped.id, null);
    await sendCampaignBatch(capped.id, 1);
    const byEmail = new Map((await sends(capped.id)).map((r) => [r.email, r]));
    expect(byEmail.get(a!)).toMatchObject({ status: "skipped", reason: "frequency_cap" });
    expect(byEmail.get(b!)).toMatchObject({ status: "skipped", reason: "frequency_cap" });
    expect(byEmail.get(c!)).toMatchObject({ status: "sent" });
    expect((await getCampaign(capped.id)).status).toBe("sent");
    const uncapped = await campaign("cap");
    await schedule(uncapped.id);
    await startCampaign(uncapped.id, null);
    await sendCampaignBatch(uncapped.id, 1);
    expect((await sends(uncapped.id)).every((r) => r.status === "sent")).toBe(true);
  });

  it("each recipient gets their language's version, else the default language's; product prices in their market's currency", async () => {
    const [handleRow] = await db.current.db.select({ handle: productTranslationsTable.handle }).from(productTranslationsTable).where(eq(productTranslationsTable.locale, "en")).limit(1);
    const withGrid = (c: CampaignContent): CampaignContent => ({ ...c, blocks: [...c.blocks, { type: "products", handles: [handleRow!.handle] }] });
    const [de] = await people("lang", 1, "de-de");
    const [en] = await people("lang", 1, "en-us");
    const [fr] = await people("lang", 1, "fr-fr");
    const c = await campaign("lang", { defaultLanguage: "en", content: { de: withGrid(DE), en: withGrid(EN) } });
    await schedule(c.id);
    await startCampaign(c.id, null);
    await sendCampaignBatch(c.id, 1);
    const mail = await db.current.db.select().from(outboxEmailsTable).where(like(outboxEmailsTable.idempotencyKey, `campaign:${c.id}:%`));
    const of = (to: string) => mail.find((m) => m.to === to)!;
    expect(of(de!).subject).toBe(DE.subject);
    expect(of(de!).locale).toBe("de");
    expect(of(en!).subject).toBe(EN.subject);
    expect(of(fr!).subject).toBe(EN.subject); // no French version: the default (en)
    expect(of(de!).html).toContain("TEE10");
    expect(of(de!).html).toContain("€");
    expect(of(en!).html).toContain("$");
    // Every store link goes through the tracked redirect.
    expect(of(en!).html).toMatch(/href="[^"]*\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    expect(of(de!).headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const preview = await previewCampaign(c.id, "fr", "fr-fr");
    expect(preview.subject).toBe(EN.subject);
    const report = await campaignReport(c.id);
    // The breakdown is by the recipient's language (fr), whichever version they were sent.
    expect(report.byLanguage).toMatchObject({ de: { sent: 1 }, en: { sent: 1 }, fr: { sent: 1 } });
  });

  it("throttle spaces the batch jobs so sends per hour stay at or under it", async () => {
    expect(batchPlan(null)).toEqual({ size: 100, spacingMs: 0 });
    expect(batchPlan(150)).toEqual({ size: 100, spacingMs: 2_400_000 }); // 100 per 40 min = 150/h
    expect(batchPlan(30)).toEqual({ size: 30, spacingMs: 3_600_000 });
    await people("slow", 3);
    const c = await campaign("slow", { throttlePerHour: 2 });
    await schedule(c.id);
    const now = new Date();
    await startCampaign(c.id, null, now);
    const jobs = await db.current.db.select().from(jobsTable).where(like(jobsTable.dedupeKey, `campaign.batch:${c.id}:%`));
    const runAts = jobs.map((j) => j.runAt.getTime() - now.getTime()).sort((x, y) => x - y);
    expect(runAts).toEqual([0, 3_600_000]);
  });

  it("schedule: 400 for a past time, 409 once the campaign is no longer a draft or scheduled", async () => {
    await people("sched", 1);
    const c = await campaign("sched");
    await expect(schedule(c.id, new Date(Date.now() - 3_600_000))).rejects.toMatchObject({ status: 400, field: "at" });
    await schedule(c.id, new Date(Date.now() + 3_600_000));
    await db.current.db.update(campaignsTable).set({ status: "sent" }).where(eq(campaignsTable.id, c.id));
    const err = await schedule(c.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ status: 409 });
  });
});

describe("campaigns in the Admin API", () => {
  const tokens: Record<string, { token: string; email: string }> = {};
  beforeAll(async () => {
    for (const role of ["owner", "marketer", "support"] as const) tokens[role] = await adminToken(role);
  });
  async function call(role: string, method: string, path: string, body?: unknown) {
    const rest = path.slice(1);
    const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[role]!.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
    return { status: r.status, json: (await r.json()) as any };
  }

  it("a marketer creates, changes, previews, test-sends, schedules and reads the report; support may not write; every write audited", async () => {
    await people("api", 2);
    const seg = await db.current.db.transaction((tx) => createSegment(tx, { name: "api", match: "all", rules: [{ field: "tags", op: "any", value: ["api"] }] }, "test"));
    const body = { name: "Herbst", segmentId: seg.result.id, defaultLanguage: "de", content: { de: DE } };
    expect((await call("support", "POST", "/campaigns", body)).status).toBe(403);
    const bad = await call("marketer", "POST", "/campaigns", { ...body, content: { de: { subject: "x", blocks: [{ type: "button", label: "Go", url: "not a url" }] } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.field ?? bad.json.field).toMatch(/content\.de\.blocks\.0\.url/);
    expect((await call("marketer", "POST", "/campaigns", { ...body, segmentId: "seg_nope" })).status).toBe(400);
    const created = await call("marketer", "POST", "/campaigns", body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Herbst", status: "draft", throttlePerHour: null, frequencyCapHours: null });
    const id = created.json.id as string;
    expect((await call("support", "GET", "/campaigns")).status).toBe(403);
    expect((await call("marketer", "GET", "/campaigns")).json.nodes.map((c: { id: string }) => c.id)).toContain(id);
    const patched = await call("marketer", "PATCH", `/campaigns/${id}`, { content: { de: DE, en: EN }, throttlePerHour: 5000 });
    expect(patched.json).toMatchObject({ throttlePerHour: 5000, content: { en: { subject: EN.subject } } });
    const preview = await call("marketer", "GET", `/campaigns/${id}/preview?language=en&market=en-us`);
    expect(preview.json).toMatchObject({ subject: EN.subject, language: "en" });
    expect(preview.json.html).toContain("Just in");

    expect((await call("marketer", "POST", `/campaigns/${id}/test-send`, { emails: ["stranger@example.com"] })).status).toBe(400);
    const test = await call("marketer", "POST", `/campaigns/${id}/test-send`, {});
    expect(test.json).toEqual({ sent: [tokens.marketer!.email] });
    const [testMail] = await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.to, tokens.marketer!.email));
    expect(testMail!.subject).toBe(`[Test] ${DE.subject}`);

    expect((await call("marketer", "POST", `/campaigns/${id}/schedule`, { at: "2001-01-01T00:00:00Z" })).status).toBe(400);
    expect((await call("marketer", "POST", `/campaigns/${id}/schedule`, { at: "tomorrow" })).status).toBe(400);
    const scheduled = await call("marketer", "POST", `/campaigns/${id}/schedule`, {});
    expect(scheduled.json.status).toBe("scheduled");
    expect((await call("marketer", "PATCH", `/campaigns/${id}`, { name: "x" })).status).toBe(409);
    await runAllDueJobs({ at: new Date(Date.now() + 1000) });
    expect((await call("marketer", "POST", `/campaigns/${id}/schedule`, {})).status).toBe(409);
    const report = await call("support", "GET", `/campaigns/${id}/report`);
    expect(report.status).toBe(403);
    const r = await call("owner", "GET", `/campaigns/${id}/report`);
    expect(r.json).toMatchObject({ campaignId: id, status: "sent", recipients: 2, sent: 2, byLanguage: { de: { sent: 2 } } });
    const audit = await listAuditLog({ entityId: id }, { limit: 10, offset: 0 });
    expect(audit.entries.map((a) => a.action).sort()).toEqual(["create:campaigns", "schedule:campaigns", "update:campaigns"]);
  });
});
