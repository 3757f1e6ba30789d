import { readFormData } from "~/lib/http.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "~/lib/zod";
import { MoneyText } from "~/components/storefront/CartSummary";
import { DeliveryPromise } from "~/components/storefront/Delivery";
import { deliveryView } from "~/modules/shipping/delivery-view";
import { mergeTaxRows } from "~/modules/orders/orders";
import { Button } from "~/components/ui/Button";
import { Input, Textarea } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { clearCartCookie } from "~/modules/cart/cart-session.server";
import { isUserError } from "~/lib/errors";
import { codeKey, useLocale, useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { numberFormat, regionNames } from "~/lib/intl";
import { toMoneyV2 } from "~/lib/money";
import { useIsolatedT } from "~/components/ui/Isolated";
import { formatAddressLines } from "~/modules/checkout/address-format";
import { requireMarket } from "~/modules/markets/storefront.server";
import { intlLocale } from "~/modules/markets/markets";
import { getOrderDetails, getOrderForToken, orderStatusPath, requestReturn } from "~/modules/orders/orders.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [titleMeta(data?.title, matches), { name: "robots", content: "noindex" }];

async function load(request: Request, id: string | undefined) {
  const token = new URL(request.url).searchParams.get("token");
  try {
    return await getOrderForToken(id ?? "", token);
  } catch (e) {
    if (isUserError(e)) throw new Response("Not found", { status: 404 });
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const order = await load(request, params.id);
  const d = await getOrderDetails(order.id);
  const t = createTranslator(market.language, intlLocale(market));
  const m = (amount: bigint) => toMoneyV2({ amount, currency: order.currency });
  const locale = intlLocale(market);
  const pct = (bp: number) => numberFormat(locale, { maximumFractionDigits: 3 }).format(bp / 100);
  const promise = order.deliveryPromise;
  const titles = new Map(d.lines.map((l) => [l.id, l.variantTitle ? `${l.title} · ${l.variantTitle}` : l.title]));
  return data(
    {
      title: t("order.title", { number: String(order.number) }),
      number: order.number,
      status: order.status,
      email: order.email,
      createdAt: order.createdAt.toISOString(),
      address: { lines: formatAddressLines(order.shippingAddress, market.language), country: order.shippingAddress.country, phone: order.shippingAddress.phone ?? null },
      method: order.shippingMethod.method,
      notices: order.notices,
      // A line shows its subtotal: the figure the Subtotal row adds up, in the same tax mode (net where
      // tax is added on top, gross where it is included).
      lines: d.lines.map((l) => ({ id: l.id, title: l.title, variantTitle: l.variantTitle, imageUrl: l.imageUrl, quantity: l.quantity, fulfilled: l.fulfilledQuantity, amount: m(l.subtotal) })),
      taxLines: mergeTaxRows(d.taxLines.map((t) => ({ ...t, included: t.included === 1 }))).map((t) => ({ name: t.name, kind: t.kind, rate: pct(t.rateBp), amount: m(t.amount), included: t.included })),
      delivery: promise
        ? deliveryView(
            {
              method: order.shippingMethod.method,
              earliest: promise.earliest,
              latest: promise.latest,
              shipments: promise.shipments.map((x) => ({ ...x, lines: x.lines.map((l) => ({ id: l.orderLineId, quantity: l.quantity })) })),
            },
            titles,
            locale,
          )
        : null,
      totals: { subtotal: m(order.subtotal), discounts: m(order.discountTotal), shipping: m(order.shippingTotal), tax: m(order.taxTotal), duties: m(order.dutyTotal), total: m(order.total), refunded: m(order.refundedTotal) },
      dueOnDelivery: order.dueOnDelivery > 0n ? m(order.dueOnDelivery) : null,
      fulfillments: d.fulfillments.map((f) => ({ carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl })),
      returns: d.returns.map((r) => ({ id: r.id, status: r.status })),
    },
    { headers: { "Cache-Control": "private, no-store", "Set-Cookie": clearCartCookieIfPaid(order.status) } },
  );
}

// Once the order exists the cart is spent: the next visit starts a fresh cart.
function clearCartCookieIfPaid(status: string): string {
  return status === "pending_payment" || status === "paid" ? clearCartCookie() : "";
}

// Any problem with this small form is shown as errors.return_reason_required.
const ReturnForm = z.object({ lineId: z.string().min(1), quantity: z.coerce.number().int().min(1).max(99), reason: z.string().trim().min(3).max(1000) });

export async function action({ request, params }: ActionFunctionArgs) {
  await requireMarket(params);
  const order = await load(request, params.id);
  const submission = parseWithZod(await readFormData(request), { schema: ReturnForm });
  if (submission.status !== "success") return data({ error: "return_reason_required" }, { status: 400 });
  const { lineId, quantity, reason } = submission.value;
  try {
    await requestReturn(order, { lines: [{ orderLineId: lineId, quantity }], reason });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data({ error: e.code }, { status: e.status });
  }
  return redirect(`${orderStatusPath(order)}&returned=1`);
}

export default function OrderPage() {
  const o = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const ti = useIsolatedT();
  const { intlLocale } = useLocale();
  const shipped = o.lines.filter((l) => l.fulfilled > 0);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-10">
      <p className="text-sm font-semibold tracking-widest text-clay uppercase">{t(`order.status.${o.status}`)}</p>
      <h1 className="mt-2 text-3xl font-semibold" data-testid="order-number">
        {ti("order.title", { number: String(o.number) })}
      </h1>
      <p className="mt-2 text-stone-700">{o.status === "pending_payment" ? ti("order.pendingBody", { email: o.email }) : ti("order.thanks", { email: o.email })}</p>
      {o.notices.map((n) => (
        <p key={n.code} role="note" className="mt-4 rounded-md bg-amber-50 p-3 text-amber-900">
          {t(codeKey("notices", n.code))}
        </p>
      ))}
      <section className="mt-6 rounded-lg bg-white p-5">
        <ul className="divide-y divide-stone-200">
          {o.lines.map((l) => (
            <li key={l.id} className="flex items-center gap-4 py-2" data-testid="order-line">
              {l.imageUrl ? <img src={l.imageUrl} alt="" width={64} height={64} className="h-16 w-16 rounded-md bg-stone-100 object-cover" /> : null}
              <span className="flex-1">
                {l.title} {l.variantTitle ? <span className="text-stone-700">· {l.variantTitle}</span> : null} × {l.quantity}
              </span>
              <span data-testid="order-line-amount">
                <MoneyText value={l.amount} />
              </span>
            </li>
          ))}
        </ul>
        <dl className="mt-4 grid grid-cols-[1fr_auto] gap-y-1 text-sm" data-testid="order-totals">
          <dt>{t("cart.subtotal")}</dt>
          <dd className="text-end" data-testid="order-subtotal"><MoneyText value={o.totals.subtotal} /></dd>
          {o.totals.discounts.amount.replace(/[0.]/g, "") !== "" ? (
            <>
              <dt>{t("cart.discounts")}</dt>
              <dd className="text-end" data-testid="order-discounts">−<MoneyText value={o.totals.discounts} /></dd>
            </>
          ) : null}
          <dt>{t("cart.shipping")}</dt>
          <dd className="text-end" data-testid="order-shipping"><MoneyText value={o.totals.shipping} /></dd>
          {o.taxLines.map((x, i) => (
            <div className="contents" key={i} data-testid="order-tax-line">
              <dt className="text-stone-700">{x.kind === "duty" ? t("cart.duties") : x.included ? t("cart.taxIncluded", { name: t(codeKey("taxNames", x.name)), rate: x.rate }) : t("cart.taxAdded", { name: t(codeKey("taxNames", x.name)), rate: x.rate })}</dt>
              <dd className="text-end text-stone-700"><MoneyText value={x.amount} /></dd>
            </div>
          ))}
          <dt className="border-t border-stone-200 pt-2 text-base font-semibold">{t("cart.total")}</dt>
          <dd className="border-t border-stone-200 pt-2 text-end text-base font-semibold" data-testid="order-total"><MoneyText value={o.totals.total} /></dd>
          {o.dueOnDelivery ? (
            // Below the total: paid to the carrier on delivery, not to the store.
            <>
              <dt className="text-stone-700">{t("cart.dueOnDelivery")}</dt>
              <dd className="text-end text-stone-700" data-testid="order-due-on-delivery">≈ <MoneyText value={o.dueOnDelivery} /></dd>
            </>
          ) : null}
        </dl>
      </section>
      {o.delivery ? (
        <div className="mt-6">
          <DeliveryPromise delivery={o.delivery} />
        </div>
      ) : null}
      <section className="mt-6 grid gap-6 md:grid-cols-2">
        <div className="rounded-lg bg-white p-5 text-sm">
          <h2 className="font-semibold">{t("checkout.shippingAddress")}</h2>
          <address className="mt-2 not-italic" data-testid="order-address">
            {o.address.lines.map((line, i) => (
              <span key={i} className="block">
                <bdi>{line}</bdi>
              </span>
            ))}
            <span className="block">{regionNames(intlLocale).of(o.address.country)}</span>
            {o.address.phone ? (
              <span className="block" dir="ltr" data-testid="order-phone">
                {o.address.phone}
              </span>
            ) : null}
          </address>
          <p className="mt-2">{t(codeKey("shipping", o.method))}</p>
        </div>
        <div className="rounded-lg bg-white p-5 text-sm">
          <h2 className="font-semibold">{t("order.tracking")}</h2>
          {o.fulfillments.length === 0 ? <p className="mt-2 text-stone-700">{t("order.notShipped")}</p> : null}
          {o.fulfillments.map((f) => (
            <p key={f.trackingNumber} className="mt-2">
              {f.carrier}: <bdi dir="ltr">{f.trackingUrl ? <a className="underline" href={f.trackingUrl} rel="noreferrer" target="_blank">{f.trackingNumber}</a> : f.trackingNumber}</bdi>
            </p>
          ))}
        </div>
      </section>
      {shipped.length ? (
        <Form method="post" className="mt-6 space-y-3 rounded-lg bg-white p-5 text-sm">
          <h2 className="font-semibold">{t("order.returnTitle")}</h2>
          {result && "error" in result ? <p role="alert" className="text-red-800">{t(codeKey("errors", result.error))}</p> : null}
          {o.returns.length ? <p className="text-emerald-800">{t("order.returnRequested")}</p> : null}
          <label className="block">
            {t("order.returnItem")}
            <Select name="lineId" block className="mt-1">
              {shipped.map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}
            </Select>
          </label>
          <label className="block">
            {t("product.quantity")}
            <Input name="quantity" type="number" min={1} defaultValue={1} size="sm" className="mt-1 block w-20" />
          </label>
          <label className="block">
            {t("order.returnReason")}
            <Textarea name="reason" required minLength={3} size="sm" block className="mt-1" />
          </label>
          <Button variant="dark">{t("order.returnSubmit")}</Button>
        </Form>
      ) : null}
    </main>
  );
}
