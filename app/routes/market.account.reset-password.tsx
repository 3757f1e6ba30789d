import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountAuthPage, AccountError } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { readFormData, userErrorReply } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { ResetPasswordForm } from "~/modules/customers/account-form";
import { resetPassword } from "~/modules/customers/accounts.server";
import { createSession, signedInRedirect } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return data(
    { market: market.handle, token, title: createTranslator(market.language, intlLocale(market))("account.reset.title") },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const submission = parseWithZod(await readFormData(request), { schema: ResetPasswordForm });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }), error: null }, { status: 400 });
  try {
    const customer = await resetPassword(submission.value.token, submission.value.password);
    const session = await createSession(customer.id, "cookie", request.headers.get("user-agent"));
    return signedInRedirect(request, session, `/${market.handle}/account?notice=passwordChanged`);
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
}

export default function ResetPassword() {
  const { market, token, title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult: actionData && "result" in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordForm }),
  });
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <AccountAuthPage title={title}>
      <AccountError error={error ?? (fields.token.errors ? { code: "invalid_token", message: "" } : null)} />
      {error?.code === "invalid_token" ? (
        <p className="mt-4">
          <Link to={`/${market}/account/forgot-password`} className="underline">
            {t("account.forgot.title")}
          </Link>
        </p>
      ) : null}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-6 space-y-4 rounded-lg bg-white p-5" data-testid="reset-form">
        <input type="hidden" name={fields.token.name} value={token} />
        <Field id={fields.password.id} label={t("account.reset.password")} description={t("account.signUp.passwordHint")} error={errorText(fields.password.errors)} required>
          {(aria) => <Input {...aria} name={fields.password.name} type="password" autoComplete="new-password" size="lg" block />}
        </Field>
        <Button variant="dark" block>
          {t("account.reset.submit")}
        </Button>
      </Form>
    </AccountAuthPage>
  );
}
