import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ADMIN_LANGUAGE, AdminI18n } from "~/components/admin/AdminI18n";
import { Flash } from "~/components/admin/Flash";
import { FormField } from "~/components/admin/FormField";
import { useErrorText } from "~/components/ui/Field";
import { Button } from "~/components/ui/Button";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { clientIp, readFormData } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { clientMessages } from "~/lib/i18n.server";
import { signIn, staffSession } from "~/modules/staff/auth.server";
import { SignInForm } from "~/modules/staff/staff-form";

/** Only admin paths of this site: never an absolute or protocol-relative URL (open redirect). */
function safeRedirect(to: string | undefined | null): string {
  return to && /^\/admin(\/[^/\\]|$|\?)/.test(to) && !to.startsWith("//") ? to : "/admin";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await staffSession(request)) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  return { messages: clientMessages(ADMIN_LANGUAGE, "admin"), redirectTo: safeRedirect(url.searchParams.get("redirectTo")) };
}

type ActionData = { result: SubmissionResult<string[]>; retryAfterMinutes?: number };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: SignInForm });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  try {
    const { cookie } = await signIn(request, { ...submission.value, ip: clientIp(request) });
    return redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    if (!isUserError(e)) throw e;
    if (e.status === 429) {
      const seconds = Math.max(1, Math.ceil(e.retryAfterSeconds ?? 60));
      return data<ActionData>(
        { result: submission.reply({ hideFields: ["password"] }), retryAfterMinutes: Math.ceil(seconds / 60) },
        { status: 429, headers: { "Retry-After": String(seconds) } },
      );
    }
    return data<ActionData>({ result: submission.reply({ formErrors: ["admin.signIn.invalid"], hideFields: ["password"] }) }, { status: 401 });
  }
}

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const h = new Headers({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });
  const retry = actionHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

export const meta: MetaFunction = () => [{ title: "Sign in · Harbor admin" }, { name: "robots", content: "noindex" }];

function SignInPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInForm }),
  });
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">{t("admin.signIn.title")}</h1>
      {actionData?.retryAfterMinutes ? (
        <Flash tone="error">{t("admin.signIn.rateLimited", { minutes: actionData.retryAfterMinutes })}</Flash>
      ) : form.errors?.length ? (
        <Flash tone="error">{errorText(form.errors)}</Flash>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-md border border-stone-300 bg-white p-6">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormField
          {...getInputProps(fields.email, { type: "email" })}
          id="admin-email"
          label={t("admin.signIn.email")}
          autoComplete="username"
          required
          error={errorText(fields.email.errors)}
        />
        <FormField
          {...getInputProps(fields.password, { type: "password" })}
          id="admin-password"
          label={t("admin.signIn.password")}
          autoComplete="current-password"
          required
          error={errorText(fields.password.errors)}
        />
        <Button block disabled={navigation.state === "submitting"}>
          {t("admin.signIn.submit")}
        </Button>
      </Form>
    </main>
  );
}

export default function AdminSignIn() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <AdminI18n messages={messages}>
      <SignInPage />
    </AdminI18n>
  );
}
