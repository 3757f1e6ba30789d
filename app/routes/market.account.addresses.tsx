import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { AccountError, AccountPage } from "~/components/storefront/Account";
import { AddressFields } from "~/components/storefront/AddressFields";
import { Button } from "~/components/ui/Button";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { readFormData, userErrorReply } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { countryOptions, regionNames } from "~/lib/intl";
import { addressFieldsFor, addressSchema } from "~/modules/checkout/address";
import { addAddress, deleteAddress, listAddresses } from "~/modules/customers/profile.server";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  const url = new URL(request.url);
  const wanted = url.searchParams.get("country")?.toUpperCase();
  const country = wanted && market.shipTo.includes(wanted) ? wanted : market.shipTo[0]!;
  const locale = intlLocale(market);
  const countryNames = regionNames(locale);
  const addresses = (await listAddresses(customer.id)).map((a) => ({ ...a, countryName: countryNames.of(a.address.country) ?? a.address.country }));
  return data(
    {
      market: market.handle,
      title: createTranslator(market.language, locale)("account.addresses.title"),
      addresses,
      countries: countryOptions(market.shipTo, locale),
      country,
      fields: addressFieldsFor(country, market.language),
      saved: url.searchParams.get("saved"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const customer = await requireCustomerPage(request, market.handle);
  const formData = await readFormData(request);
  if (formData.get("intent") === "delete") {
    await deleteAddress(customer.id, String(formData.get("id") ?? ""));
    return redirect(`/${market.handle}/account/addresses?saved=removed`);
  }
  const submission = parseWithZod(formData, { schema: addressSchema(String(formData.get("country") ?? "")) });
  if (submission.status !== "success") return data({ result: submission.reply(), error: null }, { status: 400 });
  try {
    const saved = await addAddress(customer.id, submission.value);
    if (!saved.ok) return data({ result: submission.reply({ fieldErrors: Object.fromEntries(Object.entries(saved.errors).map(([f, k]) => [f, [k]])) }), error: null }, { status: 400 });
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
  return redirect(`/${market.handle}/account/addresses?saved=saved`);
}

export default function Addresses() {
  const { market, title, addresses, countries, country: initialCountry, fields: specs, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [country, setCountry] = useState(initialCountry);
  const [form, fields] = useForm({
    id: "address",
    lastResult: actionData && "result" in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined,
    defaultValue: { country },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addressSchema(country) }),
  });
  return (
    <AccountPage market={market} title={title}>
      {saved === "saved" || saved === "removed" ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 p-4 text-emerald-900">
          {t(saved === "saved" ? "account.addresses.saved" : "account.addresses.removed")}
        </p>
      ) : null}
      <AccountError error={actionData && "error" in actionData ? actionData.error : null} />
      {addresses.length === 0 ? (
        <p className="rounded-lg bg-white p-5 text-stone-700">{t("account.addresses.empty")}</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" data-testid="saved-addresses">
          {addresses.map((a) => (
            <li key={a.id} className="rounded-lg bg-white p-4">
              <address className="not-italic">
                {[a.address.name, a.address.line1, a.address.line2, [a.address.postalCode, a.address.city].filter(Boolean).join(" "), a.address.region, a.countryName]
                  .filter(Boolean)
                  .map((line, i) => (
                    <span key={i} className="block">
                      {line}
                    </span>
                  ))}
              </address>
              {a.isDefault ? <p className="mt-2 text-sm font-semibold">{t("account.addresses.default")}</p> : null}
              <Form method="post" className="mt-3">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={a.id} />
                <Button variant="outline" size="sm" aria-label={t("account.addresses.deleteLabel", { name: a.address.name })}>
                  {t("account.addresses.delete")}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-8 space-y-4 rounded-lg bg-white p-5" data-testid="address-form">
        <h2 className="text-lg font-semibold">{t("account.addresses.add")}</h2>
        <input type="hidden" name="intent" value="add" />
        <AddressFields countries={countries} country={country} onCountryChange={setCountry} specs={specs} fields={fields} />
        <Button variant="dark">{t("account.addresses.save")}</Button>
      </Form>
    </AccountPage>
  );
}
