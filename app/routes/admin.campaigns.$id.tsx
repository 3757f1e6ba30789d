import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { Field } from "~/components/ui/Field";
import { Textarea } from "~/components/ui/Input";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import type { CampaignBlock } from "~/modules/marketing/campaign-content";
import { campaignReport, getCampaign, previewCampaign } from "~/modules/marketing/campaigns.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";
import { campaignAction, type CampaignActionData } from "~/server/campaign-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:campaigns");
  const url = new URL(request.url);
  try {
    const campaign = await getCampaign(params.id ?? "");
    const store = await getStoreConfig();
    const languages = [...new Set(store.markets.map((m) => m.language))];
    const language = languages.includes(url.searchParams.get("language") ?? "") ? url.searchParams.get("language")! : campaign.defaultLanguage;
    const market = store.byHandle.has(url.searchParams.get("market") ?? "") ? url.searchParams.get("market")! : (store.markets.find((m) => m.language === language)?.handle ?? store.defaultMarket);
    const [report, preview] = await Promise.all([campaignReport(campaign.id), previewCampaign(campaign.id, language, market)]);
    const elapsedMin = campaign.startedAt ? Math.max(1, (Date.now() - campaign.startedAt.getTime()) / 60_000) : null;
    const done = report.sent + report.skipped + report.failed;
    const rate = elapsedMin && done ? Math.round(report.sent / elapsedMin) : null;
    const etaMin = rate && report.queued ? Math.ceil(report.queued / Math.max(rate, 1)) : null;
    return {
      campaign: { id: campaign.id, name: campaign.name, status: campaign.status, defaultLanguage: campaign.defaultLanguage, scheduledAt: campaign.scheduledAt?.toISOString() ?? null, languages: Object.keys(campaign.content) },
      content: campaign.content[language] ?? null,
      language,
      market,
      languages,
      markets: store.markets.map((m) => ({ value: m.handle, label: m.name })),
      report: { total: report.recipients, sent: report.sent, skipped: report.skipped, failed: report.failed, done, rate, etaMin },
      preview,
      canWrite: can(actor.role, "write:campaigns"),
      flash: url.searchParams.get("saved") ? "saved" : url.searchParams.get("scheduled") ? "scheduled" : null,
    };
  } catch (e) {
    if (isUserError(e) && e.status === 404) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return campaignAction(request, params.id);
}

const BLOCK_TYPES = ["heading", "text", "image", "button", "products", "discount"] as const;

function blockSummary(b: CampaignBlock): string {
  switch (b.type) {
    case "heading":
    case "text":
      return b.text;
    case "image":
      return `${b.url} (${b.alt})`;
    case "button":
      return `${b.label} → ${b.url}`;
    case "products":
      return b.handles.join(", ");
    case "discount":
      return b.code;
  }
}

function AddBlock({ type, language, csrf }: { type: (typeof BLOCK_TYPES)[number]; language: string; csrf: string }) {
  const t = useT();
  const id = (f: string) => `add-${type}-${f}`;
  return (
    <Form method="post" className="space-y-2 rounded border border-stone-300 p-3">
      <CsrfField token={csrf} />
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="language" value={language} />
      <h4 className="font-medium">{t(`admin.campaigns.blocks.${type}` as MessageKey)}</h4>
      {type === "heading" ? <FormField id={id("text")} name="text" label={t("admin.campaigns.fields.text")} required /> : null}
      {type === "text" ? (
        <Field id={id("text")} label={t("admin.campaigns.fields.text")} required>
          {(control) => <Textarea {...control} name="text" rows={3} required block />}
        </Field>
      ) : null}
      {type === "image" ? (
        <>
          <FormField id={id("url")} name="url" type="url" label={t("admin.campaigns.fields.imageUrl")} required />
          <FormField id={id("alt")} name="alt" label={t("admin.campaigns.fields.alt")} />
        </>
      ) : null}
      {type === "button" ? (
        <>
          <FormField id={id("label")} name="label" label={t("admin.campaigns.fields.label")} required />
          <FormField id={id("url")} name="url" type="url" label={t("admin.campaigns.fields.url")} required />
        </>
      ) : null}
      {type === "products" ? <FormField id={id("handles")} name="handles" label={t("admin.campaigns.fields.handles")} description={t("admin.campaigns.fields.handlesHint")} required /> : null}
      {type === "discount" ? <FormField id={id("code")} name="code" label={t("admin.campaigns.fields.code")} required /> : null}
      <Button variant="outline">{t("admin.campaigns.addBlock")}</Button>
    </Form>
  );
}

