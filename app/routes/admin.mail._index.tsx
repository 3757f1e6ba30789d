import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { FilterForm } from "~/components/admin/FilterForm";
import { FormField } from "~/components/admin/FormField";
import { readTableState } from "~/components/admin/table-params";
import { useT } from "~/lib/i18n";
import { searchOutbox } from "~/modules/mail/outbox.server";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:outbox");
  const url = new URL(request.url);
  const to = (url.searchParams.get("to") ?? "").trim().slice(0, 254);
  const table = readTableState(url, ["sent"] as const, { sort: "sent", dir: "desc" });
  const { messages, total } = await searchOutbox({ to: to || undefined, limit: table.perPage, offset: (table.page - 1) * table.perPage, oldestFirst: table.dir === "asc" });
  const rows = messages.map((m) => ({ id: m.id, to: m.to, subject: m.subject, template: m.template, sent: m.createdAt.toISOString() }));
  return { rows, total, table, to };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminMail() {
  const { rows, total, table, to } = useLoaderData<typeof loader>();
  const t = useT();
  const columns: Column<Row>[] = [
    { key: "sent", label: t("admin.mail.sent"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.sent}>{r.sent.replace("T", " ").slice(0, 19)}</time> },
    { key: "to", label: t("admin.mail.to"), render: (r) => <span className="break-all">{r.to}</span> },
    {
      key: "subject",
      label: t("admin.mail.subject"),
      render: (r) => (
        <Link to={`/admin/mail/${r.id}`} className="underline">
          {r.subject}
        </Link>
      ),
    },
    { key: "template", label: t("admin.mail.template"), render: (r) => <code>{r.template}</code> },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.mail.title")}</h1>
      <FilterForm label={t("admin.mail.title")} clearTo="/admin/mail">
        <FormField id="mail-to" name="to" type="search" label={t("admin.mail.search")} defaultValue={to} />
      </FilterForm>
      <DataTable caption={t("admin.mail.title")} columns={columns} rows={rows} rowKey={(r) => r.id} sort={table.sort} dir={table.dir} empty={t("admin.mail.empty")} total={total} page={table.page} perPage={table.perPage} />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
