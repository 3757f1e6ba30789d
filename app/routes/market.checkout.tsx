import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AddressFields } from "~/components/storefront/AddressFields";
import { CartSummary, MoneyText } from "~/components/storefront/CartSummary";
import { MarketingOptIn } from "~/components/storefront/Newsletter";
import { StripePayment } from "~/components/storefront/StripePayment";
import { DeliveryPromise } from "~/components/storefront/Delivery";
import { cartDeliveryView } from "~/modules/shipping/delivery-view";
import { formatDeliveryRange } from "~/modules/shipping/shipping";
import { Button } from "~/components/ui/Button";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field, FieldError, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { checkoutConsentChoice, saveCheckoutConsent } from "~/modules/contacts/checkout-consent.server";
import { getEnv } from "~/lib/env.server";
import { isUserError } from "~/lib/errors";
import { clientIp, publicOrigin, readFormData } from "~/lib/http.server";
import { enforceRateLimits, paymentStartLimits } from "~/modules/ratelimit/ratelimit.server";
import { codeKey, useLocale, useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { userErrorMessage } from "~/lib/user-error-message";
import { countryOptions, regionNames } from "~/lib/intl";
import { requireMarket } from "~/modules/markets/storefront.server";
import { setShippingAddress, setShippingMethod } from "~/modules/checkout/cart-details.server";
import { toCartView } from "~/modules/cart/cart-view.server";
import { addressFieldsFor } from "~/modules/checkout/address";
import { detailsFormSchema, isSavedDetails, ShippingMethodForm, type CheckoutIntent } from "~/modules/checkout/checkout-form";
import { paymentReturnPath, startPayment } from "~/modules/checkout/checkout.server";
import { priceCart } from "~/modules/cart/pricing.server";
import { attributeCartFromRequest } from "~/modules/referrals/links.server";
import { intlLocale } from "~/modules/markets/markets";
import { titleMeta } from "~/lib/seo";
import { PointsRedemption, type CheckoutPoints } from "~/components/storefront/PointsRedemption";
import { toMoneyV2 } from "~/lib/money";
import { customerLoyalty } from "~/modules/loyalty/account.server";
import { clearCartRedemption, getCartRedemption, setCartRedemption } from "~/modules/loyalty/redemption.server";
import { rewardViews } from "~/modules/loyalty/reward-view.server";
import type { Market } from "~/modules/markets/markets";
import type { CartPricing } from "~/modules/cart/pricing.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [titleMeta(data?.title, matches), { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const cart = await cartFromRequest(request);
  // A GET never changes the cart: a cart of another market is moved by a POST (the market switch).
  if (!cart || cart.status === "completed" || cart.market !== market.handle) throw redirect(`/${market.handle}/cart`);
  const pricing = await priceCart(cart);
  const view = toCartView(pricing);
  if (!view.lines.length) throw redirect(`/${market.handle}/cart`);
  const url = new URL(request.url);
  const country = url.searchParams.get("country")?.toUpperCase();
  const declined = url.searchParams.has("declined") || url.searchParams.get("payment") === "failed";
  const formCountry = country && market.shipTo.includes(country) ? country : (view.shippingAddress?.country ?? market.shipTo[0]!);
  return data(
    {
      title: createTranslator(market.language, intlLocale(market))("checkout.title"),
      market: market.handle,
      shipTo: market.shipTo,
      countries: countryOptions(market.shipTo, intlLocale(market)),
      cart: view,
      delivery: cartDeliveryView(view, intlLocale(market)),
      // Formatted on the server only: see deliveryView.
      methodRanges: Object.fromEntries(view.shippingMethods.map((m) => [m.code, formatDeliveryRange(new Date(m.earliest), new Date(m.latest), intlLocale(market))])),
      formCountry,
      fields: addressFieldsFor(formCountry, market.language),
      declined,
      marketingOptIn: await checkoutConsentChoice(cart.id),
      points: await checkoutPoints(pricing, market),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** The points block, for a signed-in shopper only (a cart's customer is its contact). */
async function checkoutPoints(pricing: CartPricing, market: Market): Promise<CheckoutPoints | null> {
  const customerId = pricing.cart.customerId;
  if (!customerId) return null;
  const loyalty = await customerLoyalty(customerId, { historyLimit: 0 });
  if (!loyalty.contactId) return null;
  const redemption = await getCartRedemption(pricing.cart.id);
  const taken = pricing.adjustments.filter((a) => a.source === "loyalty_points").reduce((a, x) => a + x.amount, 0n);
  return {
    available: loyalty.balance.available,
    rewards: await rewardViews(loyalty.rewards, market, intlLocale(market)),
    redemption: redemption ? { points: redemption.points, rewardId: redemption.rewardId, amount: taken > 0n ? toMoneyV2({ amount: taken, currency: pricing.currency }) : null } : null,
  };
}

type FormResult = SubmissionResult<string[]>;
type CheckoutActionData = {
  form: CheckoutIntent | "redeem" | null;
  result: FormResult | null;
  error: { code: string; message: string; details?: unknown } | null;
  payment?: { clientSecret: string; paymentId: string; publishableKey: string; returnUrl: string };
};

const reply = (form: CheckoutIntent, result: FormResult, status = 400) => data<CheckoutActionData>({ form, result, error: null }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  const cart = await cartFromRequest(request);
  if (!cart || cart.status === "completed") throw redirect(`/${market.handle}/cart`);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    // The marketing checkbox travels with the address form (details and pay); consent only once the order is paid.
    if (intent === "details" || intent === "pay") {
      await saveCheckoutConsent(cart.id, formData.get("marketingOptIn") === "on", { language: market.language, ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    }
    if (intent === "details") {
      const schema = detailsFormSchema(String(formData.get("country") ?? ""), market.shipTo);
      const submission = parseWithZod(formData, { schema });
      if (submission.status !== "success") return reply("details", submission.reply());
      const { intent: _intent, email, ...address } = submission.value;
      // The market's default option is preselected so totals are complete; the shopper can change it.
      const saved = await setShippingAddress(cart, address, { email, chooseDefaultMethod: true });
      if (!saved.ok) return reply("details", submission.reply({ fieldErrors: Object.fromEntries(Object.entries(saved.errors).map(([f, key]) => [f, [key]])) }));
    } else if (intent === "shipping") {
      const submission = parseWithZod(formData, { schema: ShippingMethodForm });
      if (submission.status !== "success") return reply("shipping", submission.reply());
      try {
        await setShippingMethod(cart, submission.value.method);
      } catch (e) {
        if (isUserError(e) && e.code === "shipping_method_unavailable") return reply("shipping", submission.reply({ fieldErrors: { method: ["checkout.errors.method"] } }));
        throw e;
      }
    } else if (intent === "redeem") {
      const rewardId = String(formData.get("rewardId") ?? "");
      const points = String(formData.get("points") ?? "").trim();
      if (!rewardId && !/^\d{1,9}$/.test(points)) {
        return data<CheckoutActionData>({ form: "redeem", result: null, error: { code: "invalid_points", message: "" } }, { status: 422 });
      }
      await setCartRedemption(cart, rewardId ? { rewardId } : { points: Number(points) });
    } else if (intent === "unredeem") {
      await clearCartRedemption(cart.id);
    } else if (intent === "pay") {
      // The Pay button submits the address form: an edited, unsaved (or invalid) address is refused,
      // since the shipping method and the totals belong to the saved one.
      const submission = parseWithZod(formData, { schema: detailsFormSchema(String(formData.get("country") ?? ""), market.shipTo) });
      if (submission.status !== "success" || !isSavedDetails(submission.value, cart)) {
        return data<CheckoutActionData>({ form: "pay", result: null, error: { code: "address_changed", message: "" } }, { status: 409 });
      }
      await enforceRateLimits(paymentStartLimits(clientIp(request), cart.id));
      // The referral cookie reaches the order through its cart (the order listener reads it there).
      await attributeCartFromRequest(request, cart.id);
      const started = await startPayment(cart, { origin: publicOrigin(request) });
      if (started.orderId) throw redirect(paymentReturnPath(market.handle, started.payment.id));
      if (started.redirectUrl) throw redirect(started.redirectUrl);
      return data<CheckoutActionData>({
        form: "pay",
        result: null,
        error: null,
        payment: {
          clientSecret: started.clientSecret ?? "",
          paymentId: started.payment.id,
          publishableKey: getEnv().payments.stripePublishableKey ?? "",
          returnUrl: `${publicOrigin(request)}${paymentReturnPath(market.handle, started.payment.id)}`,
        },
      });
    } else {
      return data<CheckoutActionData>({ form: null, result: null, error: { code: "unknown_action", message: "" } }, { status: 400 });
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    const headers = e.retryAfterSeconds !== undefined ? { "Retry-After": String(Math.ceil(e.retryAfterSeconds)) } : undefined;
    return data<CheckoutActionData>({ form: null, result: null, error: { code: e.code, message: e.message, details: e.details ?? null } }, { status: e.status, headers });
  }
  return redirect(`/${market.handle}/checkout`);
}

export default function Checkout() {
  const { market, shipTo, countries, cart, delivery, methodRanges, formCountry, fields: addressFields, declined, marketingOptIn, points } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorText = useErrorText();
  const { intlLocale } = useLocale();
  const submit = useSubmit();
  const nav = useNavigation();
  const [country, setCountry] = useState(formCountry);
  const address = cart.shippingAddress as Record<string, string | undefined> | null;
  // Any edit of the contact or address form makes the saved address (and its shipping choice) stale
  // until it is saved again; the server refuses payment in that case too.
  const detailsRef = useRef<HTMLFormElement>(null);
  const [stale, setStale] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const recheck = () => {
    const form = detailsRef.current;
    if (!form) return;
    const formData = new FormData(form);
    formData.set("intent", "pay");
    const parsed = parseWithZod(formData, { schema: detailsFormSchema(String(formData.get("country") ?? ""), shipTo) });
    setStale(!(parsed.status === "success" && isSavedDetails(parsed.value, cart)));
  };
  useEffect(recheck, [cart, shipTo]);
  const [detailsForm, fields] = useForm({
    id: "checkout-details",
    lastResult: actionData?.form === "details" ? actionData.result : undefined,
    defaultValue: { email: cart.email ?? "", ...address },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: detailsFormSchema(country, shipTo) }),
  });
  const [shippingForm, shippingFields] = useForm({
    id: "checkout-shipping",
    lastResult: actionData?.form === "shipping" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShippingMethodForm }),
  });
  const labelOf = (name: string) => {
    if (name === "email") return t("checkout.email");
    const spec = addressFields.find((f) => f.name === name);
    return spec ? t(spec.label) : t("address.country");
  };
  const fieldError = (name: string, errors: string[] | undefined) => errorText(errors, addressFields.find((f) => f.name === name)?.errorValues);
  const busy = nav.state !== "idle";
  const payment = actionData?.payment;
  const methodError = errorText(shippingFields.method.errors);
  // A disabled button cannot say why; this visible hint does, and the button points at it.
  const payHint = !cart.shippingAddress ? t("checkout.payNeedsAddress") : !cart.shippingMethod ? t("checkout.payNeedsMethod") : null;
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="text-3xl font-semibold">{t("checkout.title")}</h1>
      {declined && !actionData ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="payment-declined">
          {t("checkout.declined")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="checkout-error">
          {userErrorMessage(t, actionData.error)}
        </p>
      ) : null}
      <div className="mt-6 grid gap-8 md:grid-cols-[1fr_22rem]">
        <div className="space-y-8">
          <Form
            method="post"
            id={detailsForm.id}
            ref={detailsRef}
            onSubmit={(e) => {
              detailsForm.onSubmit(e);
              if (e.defaultPrevented) setAttempt((n) => n + 1);
            }}
            onInput={recheck}
            onChange={recheck}
            className="space-y-4 rounded-lg bg-white p-5"
            noValidate
            data-testid="details-form"
          >
            <ErrorSummary
              title={(count) => t("address.errorSummary", { count })}
              attempt={attempt}
              errors={(["email", "country", ...addressFields.filter((f) => f.name !== "country").map((f) => f.name)] as const)
                .map((name) => ({ id: fields[name].id, label: labelOf(name), message: fieldError(name, fields[name].errors) }))
                .filter((e): e is { id: string; label: string; message: string } => Boolean(e.message))}
            />
            <h2 className="text-lg font-semibold">{t("checkout.contact")}</h2>
            <Field id={fields.email.id} label={t("checkout.email")} error={errorText(fields.email.errors)} required>
              {(aria) => <Input {...aria} key={fields.email.key} name={fields.email.name} type="email" dir="ltr" autoComplete="email" defaultValue={fields.email.initialValue} size="lg" block />}
            </Field>
            <MarketingOptIn checked={marketingOptIn} />
            <h2 className="pt-2 text-lg font-semibold">{t("checkout.shippingAddress")}</h2>
            <AddressFields countries={countries} country={country} onCountryChange={setCountry} specs={addressFields} fields={fields} />
            <Button variant="dark" disabled={busy} name="intent" value="details">
              {t("checkout.saveAddress")}
            </Button>
          </Form>
          {cart.shippingAddress ? (
            <Form
              method="post"
              id={shippingForm.id}
              onSubmit={shippingForm.onSubmit}
              className="rounded-lg bg-white p-5"
              data-testid="shipping-form"
              onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
            >
              <input type="hidden" name="intent" value="shipping" />
              <fieldset disabled={stale} aria-describedby={methodError ? `${shippingFields.method.id}-error` : undefined}>
                <legend className="text-lg font-semibold">{t("checkout.shippingMethod")}</legend>
                {cart.shippingMethods.length === 0 ? <p className="mt-2 text-red-900">{t("checkout.noShipping")}</p> : null}
                <div className="mt-3 space-y-2">
                  {cart.shippingMethods.map((m) => (
                    <label key={m.code} className="flex cursor-pointer items-center gap-3 rounded-md border border-stone-300 p-3 has-[:checked]:border-ink">
                      <input type="radio" name={shippingFields.method.name} value={m.code} defaultChecked={cart.shippingMethod === m.code} />
                      <span className="flex-1">
                        <span className="block font-medium">{t(codeKey("shipping", m.code))}</span>
                        <span className="block text-sm text-stone-700">{t("checkout.arrives", { range: methodRanges[m.code] ?? "" })}</span>
                      </span>
                      <span className="font-medium">{m.free ? t("checkout.free") : <MoneyText value={m.amount} />}</span>
                    </label>
                  ))}
                </div>
                {methodError ? <FieldError id={`${shippingFields.method.id}-error`}>{methodError}</FieldError> : null}
              </fieldset>
              <noscript>
                <Button variant="outline" className="mt-3">
                  {t("checkout.useMethod")}
                </Button>
              </noscript>
            </Form>
          ) : null}
          {points ? <PointsRedemption points={points} busy={busy} /> : null}
          {payment?.clientSecret ? (
            <section className="rounded-lg bg-white p-5" data-testid="stripe-payment">
              <h2 className="text-lg font-semibold">{t("checkout.payment")}</h2>
              <StripePayment publishableKey={payment.publishableKey} clientSecret={payment.clientSecret} returnUrl={payment.returnUrl} locale={intlLocale.split("-")[0]!} />
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
          {points?.redemption?.amount ? (
            <p className="flex justify-between rounded-lg bg-white p-4 text-sm" data-testid="summary-points">
              <span>{t("points.checkout.summary", { points: points.redemption.points })}</span>
              <span>
                −<MoneyText value={points.redemption.amount} />
              </span>
            </p>
          ) : null}
          {delivery ? <DeliveryPromise delivery={delivery.delivery} estimated={delivery.estimated} /> : null}
          {stale && cart.shippingAddress ? (
            <p id="pay-hint" role="status" className="text-sm text-red-900" data-testid="address-unsaved">
              {t("checkout.addressUnsaved")}
            </p>
          ) : payHint ? (
            <p id="pay-hint" className="text-sm text-stone-700" data-testid="pay-hint">
              {payHint}
            </p>
          ) : null}
          {/* Submits the address form, so the server can check the address shown is the one saved. */}
          <Button
            form={detailsForm.id}
            name="intent"
            value="pay"
            size="lg"
            block
            disabled={busy || !cart.shippingMethod || stale}
            aria-describedby={(stale && cart.shippingAddress) || payHint ? "pay-hint" : undefined}
            data-testid="pay-button"
          >
            {t("checkout.pay")}
          </Button>
          <Link to={`/${market}/cart`} className="block text-center text-sm underline">
            {t("checkout.backToCart")}
          </Link>
        </aside>
      </div>
    </main>
  );
}
