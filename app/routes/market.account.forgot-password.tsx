import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AccountAuthPage, AccountError } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { clientIp, readFormData, userErrorReply } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { ForgotPasswordForm } from "~/modules/customers/account-form";
import { requestPasswordReset } from "~/modules/customers/accounts.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  return data(
    { title: createTranslator(market.language, intlLocale(market))("account.forgot.title"), sent: new URL(request.url).searchParams.has("sent") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const submission = parseWithZod(await readFormData(request), { schema: ForgotPasswordForm });
  if (submission.status !== "success") return data({ result: submission.reply(), error: null }, { status: 400 });
  try {
    await requestPasswordReset({ email: submission.value.email, market: market.handle }, { ip: clientIp(request) });
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
  return redirect(`/${market.handle}/account/forgot-password?sent=1`);
}

export default function ForgotPassword() {
  const { title, sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData && "result" in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordForm }),
  });
  return (
    <AccountAuthPage title={title}>
      <AccountError error={actionData && "error" in actionData ? actionData.error : null} />
      {sent ? (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 p-4 text-emerald-900" data-testid="reset-sent">
          {t("account.forgot.sent")}
        </p>
      ) : null}
      <p className="mt-4 text-stone-700">{t("account.forgot.intro")}</p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-4 space-y-4 rounded-lg bg-white p-5" data-testid="forgot-form">
        <Field id={fields.email.id} label={t("account.signIn.email")} error={errorText(fields.email.errors)} required>
          {(aria) => <Input {...aria} name={fields.email.name} defaultValue={fields.email.initialValue} type="email" autoComplete="email" size="lg" block />}
        </Field>
        <Button variant="dark" block>
          {t("account.forgot.submit")}
        </Button>
      </Form>
    </AccountAuthPage>
  );
}
