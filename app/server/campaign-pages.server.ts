/**
 * The campaign composer's form actions (/admin/campaigns/new and /admin/campaigns/:id). Without
 * JavaScript every change is its own submit: save the subject, add a block (its own small form per
 * type), remove a block, send a test, schedule. Each saves through the same module functions as the
 * Admin API, audited like it.
 */
import { data, redirect } from "@remix-run/node";
import { isUserError, UserError } from "~/lib/errors";
import { CampaignBlockSchema, CampaignContentSchema, CampaignInputSchema, type CampaignContent } from "~/modules/marketing/campaign-content";
import { createCampaign, getCampaign, scheduleCampaign, testSendCampaign, updateCampaign } from "~/modules/marketing/campaigns.server";
import { requireAdminAction } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { listStaff } from "~/modules/staff/staff.server";

export type CampaignActionData = { error?: { message: string; field?: string }; done?: "saved" | "tested" | "scheduled" };

const fail = (message: string, field?: string, status = 400) => data<CampaignActionData>({ error: { message, field } }, { status });

function issue(e: { issues: { message: string; path: PropertyKey[] }[] }) {
  const first = e.issues[0]!;
  return fail(first.message, first.path.map(String).join(".") || undefined);
}

/** /admin/campaigns/new: name, segment, default language and its subject make a draft. */
export async function newCampaignAction(request: Request) {
  const { actor, form } = await requireAdminAction(request, "write:campaigns");
  const f = (k: string) => String(form.get(k) ?? "");
  const language = f("defaultLanguage");
  const parsed = CampaignInputSchema.safeParse({ name: f("name"), segmentId: f("segmentId"), defaultLanguage: language, content: { [language]: { subject: f("subject"), preheader: f("preheader"), blocks: [] } } });
  if (!parsed.success) return issue(parsed.error);
  try {
    const created = await auditedWrite(actor, "create:campaigns", (tx) => createCampaign(tx, parsed.data, actor.email));
    return redirect(`/admin/campaigns/${created.id}?language=${language}`);
  } catch (e) {
    if (isUserError(e)) return fail(e.message, e.field, e.status);
    throw e;
  }
}

function blockFromForm(form: FormData) {
  const f = (k: string) => String(form.get(k) ?? "");
  const type = f("type");
  if (type === "products") return { type, handles: f("handles").split(/[\s,]+/).filter(Boolean) };
  if (type === "image") return { type, url: f("url"), alt: f("alt") };
  if (type === "button") return { type, label: f("label"), url: f("url") };
  if (type === "discount") return { type, code: f("code") };
  return { type, text: f("text") };
}

/** /admin/campaigns/:id: the composer's intents. */
export async function campaignAction(request: Request, id: string | undefined) {
  const { actor, form } = await requireAdminAction(request, "write:campaigns");
  const intent = String(form.get("intent") ?? "");
  const language = String(form.get("language") ?? "");
  if (!["content", "add", "remove", "test", "schedule"].includes(intent) || !id) return fail("Choose an action: save, add or remove a block, send a test or schedule.");
  try {
    if (intent === "test") {
      const staff = new Set((await listStaff()).filter((s) => !s.disabledAt).map((s) => s.email.toLowerCase()));
      await testSendCampaign(id, [actor.email], staff, { language: language || undefined, market: String(form.get("market") ?? "") || undefined });
      return data<CampaignActionData>({ done: "tested" });
    }
    if (intent === "schedule") {
      const when = String(form.get("at") ?? "");
      // datetime-local has no zone: the form says the time is UTC.
      const at = when ? new Date(`${when}Z`) : undefined;
      if (at && Number.isNaN(at.getTime())) return fail("Give a date and time, or none to send now.", "at");
      await auditedWrite(actor, "schedule:campaigns", (tx) => scheduleCampaign(tx, id, at));
      return redirect(`/admin/campaigns/${id}?scheduled=1`);
    }
    const campaign = await getCampaign(id);
    if (!/^[a-z]{2,3}$/.test(language)) return fail("Choose a language.", "language");
    const current: CampaignContent = campaign.content[language] ?? { subject: "", preheader: "", blocks: [] };
    let next: CampaignContent;
    if (intent === "content") {
      next = { ...current, subject: String(form.get("subject") ?? ""), preheader: String(form.get("preheader") ?? "") };
    } else if (intent === "add") {
      const block = CampaignBlockSchema.safeParse(blockFromForm(form));
      if (!block.success) return issue(block.error);
      if (!current.subject) throw new UserError("invalid_campaign", "Save this language's subject first.", 400, "subject");
      next = { ...current, blocks: [...current.blocks, block.data] };
    } else {
      const index = Number(form.get("index"));
      next = { ...current, blocks: current.blocks.filter((_, i) => i !== index) };
    }
    const parsed = CampaignContentSchema.safeParse(next);
    if (!parsed.success) return issue(parsed.error);
    await auditedWrite(actor, "update:campaigns", (tx) => updateCampaign(tx, id, { content: { ...campaign.content, [language]: parsed.data } }));
    return redirect(`/admin/campaigns/${id}?language=${language}&saved=1`);
  } catch (e) {
    if (isUserError(e)) return fail(e.message, e.field, e.status === 404 ? 404 : e.status);
    throw e;
  }
}
