import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { FilterForm } from "~/components/admin/FilterForm";
import { FormField, SelectField } from "~/components/admin/FormField";
import { isFiltered, readTableState } from "~/components/admin/table-params";
import { useAdmin } from "~/components/admin/use-admin";
import { useT } from "~/lib/i18n";
import { ADMIN_PRODUCT_SORTS } from "~/modules/catalog/catalog";
import { listCollectionsForAdmin, listProductsForAdmin } from "~/modules/catalog/catalog-admin.server";
import { PRODUCT_STATUSES, type ProductStatus } from "~/modules/catalog/catalog-input";
import { requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:products");
  const url = new URL(request.url);
  const p = url.searchParams;
  const table = readTableState(url, ADMIN_PRODUCT_SORTS, { sort: "updated", dir: "desc" });
  const collections = await listCollectionsForAdmin();
  const status: ProductStatus | undefined = PRODUCT_STATUSES.find((s) => s === p.get("status"));
  const filters = {
    q: (p.get("q") ?? "").slice(0, 200),
    status: status ?? "",
    collection: collections.find((c) => c.id === p.get("collection"))?.id ?? "",
  };
  const { items, total } = await listProductsForAdmin({
    q: filters.q || undefined,
    status,
    collectionId: filters.collection || undefined,
    sort: table.sort,
    direction: table.dir,
    limit: table.perPage,
    offset: (table.page - 1) * table.perPage,
  });
  const rows = items.map((i) => ({ ...i, updatedAt: i.updatedAt.toISOString() }));
  return { rows, total, table, filters, collections: collections.map((c) => ({ id: c.id, title: c.title })) };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminProducts() {
  const { rows, total, table, filters, collections } = useLoaderData<typeof loader>();
  const { staff } = useAdmin();
  const t = useT();
  const columns: Column<Row>[] = [
    {
      key: "title",
      label: t("admin.catalog.title"),
      sortable: true,
      render: (r) => (
        <Link to={`/admin/products/${r.id}`} className="font-medium underline underline-offset-2">
          {r.title}
        </Link>
      ),
    },
    { key: "status", label: t("admin.catalog.status"), sortable: true, render: (r) => t(`admin.catalog.statuses.${r.status}`) },
    { key: "variants", label: t("admin.catalog.variants"), render: (r) => r.variants },
    { key: "updated", label: t("admin.catalog.updated"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.updatedAt}>{r.updatedAt.slice(0, 10)}</time> },
  ];
  return (
    <section>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("admin.catalog.productsTitle")}</h1>
        {can(staff.role, "write:products") ? (
          <Link to="/admin/products/new" className="rounded-md bg-ink px-4 py-2 text-sm font-semibold text-white hover:opacity-90">
            {t("admin.catalog.newProduct")}
          </Link>
        ) : null}
      </div>
      <FilterForm label={t("admin.catalog.productsTitle")} clearTo="/admin/products">
        <FormField id="f-q" name="q" type="search" label={t("admin.catalog.search")} defaultValue={filters.q} />
        <SelectField
          id="f-status"
          name="status"
          label={t("admin.catalog.status")}
          defaultValue={filters.status}
          options={[{ value: "", label: t("admin.catalog.any") }, ...PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`admin.catalog.statuses.${s}`) }))]}
        />
        <SelectField
          id="f-collection"
          name="collection"
          label={t("admin.catalog.collection")}
          defaultValue={filters.collection}
          options={[{ value: "", label: t("admin.catalog.any") }, ...collections.map((c) => ({ value: c.id, label: c.title }))]}
        />
      </FilterForm>
      <DataTable
        caption={t("admin.catalog.productsTitle")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        sort={table.sort}
        dir={table.dir}
        empty={t("admin.catalog.empty")}
        emptyFiltered={t("admin.catalog.emptyFiltered")}
        filtered={isFiltered(filters)}
        total={total}
        page={table.page}
        perPage={table.perPage}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
