import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { FilterForm } from "~/components/admin/FilterForm";
import { FormField, SelectField } from "~/components/admin/FormField";
import { dayAfter, dayStart, readTableState } from "~/components/admin/table-params";
import { useT } from "~/lib/i18n";
import { requireAdminPage } from "~/modules/staff/access.server";
import { listAuditLog, type Via } from "~/modules/staff/audit.server";

const VIAS = ["page", "api", "cli"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:audit-log");
  const url = new URL(request.url);
  const p = url.searchParams;
  const table = readTableState(url, ["at"] as const, { sort: "at", dir: "desc" });
  const filters = {
    actor: (p.get("actor") ?? "").slice(0, 254),
    action: (p.get("action") ?? "").slice(0, 100),
    via: VIAS.find((v) => v === p.get("via")) ?? "",
    from: p.get("from") ?? "",
    to: p.get("to") ?? "",
  };
  // The "to" day is included (the log filter's bound is inclusive).
  const until = dayAfter(filters.to);
  const { entries, total } = await listAuditLog(
    { actor: filters.actor || undefined, action: filters.action || undefined, via: (filters.via || undefined) as Via | undefined, from: dayStart(filters.from), to: until ? new Date(until.getTime() - 1) : undefined },
    { limit: table.perPage, offset: (table.page - 1) * table.perPage, oldestFirst: table.dir === "asc" },
  );
  const rows = entries.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actorEmail,
    via: e.via,
    action: e.action,
    entityId: e.entityId,
    before: e.before === null ? null : JSON.stringify(e.before, null, 2),
    after: e.after === null ? null : JSON.stringify(e.after, null, 2),
  }));
  return { rows, total, table, filters };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminAuditLog() {
  const { rows, total, table, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const columns: Column<Row>[] = [
    { key: "at", label: t("admin.audit.at"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.at}>{r.at.replace("T", " ").slice(0, 19)}</time> },
    { key: "actor", label: t("admin.audit.actor"), render: (r) => <span className="break-all">{r.actor}</span> },
    { key: "via", label: t("admin.audit.via"), render: (r) => t(`admin.via.${r.via}`) },
    { key: "action", label: t("admin.audit.action"), render: (r) => <code>{r.action}</code> },
    { key: "entity", label: t("admin.audit.entity"), render: (r) => (r.entityId ? <code className="break-all">{r.entityId}</code> : "—") },
    {
      key: "change",
      label: t("admin.audit.change"),
      render: (r) => (
        <details>
          <summary className="cursor-pointer underline">{t("admin.audit.change")}</summary>
          <div className="mt-2 grid gap-2 lg:grid-cols-2">
            <div>
              <p className="font-medium">{t("admin.audit.before")}</p>
              <pre className="max-h-64 overflow-auto rounded bg-stone-100 p-2 text-xs">{r.before ?? "—"}</pre>
            </div>
            <div>
              <p className="font-medium">{t("admin.audit.after")}</p>
              <pre className="max-h-64 overflow-auto rounded bg-stone-100 p-2 text-xs">{r.after ?? "—"}</pre>
            </div>
          </div>
        </details>
      ),
    },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.audit.title")}</h1>
      <FilterForm label={t("admin.audit.title")} clearTo="/admin/audit-log">
        <FormField id="f-actor" name="actor" type="search" label={t("admin.audit.actor")} defaultValue={filters.actor} />
        <FormField id="f-action" name="action" type="text" label={t("admin.audit.action")} defaultValue={filters.action} placeholder="update:staff" />
        <SelectField id="f-via" name="via" label={t("admin.audit.via")} defaultValue={filters.via} options={[{ value: "", label: t("admin.audit.any") }, ...VIAS.map((v) => ({ value: v, label: t(`admin.via.${v}`) }))]} />
        <FormField id="f-from" name="from" type="date" label={t("admin.audit.from")} defaultValue={filters.from} />
        <FormField id="f-to" name="to" type="date" label={t("admin.audit.to")} defaultValue={filters.to} />
      </FilterForm>
      <DataTable caption={t("admin.audit.title")} columns={columns} rows={rows} rowKey={(r) => r.id} sort={table.sort} dir={table.dir} empty={t("admin.audit.empty")} total={total} page={table.page} perPage={table.perPage} />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
