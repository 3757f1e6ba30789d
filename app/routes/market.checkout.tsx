import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { CartSummary, MoneyText } from "~/components/storefront/CartSummary";
import { StripePayment } from "~/components/storefront/StripePayment";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { getEnv } from "~/lib/env.server";
import { isUserError } from "~/lib/errors";
import { publicOrigin } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n";
import { dateFormat, regionNames } from "~/lib/intl";
import { requireMarket } from "~/modules/markets/storefront.server";
import { reloadCart, setCartMarket } from "~/modules/cart/cart.server";
import { setShippingAddress, setShippingMethod } from "~/modules/checkout/cart-details.server";
import { toCartView } from "~/modules/cart/cart-view.server";
import { addressFieldsFor, validateAddress } from "~/modules/checkout/address";
import { startPayment } from "~/modules/checkout/checkout.server";
import { priceCart } from "~/modules/cart/pricing.server";

export const meta: MetaFunction = () => [{ title: "Checkout" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  let cart = await cartFromRequest(request);
  if (!cart || cart.status === "completed") throw redirect(`/${market.handle}/cart`);
  if (cart.market !== market.handle) {
    try {
      await setCartMarket(cart, market);
      cart = await reloadCart(cart);
    } catch {
      throw redirect(`/${market.handle}/cart`);
    }
  }
  const view = toCartView(await priceCart(cart));
  if (!view.lines.length) throw redirect(`/${market.handle}/cart`);
  const url = new URL(request.url);
  const country = url.searchParams.get("country")?.toUpperCase();
  const declined = url.searchParams.has("declined") || url.searchParams.get("payment") === "failed";
  const formCountry = country && market.shipTo.includes(country) ? country : (view.shippingAddress?.country ?? market.shipTo[0]!);
  return data(
    { market: market.handle, shipTo: market.shipTo, cart: view, formCountry, fields: addressFieldsFor(formCountry), declined },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const Details = z.object({
  intent: z.literal("details"),
  email: z.string().trim().max(254),
  country: z.string().trim().max(2),
  name: z.string().optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  phone: z.string().optional(),
});
const Shipping = z.object({ intent: z.literal("shipping"), method: z.string().min(1).max(20) });
const Pay = z.object({ intent: z.literal("pay") });
const CheckoutAction = z.discriminatedUnion("intent", [Details, Shipping, Pay]);

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  const cart = await cartFromRequest(request);
  if (!cart || cart.status === "completed") throw redirect(`/${market.handle}/cart`);
  const parsed = CheckoutAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: {}, error: { code: "invalid_input", message: parsed.error.issues[0]?.message ?? "" } }, { status: 400 });
  const input = parsed.data;
  try {
    if (input.intent === "details") {
      const { intent: _i, email, ...address } = input;
      const fieldErrors: Record<string, string> = {};
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fieldErrors.email = "checkout.errors.email";
      // Email and address errors are shown together; nothing is saved until both are valid.
      const check = validateAddress(address, { countries: market.shipTo });
      if (!check.ok) Object.assign(fieldErrors, check.errors);
      if (Object.keys(fieldErrors).length) return data({ fieldErrors, error: null, values: input }, { status: 400 });
      // The cheapest method is preselected so totals are complete; the shopper can change it.
      await setShippingAddress(cart, address, { email, chooseCheapestMethod: true });
    } else if (input.intent === "shipping") {
      await setShippingMethod(cart, input.method);
    } else {
      const started = await startPayment(cart, { origin: publicOrigin(request) });
      if (started.orderId) throw redirect(`/${market.handle}/checkout/return?payment=${started.payment.id}`);
      if (started.redirectUrl) throw redirect(started.redirectUrl);
      return data({
        fieldErrors: {},
        error: null,
        clientSecret: started.clientSecret,
        paymentId: started.payment.id,
        publishableKey: getEnv().payments.stripePublishableKey ?? "",
        returnUrl: `${publicOrigin(request)}/${market.handle}/checkout/return?payment=${started.payment.id}`,
      });
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    if (e.code === "shipping_method_unavailable") return data({ fieldErrors: { method: "checkout.errors.method" }, error: null }, { status: 400 });
    return data({ fieldErrors: {}, error: { code: e.code, message: e.message } }, { status: e.status });
  }
  return redirect(`/${market.handle}/checkout`);
}

export default function Checkout() {
  const { market, shipTo, cart, formCountry, fields, declined } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { intlLocale } = useLocale();
  const submit = useSubmit();
  const nav = useNavigation();
  const [country, setCountry] = useState(formCountry);
  const fieldErrors = (result?.fieldErrors ?? {}) as Record<string, string>;
  const values = (result && "values" in result ? result.values : null) as Record<string, string> | null;
  const address = cart.shippingAddress as Record<string, string | undefined> | null;
  const value = (name: string) => values?.[name] ?? address?.[name] ?? "";
  const regions = regionNames(intlLocale);
  const dateFmt = dateFormat(intlLocale, { month: "short", day: "numeric", timeZone: "UTC" });
  const busy = nav.state !== "idle";
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="text-3xl font-semibold">{t("checkout.title")}</h1>
      {declined && !result ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="payment-declined">
          {t("checkout.declined")}
        </p>
      ) : null}
      {result?.error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="checkout-error">
          {t(`errors.${result.error.code}`, { message: result.error.message })}
        </p>
      ) : null}
      <div className="mt-6 grid gap-8 md:grid-cols-[1fr_22rem]">
        <div className="space-y-8">
          <Form method="post" className="space-y-4 rounded-lg bg-white p-5" noValidate data-testid="details-form">
            <input type="hidden" name="intent" value="details" />
            <h2 className="text-lg font-semibold">{t("checkout.contact")}</h2>
            <Field label={t("checkout.email")} name="email" type="email" autoComplete="email" defaultValue={values?.email ?? cart.email ?? ""} error={fieldErrors.email} required />
            <h2 className="pt-2 text-lg font-semibold">{t("checkout.shippingAddress")}</h2>
            <div>
              <label htmlFor="country" className="block text-sm font-medium">
                {t("address.country")}
              </label>
              <select
                id="country"
                name="country"
                value={country}
                autoComplete="country"
                onChange={(e) => {
                  setCountry(e.target.value);
                  submit({ country: e.target.value }, { method: "get", replace: true, preventScrollReset: true });
                }}
                className="mt-1 w-full rounded-md border border-stone-400 bg-white px-2 py-2"
              >
                {shipTo.map((c) => (
                  <option key={c} value={c}>
                    {regions.of(c)}
                  </option>
                ))}
              </select>
            </div>
            {fields
              .filter((f) => f.name !== "country")
              .map((f) =>
                f.options ? (
                  <div key={f.name}>
                    <label htmlFor={f.name} className="block text-sm font-medium">
                      {t(f.label)}
                      {f.required ? " *" : ""}
                    </label>
                    <select id={f.name} name={f.name} defaultValue={value(f.name)} autoComplete={f.autoComplete} aria-invalid={!!fieldErrors[f.name]} aria-describedby={fieldErrors[f.name] ? `${f.name}-error` : undefined} className="mt-1 w-full rounded-md border border-stone-400 bg-white px-2 py-2">
                      <option value="">—</option>
                      {f.options.map((o) => (
                        <option key={o.code} value={o.code}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                    {fieldErrors[f.name] ? (
                      <p id={`${f.name}-error`} className="mt-1 text-sm text-red-800">
                        {t(fieldErrors[f.name]!)}
                      </p>
                    ) : null}
                  </div>
                ) : (
                  <Field
                    key={f.name}
                    label={t(f.label)}
                    name={f.name}
                    autoComplete={f.autoComplete}
                    inputMode={f.inputMode}
                    maxLength={f.maxLength}
                    placeholder={f.example}
                    defaultValue={value(f.name)}
                    error={fieldErrors[f.name]}
                    required={f.required}
                  />
                ),
              )}
            <button type="submit" disabled={busy} className="rounded-md bg-ink px-5 py-2.5 font-medium text-white">
              {t("checkout.saveAddress")}
            </button>
          </Form>
          {cart.shippingAddress ? (
            <Form method="post" className="rounded-lg bg-white p-5" data-testid="shipping-form" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
              <input type="hidden" name="intent" value="shipping" />
              <fieldset>
                <legend className="text-lg font-semibold">{t("checkout.shippingMethod")}</legend>
                {cart.shippingMethods.length === 0 ? <p className="mt-2 text-red-900">{t("checkout.noShipping")}</p> : null}
                <div className="mt-3 space-y-2">
                  {cart.shippingMethods.map((m) => (
                    <label key={m.code} className="flex cursor-pointer items-center gap-3 rounded-md border border-stone-300 p-3 has-[:checked]:border-ink">
                      <input type="radio" name="method" value={m.code} defaultChecked={cart.shippingMethod === m.code} />
                      <span className="flex-1">
                        <span className="block font-medium">{t(`shipping.${m.code}`)}</span>
                        <span className="block text-sm text-stone-700">{t("checkout.arrives", { range: dateFmt.formatRange(new Date(m.earliest), new Date(m.latest)) })}</span>
                      </span>
                      <span className="font-medium">{m.free ? t("checkout.free") : <MoneyText value={m.amount} />}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <noscript>
                <button type="submit" className="mt-3 rounded-md border border-stone-400 px-4 py-2">
                  {t("checkout.useMethod")}
                </button>
              </noscript>
            </Form>
          ) : null}
          {result && "clientSecret" in result && result.clientSecret ? (
            <section className="rounded-lg bg-white p-5" data-testid="stripe-payment">
              <h2 className="text-lg font-semibold">{t("checkout.payment")}</h2>
              <StripePayment publishableKey={result.publishableKey} clientSecret={result.clientSecret} returnUrl={result.returnUrl} locale={intlLocale.split("-")[0]!} />
              <p className="mt-2 text-sm text-stone-700">{t("checkout.stripeNote")}</p>
            </section>
          ) : null}
        </div>
        <aside className="space-y-4">
          <ul className="rounded-lg bg-white p-4 text-sm">
            {cart.lines.map((l) => (
              <li key={l.id} className="flex justify-between gap-3 py-1">
                <span>
                  {l.title} {l.variantTitle ? <span className="text-stone-700">· {l.variantTitle}</span> : null} × {l.quantity}
                </span>
                <MoneyText value={l.total} />
              </li>
            ))}
          </ul>
          <CartSummary cart={cart} />
          <Form method="post">
            <input type="hidden" name="intent" value="pay" />
            <button type="submit" disabled={busy || !cart.shippingMethod} className="w-full rounded-md bg-clay px-5 py-3 font-medium text-white hover:bg-clay-dark disabled:bg-stone-400" data-testid="pay-button">
              {t("checkout.pay")}
            </button>
          </Form>
          <Link to={`/${market}/cart`} className="block text-center text-sm underline">
            {t("checkout.backToCart")}
          </Link>
        </aside>
      </div>
    </main>
  );
}

function Field(props: { label: string; name: string; type?: string; autoComplete?: string; inputMode?: "text" | "numeric" | "tel"; maxLength?: number; placeholder?: string; defaultValue?: string; error?: string; required?: boolean }) {
  const t = useT();
  return (
    <div>
      <label htmlFor={props.name} className="block text-sm font-medium">
        {props.label}
        {props.required ? " *" : ""}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        defaultValue={props.defaultValue}
        aria-invalid={!!props.error}
        aria-describedby={props.error ? `${props.name}-error` : undefined}
        className="mt-1 w-full rounded-md border border-stone-400 px-3 py-2"
      />
      {props.error ? (
        <p id={`${props.name}-error`} className="mt-1 text-sm text-red-800">
          {t(props.error)}
        </p>
      ) : null}
    </div>
  );
}
