import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { isFiltered, readPage } from "~/components/admin/table-params";
import { FilterForm } from "~/components/admin/FilterForm";
import { FormField } from "~/components/admin/FormField";
import { useT } from "~/lib/i18n";
import { listCustomers } from "~/modules/customers/profile.server";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:customers");
  const url = new URL(request.url);
  const search = (url.searchParams.get("search") ?? "").slice(0, 254);
  const r = await listCustomers({ search: search || null, page: readPage(url) });
  return {
    rows: r.customers.map((c) => ({ id: c.id, email: c.email, name: c.name ?? "", market: c.market, verified: c.verified, createdAt: c.createdAt.toISOString() })),
    total: r.total,
    page: r.page,
    perPage: r.pageSize,
    search,
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminCustomers() {
  const { rows, total, page, perPage, search } = useLoaderData<typeof loader>();
  const t = useT();
  const columns: Column<Row>[] = [
    {
      key: "email",
      label: t("admin.customers.email"),
      render: (r) => (
        <Link to={`/admin/customers/${r.id}`} className="break-all underline">
          {r.email}
        </Link>
      ),
    },
    { key: "name", label: t("admin.customers.name"), render: (r) => r.name || "—" },
    { key: "market", label: t("admin.customers.market"), render: (r) => (r.market ? <code>{r.market}</code> : "—") },
    { key: "verified", label: t("admin.customers.verified"), render: (r) => t(r.verified ? "admin.customers.yes" : "admin.customers.no") },
    { key: "createdAt", label: t("admin.customers.since"), className: "whitespace-nowrap", render: (r) => <time dateTime={r.createdAt}>{r.createdAt.slice(0, 10)}</time> },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.customers.title")}</h1>
      <FilterForm label={t("admin.customers.title")} clearTo="/admin/customers">
        <FormField id="f-search" name="search" type="search" label={t("admin.customers.search")} defaultValue={search} />
      </FilterForm>
      <DataTable
        caption={t("admin.customers.title")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        empty={t("admin.customers.empty")}
        emptyFiltered={t("admin.customers.emptyFiltered")}
        filtered={isFiltered({ search })}
        total={total}
        page={page}
        perPage={perPage}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
