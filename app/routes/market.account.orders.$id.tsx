import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AccountPage } from "~/components/storefront/Account";
import { MoneyText } from "~/components/storefront/CartSummary";
import { codeKey, useLocale, useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { regionNames } from "~/lib/intl";
import { toMoneyV2 } from "~/lib/money";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";
import { getCustomerOrder, getOrderDetails } from "~/modules/orders/orders.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  // Another customer's order and an unknown id look the same.
  const order = await getCustomerOrder(customer.id, params.id ?? "");
  if (!order) throw new Response("Not found", { status: 404 });
  const d = await getOrderDetails(order.id);
  const m = (amount: bigint) => toMoneyV2({ amount, currency: order.currency });
  return data(
    {
      market: market.handle,
      title: createTranslator(market.language, intlLocale(market))("account.order.title", { number: String(order.number) }),
      status: order.status,
      address: order.shippingAddress,
      total: m(order.total),
      lines: d.lines.map((l) => ({ id: l.id, title: l.title, variantTitle: l.variantTitle, quantity: l.quantity, total: m(l.total) })),
      shipments: d.fulfillments.map((f) => ({ id: f.id, carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function AccountOrder() {
  const { market, title, status, address, total, lines, shipments } = useLoaderData<typeof loader>();
  const t = useT();
  const { intlLocale } = useLocale();
  return (
    <AccountPage market={market} title={title}>
      <p>
        <Link to={`/${market}/account`} className="text-sm underline">
          {t("account.order.back")}
        </Link>
      </p>
      <p className="mt-3 text-lg" data-testid="account-order-detail-status">
        {t("account.orders.status")}: <strong>{t(codeKey("order.status", status))}</strong>
      </p>
      <section aria-labelledby="items" className="mt-6 rounded-lg bg-white p-5">
        <h2 id="items" className="text-lg font-semibold">
          {t("account.order.items")}
        </h2>
        <ul className="mt-2 divide-y divide-stone-200">
          {lines.map((l) => (
            <li key={l.id} className="flex justify-between gap-3 py-2">
              <span>
                {l.title} {l.variantTitle ? <span className="text-stone-700">· {l.variantTitle}</span> : null} × {l.quantity}
              </span>
              <MoneyText value={l.total} />
            </li>
          ))}
        </ul>
        <p className="mt-3 flex justify-between border-t border-stone-200 pt-3 font-semibold">
          <span>{t("account.orders.total")}</span>
          <span data-testid="account-order-total">
            <MoneyText value={total} />
          </span>
        </p>
      </section>
      <section aria-labelledby="shipments" className="mt-6 rounded-lg bg-white p-5">
        <h2 id="shipments" className="text-lg font-semibold">
          {t("account.order.shipments")}
        </h2>
        {shipments.length === 0 ? (
          <p className="mt-2 text-stone-700">{t("account.order.notShipped")}</p>
        ) : (
          <ul className="mt-2 space-y-1">
            {shipments.map((s) => (
              <li key={s.id}>
                {s.trackingUrl ? (
                  <a href={s.trackingUrl} className="underline" rel="noreferrer">
                    {t("account.order.track", { carrier: s.carrier, number: s.trackingNumber })}
                  </a>
                ) : (
                  <span>
                    {s.carrier} <bdi>{s.trackingNumber}</bdi>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="ship-to" className="mt-6 rounded-lg bg-white p-5">
        <h2 id="ship-to" className="text-lg font-semibold">
          {t("account.order.shipTo")}
        </h2>
        <address className="mt-2 not-italic">
          {[address.name, address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(" "), address.region, regionNames(intlLocale).of(address.country)]
            .filter(Boolean)
            .map((line, i) => (
              <span key={i} className="block">
                {line}
              </span>
            ))}
        </address>
      </section>
    </AccountPage>
  );
}
