import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { FilterForm } from "~/components/admin/FilterForm";
import { Flash } from "~/components/admin/Flash";
import { FormField, SelectField } from "~/components/admin/FormField";
import { isFiltered, readPage } from "~/components/admin/table-params";
import { useT, type MessageKey } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { contactListPage } from "~/server/contact-list-page.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:customers");
  const url = new URL(request.url);
  const { baseCurrency } = await getStoreConfig();
  const { values, invalid, result } = await contactListPage(url, baseCurrency, readPage(url));
  return {
    exportHref: `/admin/exports/contacts.csv${url.search}`,
    rows: result.rows.map((c) => ({
      id: c.id,
      email: c.email,
      name: c.name ?? "",
      market: c.market,
      consent: c.consent,
      ordersCount: c.ordersCount,
      spend: formatMoney({ amount: c.lifetimeSpend, currency: baseCurrency }, "en-US"),
      lastOrderAt: c.lastOrderAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
    })),
    total: result.total,
    page: result.page,
    perPage: result.perPage,
    values,
    invalid,
    baseCurrency,
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminContacts() {
  const { rows, total, page, perPage, values, invalid, baseCurrency, exportHref } = useLoaderData<typeof loader>();
  const t = useT();
  const label = (f: string) => t(`admin.contacts.${f}` as MessageKey);
  const columns: Column<Row>[] = [
    {
      key: "email",
      label: t("admin.contacts.email"),
      render: (r) => (
        <Link to={`/admin/contacts/${r.id}`} className="break-all underline">
          {r.email}
        </Link>
      ),
    },
    { key: "name", label: t("admin.contacts.name"), render: (r) => r.name || "—" },
    { key: "consent", label: t("admin.contacts.consent"), render: (r) => t(`admin.contacts.statuses.${r.consent}`) },
    { key: "market", label: t("admin.contacts.market"), render: (r) => (r.market ? <code>{r.market}</code> : "—") },
    { key: "orders", label: t("admin.contacts.orders"), className: "text-end", render: (r) => r.ordersCount },
    { key: "spend", label: t("admin.contacts.spend"), className: "text-end whitespace-nowrap", render: (r) => r.spend },
    { key: "lastOrder", label: t("admin.contacts.lastOrder"), className: "whitespace-nowrap", render: (r) => (r.lastOrderAt ? <time dateTime={r.lastOrderAt}>{r.lastOrderAt.slice(0, 10)}</time> : "—") },
    { key: "createdAt", label: t("admin.contacts.since"), className: "whitespace-nowrap", render: (r) => <time dateTime={r.createdAt}>{r.createdAt.slice(0, 10)}</time> },
  ];
  const text = (f: keyof typeof values, type = "text") => <FormField key={f} id={`f-${f}`} name={f} type={type} label={label(f)} defaultValue={values[f]} />;
  return (
    <section>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("admin.contacts.title")}</h1>
        {/* The current filters go along: the file holds what the list shows, every page of it. */}
        <a href={exportHref} download className="underline">
          {t("admin.contacts.exportCsv")}
        </a>
      </div>
      {invalid ? <Flash tone="error">{t("admin.contacts.invalidFilter", { field: label(invalid) })}</Flash> : null}
      <FilterForm label={t("admin.contacts.title")} clearTo="/admin/contacts">
        {text("email", "search")}
        <SelectField
          id="f-consent"
          name="consent"
          label={t("admin.contacts.consent")}
          defaultValue={values.consent}
          options={[{ value: "", label: t("admin.contacts.any") }, ...(["subscribed", "pending", "unsubscribed"] as const).map((s) => ({ value: s, label: t(`admin.contacts.statuses.${s}`) }))]}
        />
        {text("market")}
        {text("country")}
        {text("language")}
        {text("source")}
        {text("tag")}
        {text("tier")}
        {text("ordersMin", "number")}
        {text("ordersMax", "number")}
        <FormField id="f-spendMin" name="spendMin" inputMode="decimal" label={t("admin.contacts.spendMin")} description={t("admin.contacts.spendHint", { currency: baseCurrency })} defaultValue={values.spendMin} />
        <FormField id="f-spendMax" name="spendMax" inputMode="decimal" label={t("admin.contacts.spendMax")} defaultValue={values.spendMax} />
        {text("lastOrderAfter", "date")}
        {text("lastOrderBefore", "date")}
      </FilterForm>
      <DataTable
        caption={t("admin.contacts.title")}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        empty={t("admin.contacts.empty")}
        emptyFiltered={t("admin.contacts.emptyFiltered")}
        filtered={isFiltered(values)}
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
