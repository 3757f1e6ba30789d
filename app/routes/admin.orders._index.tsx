import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { FilterForm } from "~/components/admin/FilterForm";
import { FormField, SelectField } from "~/components/admin/FormField";
import { dayAfter, dayStart, isFiltered, readTableState } from "~/components/admin/table-params";
import { formatMoney } from "~/lib/money";
import { useT } from "~/lib/i18n";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { listOrders } from "~/modules/orders/order-admin.server";
import { ORDER_SORTS, ORDER_STATUSES, platformName, type OrderStatus } from "~/modules/orders/order-status";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:orders");
  const url = new URL(request.url);
  const p = url.searchParams;
  const table = readTableState(url, ORDER_SORTS, { sort: "createdAt", dir: "desc" });
  const config = await getStoreConfig();
  const filters = {
    q: (p.get("q") ?? "").slice(0, 254),
    status: ORDER_STATUSES.find((s) => s === p.get("status")) ?? "",
    market: config.markets.find((m) => m.handle === p.get("market"))?.handle ?? "",
    from: p.get("from") ?? "",
    to: p.get("to") ?? "",
  };
  const { rows, total } = await listOrders({
    q: filters.q || undefined,
    status: (filters.status || undefined) as OrderStatus | undefined,
    market: filters.market || undefined,
    from: dayStart(filters.from),
    to: dayAfter(filters.to),
    sort: table.sort,
    direction: table.dir,
    page: table.page,
    pageSize: table.perPage,
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      email: r.email,
      name: r.customerName ?? "",
      market: r.market,
      status: r.status,
      items: r.itemCount,
      total: formatMoney({ amount: r.total, currency: r.currency }, "en-US"),
      refunded: r.refundedTotal > 0n ? formatMoney({ amount: r.refundedTotal, currency: r.currency }, "en-US") : null,
      createdAt: r.createdAt.toISOString(),
      importedFrom: r.importedFrom ? platformName(r.importedFrom) : null,
    })),
    total,
    table,
    filters,
    markets: config.markets.map((m) => m.handle),
    filtered: isFiltered(filters),
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminOrders() {
  const { rows, total, table, filters, markets, filtered } = useLoaderData<typeof loader>();
  const t = useT();
  const columns: Column<Row>[] = [
    {
      key: "number",
      label: t("admin.orders.number"),
      sortable: true,
      render: (r) => (
        <Link to={`/admin/orders/${r.id}`} className="font-medium underline">
          #{r.number}
        </Link>
      ),
    },
    { key: "createdAt", label: t("admin.orders.date"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.createdAt}>{r.createdAt.replace("T", " ").slice(0, 16)}</time> },
    {
      key: "email",
      label: t("admin.orders.customer"),
      sortable: true,
      render: (r) => (
        <>
          <span className="block">{r.name}</span>
          <span className="block break-all text-stone-700">{r.email}</span>
        </>
      ),
    },
    { key: "market", label: t("admin.orders.market"), render: (r) => <code>{r.market}</code> },
    {
      key: "status",
      label: t("admin.orders.status"),
      sortable: true,
      render: (r) => (
        <>
          {t(`admin.orders.statuses.${r.status}`)}
          {r.importedFrom ? <span className="ms-1 inline-block rounded bg-stone-200 px-1.5 py-0.5 text-xs font-medium text-ink" data-testid="imported-badge">{t("admin.orders.importedFrom", { platform: r.importedFrom })}</span> : null}
        </>
      ),
    },
    { key: "items", label: t("admin.orders.items"), className: "text-end", render: (r) => r.items },
    {
      key: "total",
      label: t("admin.orders.total"),
      sortable: true,
      className: "text-end whitespace-nowrap",
      render: (r) => (
        <>
          {r.total}
          {r.refunded ? <span className="block text-xs text-stone-700">{t("admin.orders.refundedAmount", { amount: r.refunded })}</span> : null}
        </>
      ),
    },
  ];
  return (
    <section>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("admin.orders.title")}</h1>
        <a href="/admin/exports/orders.csv" download className="underline">
          {t("admin.orders.exportCsv")}
        </a>
      </div>
      <FilterForm label={t("admin.orders.filters")} clearTo="/admin/orders">
        <FormField id="f-q" name="q" type="search" label={t("admin.orders.search")} defaultValue={filters.q} placeholder="#1001, anna@" />
        <SelectField
          id="f-status"
          name="status"
          label={t("admin.orders.status")}
          defaultValue={filters.status}
          options={[{ value: "", label: t("admin.orders.any") }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`admin.orders.statuses.${s}`) }))]}
        />
        <SelectField id="f-market" name="market" label={t("admin.orders.market")} defaultValue={filters.market} options={[{ value: "", label: t("admin.orders.any") }, ...markets.map((m) => ({ value: m, label: m }))]} />
        <FormField id="f-from" name="from" type="date" label={t("admin.orders.from")} defaultValue={filters.from} />
        <FormField id="f-to" name="to" type="date" label={t("admin.orders.to")} defaultValue={filters.to} />
      </FilterForm>
      <DataTable
        caption={t("admin.orders.title")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        sort={table.sort}
        dir={table.dir}
        empty={t("admin.orders.empty")}
        emptyFiltered={t("admin.orders.emptyFiltered")}
        filtered={filtered}
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
