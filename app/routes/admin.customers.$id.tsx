import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { EmptyState } from "~/components/admin/EmptyState";
import { useT } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { getCustomerDetail } from "~/modules/customers/profile.server";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:customers");
  const c = await getCustomerDetail(params.id ?? "");
  if (!c) throw new Response("Customer not found", { status: 404 });
  return {
    customer: { id: c.id, email: c.email, name: c.name ?? "", language: c.language, market: c.market, verifiedAt: c.emailVerifiedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString() },
    addresses: c.addresses.map((a) => ({ id: a.id, isDefault: a.isDefault, lines: [a.address.name, a.address.line1, a.address.line2, [a.address.postalCode, a.address.city].filter(Boolean).join(" "), a.address.region, a.address.country].filter(Boolean) as string[] })),
    orders: c.orders.map((o) => ({ id: o.id, number: o.number, status: o.status, total: formatMoney({ amount: o.total, currency: o.currency }, "en-US"), createdAt: o.createdAt.toISOString() })),
  };
}

const section = "rounded-md border border-stone-300 bg-white p-4";

export default function AdminCustomer() {
  const { customer: c, addresses, orders } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <p className="mb-2 text-sm">
        <Link to="/admin/customers" className="underline">
          {t("admin.customers.back")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold break-all">{c.name || c.email}</h1>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className={section}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.customers.profile")}</h2>
          <dl className="grid gap-1 text-sm">
            <dt className="font-medium">{t("admin.customers.email")}</dt>
            <dd className="break-all">{c.email}</dd>
            <dt className="font-medium">{t("admin.customers.verified")}</dt>
            <dd>{c.verifiedAt ? <time dateTime={c.verifiedAt}>{c.verifiedAt.slice(0, 10)}</time> : t("admin.customers.no")}</dd>
            <dt className="font-medium">{t("admin.customers.language")}</dt>
            <dd>{c.language}</dd>
            <dt className="font-medium">{t("admin.customers.market")}</dt>
            <dd>{c.market ?? "—"}</dd>
            <dt className="font-medium">{t("admin.customers.since")}</dt>
            <dd>
              <time dateTime={c.createdAt}>{c.createdAt.slice(0, 10)}</time>
            </dd>
          </dl>
        </div>
        <div className={section}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.customers.addresses")}</h2>
          {addresses.length ? (
            <ul className="grid gap-3 text-sm">
              {addresses.map((a) => (
                <li key={a.id}>
                  <address className="not-italic">
                    {a.lines.map((l, i) => (
                      <span key={i} className="block">
                        {l}
                      </span>
                    ))}
                  </address>
                  {a.isDefault ? <span className="text-xs font-medium">{t("admin.customers.default")}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-stone-700">{t("admin.customers.noAddresses")}</p>
          )}
        </div>
        <div className={`${section} lg:col-span-3`}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.customers.orders")}</h2>
          {orders.length ? (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("admin.customers.orders")}</caption>
                <thead>
                  <tr className="border-b border-stone-300">
                    <th scope="col" className="py-1 pe-2">{t("admin.orders.number")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.orders.date")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.orders.status")}</th>
                    <th scope="col" className="py-1 text-end">{t("admin.orders.total")}</th>
                  </tr>
                </thead>
                <tbody>
                  {orders.map((o) => (
                    <tr key={o.id} className="border-b border-stone-200">
                      <td className="py-1 pe-2">
                        <Link to={`/admin/orders/${o.id}`} className="underline">
                          #{o.number}
                        </Link>
                      </td>
                      <td className="py-1 pe-2">
                        <time dateTime={o.createdAt}>{o.createdAt.slice(0, 10)}</time>
                      </td>
                      <td className="py-1 pe-2">{t(`admin.orders.statuses.${o.status}`)}</td>
                      <td className="py-1 text-end whitespace-nowrap">{o.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <EmptyState>{t("admin.customers.noOrders")}</EmptyState>
          )}
        </div>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
