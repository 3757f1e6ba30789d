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
import { claimCart } from "~/modules/cart/cart.server";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { SignInForm, SignInLinkForm } from "~/modules/customers/account-form";
import { requestSignInLink, signIn } from "~/modules/customers/accounts.server";
import { customerFromRequest, safeNext, signedInRedirect } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get("next"), market.handle);
  if (await customerFromRequest(request)) throw redirect(next);
  return data(
    { market: market.handle, next, title: createTranslator(market.language, intlLocale(market))("account.signIn.title"), linkSent: url.searchParams.has("link-sent") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const next = safeNext(String(formData.get("next") ?? ""), market.handle);
  const ctx = { ip: clientIp(request), userAgent: request.headers.get("user-agent") };
  try {
    if (formData.get("intent") === "link") {
      const submission = parseWithZod(formData, { schema: SignInLinkForm });
      if (submission.status !== "success") return data({ form: "link" as const, result: submission.reply(), error: null }, { status: 400 });
      await requestSignInLink({ email: submission.value.email, market: market.handle }, ctx);
      return redirect(`/${market.handle}/account/sign-in?link-sent=1`);
    }
    const submission = parseWithZod(formData, { schema: SignInForm });
    if (submission.status !== "success") return data({ form: "password" as const, result: submission.reply({ hideFields: ["password"] }), error: null }, { status: 400 });
    const session = await signIn(submission.value, "cookie", ctx);
    // A cart filled before signing in becomes the customer's, so its order lands in the account.
    const cart = await cartFromRequest(request);
    if (cart) await claimCart(cart.id, session.customer.id);
    return signedInRedirect(request, session, next);
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
}

type ActionData = { form?: "password" | "link"; result?: SubmissionResult<string[]>; error: { code: string; message: string } | null };

export default function SignIn() {
  const { market, next, title, linkSent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.form === "password" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInForm }),
  });
  const [linkForm, linkFields] = useForm({
    id: "sign-in-link",
    lastResult: actionData?.form === "link" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInLinkForm }),
  });
  return (
    <AccountAuthPage title={title}>
      <AccountError error={actionData?.error} />
      {linkSent ? (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 p-4 text-emerald-900" data-testid="link-sent">
          {t("account.signIn.linkSent")}
        </p>
      ) : null}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-6 space-y-4 rounded-lg bg-white p-5" data-testid="sign-in-form">
        <input type="hidden" name="intent" value="password" />
        <input type="hidden" name="next" value={next} />
        <Field id={fields.email.id} label={t("account.signIn.email")} error={errorText(fields.email.errors)} required>
          {(aria) => <Input {...aria} name={fields.email.name} defaultValue={fields.email.initialValue} type="email" autoComplete="username" size="lg" block />}
        </Field>
        <Field id={fields.password.id} label={t("account.signIn.password")} error={errorText(fields.password.errors)} required>
          {(aria) => <Input {...aria} name={fields.password.name} type="password" autoComplete="current-password" size="lg" block />}
        </Field>
        <Button variant="dark" block>
          {t("account.signIn.submit")}
        </Button>
        <p className="text-sm">
          <Link to={`/${market}/account/forgot-password`} className="underline">
            {t("account.signIn.forgot")}
          </Link>
        </p>
      </Form>
      <section aria-labelledby="sign-in-link-heading" className="mt-6 rounded-lg bg-white p-5">
        <h2 id="sign-in-link-heading" className="text-lg font-semibold">
          {t("account.signIn.linkHeading")}
        </h2>
        <p className="mt-1 text-sm text-stone-700">{t("account.signIn.linkIntro")}</p>
        <Form method="post" id={linkForm.id} onSubmit={linkForm.onSubmit} noValidate className="mt-3 space-y-3">
          <input type="hidden" name="intent" value="link" />
          <Field id={linkFields.email.id} label={t("account.signIn.email")} error={errorText(linkFields.email.errors)} required>
            {(aria) => <Input {...aria} name={linkFields.email.name} defaultValue={linkFields.email.initialValue} type="email" autoComplete="email" block />}
          </Field>
          <Button variant="outline">{t("account.signIn.linkSubmit")}</Button>
        </Form>
      </section>
      <p className="mt-6 text-center text-sm">
        {t("account.signIn.newHere")}{" "}
        <Link to={`/${market}/account/sign-up`} className="underline" data-testid="create-account-link">
          {t("account.signIn.createAccount")}
        </Link>
      </p>
    </AccountAuthPage>
  );
}
