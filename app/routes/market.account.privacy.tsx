import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AccountPage } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { DeleteAccountForm } from "~/modules/customers/account-form";
import { normalizeEmail } from "~/modules/customers/customers";
import { eraseCustomer } from "~/modules/customers/privacy.server";
import { clearSessionCookie, requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  await requireCustomerPage(request, market.handle);
  return data({ market: market.handle, title: createTranslator(market.language, intlLocale(market))("account.privacy.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const customer = await requireCustomerPage(request, market.handle);
  const submission = parseWithZod(await readFormData(request), { schema: DeleteAccountForm });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (normalizeEmail(submission.value.confirmEmail) !== customer.email) {
    return data({ result: submission.reply({ fieldErrors: { confirmEmail: ["account.errors.confirmMismatch"] } }) }, { status: 400 });
  }
  await eraseCustomer(customer.id);
  return redirect(`/${market.handle}/account/sign-in?notice=deleted`, { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export default function Privacy() {
  const { market, title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "delete-account",
    lastResult: actionData?.result as SubmissionResult<string[]> | undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteAccountForm }),
  });
  return (
    <AccountPage market={market} title={title}>
      <section aria-labelledby="export-heading" className="rounded-lg bg-white p-5">
        <h2 id="export-heading" className="text-lg font-semibold">
          {t("account.privacy.exportHeading")}
        </h2>
        <p className="mt-1 text-stone-700">{t("account.privacy.exportIntro")}</p>
        <a href={`/${market}/account/data-export`} download className="mt-3 inline-block rounded-md border border-stone-400 px-4 py-2 font-medium underline-offset-2 hover:underline" data-testid="export-link">
          {t("account.privacy.exportButton")}
        </a>
      </section>
      <section aria-labelledby="delete-heading" className="mt-6 rounded-lg border border-red-300 bg-white p-5">
        <h2 id="delete-heading" className="text-lg font-semibold">
          {t("account.privacy.deleteHeading")}
        </h2>
        <p className="mt-1 text-stone-700">{t("account.privacy.deleteIntro")}</p>
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-4 space-y-3" data-testid="delete-form">
          <Field id={fields.confirmEmail.id} label={t("account.privacy.confirmEmail")} error={errorText(fields.confirmEmail.errors)} required>
            {(aria) => <Input {...aria} name={fields.confirmEmail.name} type="email" autoComplete="off" block />}
          </Field>
          <Button variant="dark" className="bg-red-800 hover:bg-red-900">
            {t("account.privacy.deleteButton")}
          </Button>
        </Form>
      </section>
    </AccountPage>
  );
}
