import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AccountError, AccountPage } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { readFormData, userErrorReply } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { regionNames } from "~/lib/intl";
import { ProfileForm } from "~/modules/customers/account-form";
import { updateProfile } from "~/modules/customers/profile.server";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const c = await requireCustomerPage(request, market.handle);
  return data(
    {
      market: market.handle,
      title: createTranslator(market.language, intlLocale(market))("account.profile.title"),
      profile: { name: c.name ?? "", email: c.email, verified: c.emailVerifiedAt !== null, language: c.locale, market: c.market ?? market.handle },
      saved: new URL(request.url).searchParams.has("saved"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const customer = await requireCustomerPage(request, market.handle);
  const submission = parseWithZod(await readFormData(request), { schema: ProfileForm });
  if (submission.status !== "success") return data({ result: submission.reply(), error: null }, { status: 400 });
  try {
    await updateProfile(customer, submission.value);
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
  return redirect(`/${market.handle}/account/profile?saved=1`);
}

const LANGUAGE_NAMES: Record<string, string> = { en: "English", fr: "Français", de: "Deutsch", es: "Español", ja: "日本語", pt: "Português", ar: "العربية" };

export default function Profile() {
  const { market, title, profile, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const root = useRouteLoaderData<RootData>("root");
  const t = useT();
  const errorText = useErrorText();
  const { intlLocale } = useLocale();
  const regions = regionNames(intlLocale);
  const markets = root?.markets ?? [];
  const languages = [...new Set(markets.map((m) => m.language))];
  const [form, fields] = useForm({
    id: "profile",
    lastResult: actionData && "result" in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined,
    defaultValue: { name: profile.name, language: profile.language, market: profile.market },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileForm }),
  });
  return (
    <AccountPage market={market} title={title}>
      {saved ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 p-4 text-emerald-900">
          {t("account.profile.saved")}
        </p>
      ) : null}
      <AccountError error={actionData && "error" in actionData ? actionData.error : null} />
      <dl className="rounded-lg bg-white p-5">
        <dt className="text-sm text-stone-700">{t("account.profile.email")}</dt>
        <dd className="mt-1" data-testid="profile-email">
          <bdi>{profile.email}</bdi> · {t(profile.verified ? "account.profile.verified" : "account.profile.unverified")}
        </dd>
      </dl>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-6 space-y-4 rounded-lg bg-white p-5" data-testid="profile-form">
        <Field id={fields.name.id} label={t("account.profile.name")} error={errorText(fields.name.errors)}>
          {(aria) => <Input {...aria} name={fields.name.name} defaultValue={fields.name.initialValue} autoComplete="name" size="lg" block />}
        </Field>
        <Field id={fields.language.id} label={t("account.profile.language")} error={errorText(fields.language.errors)}>
          {(aria) => (
            <Select {...aria} name={fields.language.name} defaultValue={fields.language.initialValue} size="lg" block>
              {languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l] ?? l}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id={fields.market.id} label={t("account.profile.market")} error={errorText(fields.market.errors)}>
          {(aria) => (
            <Select {...aria} name={fields.market.name} defaultValue={fields.market.initialValue} size="lg" block>
              {markets.map((m) => (
                <option key={m.handle} value={m.handle}>
                  {regions.of(m.country)} ({m.currency}, {LANGUAGE_NAMES[m.language] ?? m.language})
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button variant="dark">{t("account.profile.save")}</Button>
      </Form>
    </AccountPage>
  );
}
