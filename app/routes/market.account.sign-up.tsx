import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountAuthPage, AccountError } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { clientIp, readFormData, userErrorReply } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { SignUpForm } from "~/modules/customers/account-form";
import { signUp } from "~/modules/customers/accounts.server";
import { normalizeEmail } from "~/modules/customers/customers";
import { customerFromRequest } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  if (await customerFromRequest(request)) throw redirect(`/${market.handle}/account`);
  const sent = new URL(request.url).searchParams.get("sent");
  return data(
    { market: market.handle, title: createTranslator(market.language, intlLocale(market))("account.signUp.title"), sent },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const submission = parseWithZod(await readFormData(request), { schema: SignUpForm });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }), error: null }, { status: 400 });
  try {
    await signUp({ ...submission.value, market: market.handle }, { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
  // The same page whether or not the address already had an account.
  return redirect(`/${market.handle}/account/sign-up?sent=${encodeURIComponent(normalizeEmail(submission.value.email))}`);
}

export default function SignUp() {
  const { market, title, sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "sign-up",
    lastResult: actionData && "result" in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpForm }),
  });
  if (sent) {
    return (
      <AccountAuthPage title={t("account.signUp.checkEmailTitle")}>
        <p className="mt-4" data-testid="sign-up-sent">
          {t("account.signUp.checkEmail", { email: sent })}
        </p>
      </AccountAuthPage>
    );
  }
  return (
    <AccountAuthPage title={title}>
      <AccountError error={actionData && "error" in actionData ? actionData.error : null} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-6 space-y-4 rounded-lg bg-white p-5" data-testid="sign-up-form">
        <Field id={fields.name.id} label={t("account.signUp.name")} error={errorText(fields.name.errors)}>
          {(aria) => <Input {...aria} name={fields.name.name} defaultValue={fields.name.initialValue} autoComplete="name" size="lg" block />}
        </Field>
        <Field id={fields.email.id} label={t("account.signUp.email")} error={errorText(fields.email.errors)} required>
          {(aria) => <Input {...aria} name={fields.email.name} defaultValue={fields.email.initialValue} type="email" autoComplete="email" size="lg" block />}
        </Field>
        <Field id={fields.password.id} label={t("account.signUp.password")} description={t("account.signUp.passwordHint")} error={errorText(fields.password.errors)} required>
          {(aria) => <Input {...aria} name={fields.password.name} type="password" autoComplete="new-password" size="lg" block />}
        </Field>
        <Button variant="dark" block>
          {t("account.signUp.submit")}
        </Button>
      </Form>
      <p className="mt-6 text-center text-sm">
        {t("account.signUp.haveAccount")}{" "}
        <Link to={`/${market}/account/sign-in`} className="underline">
          {t("account.signIn.title")}
        </Link>
      </p>
    </AccountAuthPage>
  );
}