export default function CampaignPage() {
  const { campaign, content, language, market, languages, markets, report, preview, canWrite, flash } = useLoaderData<typeof loader>();
  const actionData = useActionData<CampaignActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  const editable = canWrite && campaign.status === "draft";
  const err = (field: string) => (actionData?.error?.field?.startsWith(field) ? actionData.error.message : undefined);
  return (
    <section className="max-w-4xl space-y-6">
      <p className="text-sm">
        <Link to="/admin/campaigns" className="underline">
          {t("admin.campaigns.back")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{campaign.name}</h1>
      <p>
        {t("admin.campaigns.status")}: {t(`admin.campaigns.statuses.${campaign.status}` as MessageKey)}
        {campaign.scheduledAt ? ` · ${t("admin.campaigns.scheduledAt")}: ${campaign.scheduledAt.slice(0, 16).replace("T", " ")} UTC` : ""}
      </p>
      {flash && !actionData ? <Flash>{t(flash === "saved" ? "admin.campaigns.saved" : "admin.campaigns.scheduled")}</Flash> : null}
      {actionData?.done === "tested" ? <Flash>{t("admin.campaigns.tested")}</Flash> : null}
      {actionData?.error ? <Flash tone="error">{actionData.error.message}</Flash> : null}

      {report.total ? (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title" className="mb-2 text-xl font-semibold">
            {t("admin.campaigns.progress")}
          </h2>
          <progress className="w-full" value={report.done} max={report.total} aria-describedby="progress-text" />
          <p id="progress-text">{t("admin.campaigns.progressText", { sent: report.sent, skipped: report.skipped, failed: report.failed, total: report.total })}</p>
          {report.rate !== null ? <p>{t("admin.campaigns.rate", { rate: report.rate })}</p> : null}
          {report.etaMin !== null ? <p>{t("admin.campaigns.eta", { minutes: report.etaMin })}</p> : null}
          <p className="text-sm text-stone-700">{t("admin.campaigns.reload")}</p>
        </section>
      ) : null}

      <nav aria-label={t("admin.campaigns.languages")}>
        <ul className="flex flex-wrap gap-3">
          {languages.map((l) => (
            <li key={l}>
              <Link to={`?language=${l}`} aria-current={l === language ? "page" : undefined} className={l === language ? "font-semibold underline" : "underline"}>
                {l}
                {l === campaign.defaultLanguage ? ` (${t("admin.campaigns.default")})` : ""}
                {campaign.languages.includes(l) ? "" : ` — ${t("admin.campaigns.fallback")}`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="content-title" className="space-y-3">
        <h2 id="content-title" className="text-xl font-semibold">
          {t("admin.campaigns.content", { language })}
        </h2>
        {editable ? (
          <Form method="post" className="space-y-3">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="content" />
            <input type="hidden" name="language" value={language} />
            <FormField id="subject" name="subject" label={t("admin.campaigns.subject")} defaultValue={content?.subject ?? ""} required error={err("subject")} key={`s-${language}`} />
            <FormField id="preheader" name="preheader" label={t("admin.campaigns.preheader")} defaultValue={content?.preheader ?? ""} key={`p-${language}`} />
            <Button>{t("admin.campaigns.save")}</Button>
          </Form>
        ) : (
          <p>
            {t("admin.campaigns.subject")}: {content?.subject ?? t("admin.campaigns.fallback")}
          </p>
        )}
        <ol className="list-decimal space-y-2 ps-6">
          {(content?.blocks ?? []).map((b, i) => (
            <li key={i}>
              <span className="font-medium">{t(`admin.campaigns.blocks.${b.type}` as MessageKey)}</span>: {blockSummary(b)}
              {editable ? (
                <Form method="post" className="ms-2 inline">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="language" value={language} />
                  <input type="hidden" name="index" value={i} />
                  <Button variant="outline" size="sm" aria-label={t("admin.campaigns.removeBlock", { n: i + 1 })}>
                    {t("admin.campaigns.remove")}
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
        {editable && content ? (
          <details>
            <summary className="cursor-pointer font-medium">{t("admin.campaigns.addBlock")}</summary>
            <div className="mt-2 grid gap-3 md:grid-cols-2">
              {BLOCK_TYPES.map((type) => (
                <AddBlock key={type} type={type} language={language} csrf={csrf} />
              ))}
            </div>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="preview-title" className="space-y-3">
        <h2 id="preview-title" className="text-xl font-semibold">
          {t("admin.campaigns.preview")}
        </h2>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="language" value={language} />
          <SelectField id="preview-market" name="market" label={t("admin.campaigns.market")} options={markets} defaultValue={market} />
          <Button variant="outline">{t("admin.campaigns.showPreview")}</Button>
        </Form>
        <p>
          {t("admin.campaigns.subject")}: {preview.subject}
        </p>
        <iframe title={t("admin.campaigns.preview")} srcDoc={preview.html} sandbox="" className="h-[32rem] w-full border border-stone-300 bg-white" />
        {canWrite ? (
          <Form method="post">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="test" />
            <input type="hidden" name="language" value={language} />
            <input type="hidden" name="market" value={market} />
            <Button variant="outline">{t("admin.campaigns.testSend")}</Button>
          </Form>
        ) : null}
      </section>

      {canWrite && (campaign.status === "draft" || campaign.status === "scheduled") ? (
        <section aria-labelledby="schedule-title" className="space-y-3">
          <h2 id="schedule-title" className="text-xl font-semibold">
            {t("admin.campaigns.schedule")}
          </h2>
          <Form method="post" className="flex flex-wrap items-end gap-3">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="schedule" />
            <FormField id="at" name="at" type="datetime-local" label={t("admin.campaigns.at")} description={t("admin.campaigns.atHint")} error={err("at")} />
            <Button>{t("admin.campaigns.scheduleAt")}</Button>
          </Form>
          <Form method="post">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="schedule" />
            <Button>{t("admin.campaigns.sendNow")}</Button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
