import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AccountPage } from "~/components/storefront/Account";
import { MoneyText } from "~/components/storefront/CartSummary";
import { codeKey, useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { toMoneyV2 } from "~/lib/money";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";
import { listCustomerOrders } from "~/modules/orders/orders.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  const orders = await listCustomerOrders(customer.id);
  // Formatted here, once: the browser's ICU may write dates differently and break hydration.
  const date = new Intl.DateTimeFormat(intlLocale(market), { dateStyle: "medium", timeZone: "UTC" });
  return data(
    {
      market: market.handle,
      title: createTranslator(market.language, intlLocale(market))("account.orders.title"),
      orders: orders.map((o) => ({ id: o.id, number: o.number, status: o.status, placedAt: date.format(o.createdAt), total: toMoneyV2({ amount: o.total, currency: o.currency }) })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function AccountOrders() {
  const { market, title, orders } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <AccountPage market={market} title={title}>
      {orders.length === 0 ? (
        <p className="rounded-lg bg-white p-5 text-stone-700">{t("account.orders.empty")}</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg bg-white" data-testid="account-orders">
          {orders.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <h2 className="font-semibold">
                  <Link to={`/${market}/account/orders/${o.id}`} className="underline" aria-label={t("account.orders.view", { number: String(o.number) })}>
                    {t("account.orders.number", { number: String(o.number) })}
                  </Link>
                </h2>
                <p className="text-sm text-stone-700">{t("account.orders.placed", { date: o.placedAt })}</p>
              </div>
              <dl className="flex gap-6 text-sm">
                <div>
                  <dt className="text-stone-700">{t("account.orders.status")}</dt>
                  <dd data-testid="account-order-status">{t(codeKey("order.status", o.status))}</dd>
                </div>
                <div>
                  <dt className="text-stone-700">{t("account.orders.total")}</dt>
                  <dd className="font-medium">
                    <MoneyText value={o.total} />
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </AccountPage>
  );
}
