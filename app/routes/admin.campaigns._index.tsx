import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { ButtonLink } from "~/components/ui/Button";
import { useT, type MessageKey } from "~/lib/i18n";
import { campaignProgress, listCampaigns } from "~/modules/marketing/campaigns.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:campaigns");
  const [campaigns, progress] = await Promise.all([listCampaigns(), campaignProgress()]);
  const rows = campaigns.map((c) => ({ id: c.id, name: c.name, status: c.status, scheduledAt: c.scheduledAt?.toISOString().slice(0, 16).replace("T", " ") ?? null, ...(progress.get(c.id) ?? { total: 0, done: 0, sent: 0 }) }));
  return { rows, canWrite: can(actor.role, "write:campaigns") };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminCampaigns() {
  const { rows, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  const columns: Column<Row>[] = [
    {
      key: "name",
      label: t("admin.campaigns.name"),
      render: (r) => (
        <Link to={`/admin/campaigns/${r.id}`} className="underline">
          {r.name}
        </Link>
      ),
    },
    { key: "status", label: t("admin.campaigns.status"), render: (r) => t(`admin.campaigns.statuses.${r.status}` as MessageKey) },
    { key: "scheduledAt", label: t("admin.campaigns.scheduledAt"), render: (r) => r.scheduledAt ?? "—" },
    {
      key: "progress",
      label: t("admin.campaigns.progress"),
      render: (r) =>
        r.total ? (
          <span className="flex items-center gap-2">
            <progress value={r.done} max={r.total} aria-label={t("admin.campaigns.progressOf", { name: r.name })} />
            <span>{t("admin.campaigns.sentOfTotal", { sent: r.sent, done: r.done, total: r.total })}</span>
          </span>
        ) : (
          "—"
        ),
    },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.campaigns.title")}</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-700">{t("admin.campaigns.intro")}</p>
      {canWrite ? (
        <p className="mb-4">
          <ButtonLink to="/admin/campaigns/new">{t("admin.campaigns.newCampaign")}</ButtonLink>
        </p>
      ) : null}
      <DataTable caption={t("admin.campaigns.title")} columns={columns} rows={rows} rowKey={(r) => r.id} empty={t("admin.campaigns.empty")} total={rows.length} page={1} perPage={Math.max(rows.length, 1)} />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
