import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { useT } from "~/lib/i18n";
import { listSegments } from "~/modules/marketing/segments.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { newCampaignAction, type CampaignActionData } from "~/server/campaign-pages.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "write:campaigns");
  const [segments, store] = await Promise.all([listSegments(), getStoreConfig()]);
  const languages = [...new Set(store.markets.map((m) => m.language))];
  return { segments: segments.map((s) => ({ value: s.id, label: s.name })), languages: languages.map((l) => ({ value: l, label: l })), defaultLanguage: store.byHandle.get(store.defaultMarket)?.language ?? languages[0] ?? "en" };
}

export async function action({ request }: ActionFunctionArgs) {
  return newCampaignAction(request);
}

export default function NewCampaign() {
  const { segments, languages, defaultLanguage } = useLoaderData<typeof loader>();
  const actionData = useActionData<CampaignActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  const err = (field: string) => (actionData?.error?.field?.startsWith(field) ? actionData.error.message : undefined);
  return (
    <section className="max-w-2xl">
      <p className="mb-2 text-sm">
        <Link to="/admin/campaigns" className="underline">
          {t("admin.campaigns.back")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.campaigns.newCampaign")}</h1>
      {actionData?.error && !actionData.error.field ? <Flash tone="error">{actionData.error.message}</Flash> : null}
      {segments.length ? null : <p className="mb-4">{t("admin.campaigns.noSegments")}</p>}
      <Form method="post" className="space-y-4">
        <CsrfField token={csrf} />
        <FormField id="name" name="name" label={t("admin.campaigns.name")} required error={err("name")} />
        <SelectField id="segmentId" name="segmentId" label={t("admin.campaigns.segment")} options={segments} error={err("segmentId")} />
        <SelectField id="defaultLanguage" name="defaultLanguage" label={t("admin.campaigns.defaultLanguage")} options={languages} defaultValue={defaultLanguage} error={err("defaultLanguage")} />
        <FormField id="subject" name="subject" label={t("admin.campaigns.subject")} required error={err("content")} />
        <FormField id="preheader" name="preheader" label={t("admin.campaigns.preheader")} />
        <Button>{t("admin.campaigns.create")}</Button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
