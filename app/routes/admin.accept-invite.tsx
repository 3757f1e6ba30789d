import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ADMIN_LANGUAGE, AdminI18n } from "~/components/admin/AdminI18n";
import { Flash } from "~/components/admin/Flash";
import { FormField } from "~/components/admin/FormField";
import { Button } from "~/components/ui/Button";
import { useErrorText } from "~/components/ui/Field";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { readFormData } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { clientMessages } from "~/lib/i18n.server";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/lib/password-rules";
import { acceptInvitation, pendingInvitation } from "~/modules/staff/invitations.server";
import { AcceptInviteForm } from "~/modules/staff/staff-form";

/** 410 Gone (RFC 9110 §15.5.11): the link existed or may have, and will not work again. */
const GONE = 410;

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const messages = clientMessages(ADMIN_LANGUAGE, "admin");
  const staff = token.length <= 200 ? await pendingInvitation(token) : null;
  if (!staff) return data({ messages, invitation: null, token: "" }, { status: GONE });
  return { messages, invitation: { email: staff.email, name: staff.name }, token };
}

type ActionData = { result?: SubmissionResult<string[]>; gone?: true };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: AcceptInviteForm });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400 });
  try {
    const { cookie } = await acceptInvitation(request, submission.value.token, submission.value.password);
    return redirect("/admin", { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    if (isUserError(e) && e.code === "invalid_invitation") return data<ActionData>({ gone: true }, { status: GONE });
    throw e;
  }
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" });

export const meta: MetaFunction = () => [{ title: "Accept invitation · Harbor admin" }, { name: "robots", content: "noindex" }];

function Gone() {
  const t = useT();
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.acceptInvite.goneTitle")}</h1>
      <p className="mb-6">{t("admin.acceptInvite.goneBody")}</p>
      <Link to="/admin/sign-in" className="underline underline-offset-2">
        {t("admin.acceptInvite.toSignIn")}
      </Link>
    </main>
  );
}

function AcceptPage() {
  const { invitation, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInviteForm }),
  });
  if (!invitation || actionData?.gone) return <Gone />;
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <h1 className="mb-2 text-2xl font-semibold">{t("admin.acceptInvite.title")}</h1>
      <p className="mb-6 text-sm text-stone-700">{t("admin.acceptInvite.intro", { email: invitation.email })}</p>
      {form.errors?.length ? <Flash tone="error">{errorText(form.errors)}</Flash> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-md border border-stone-300 bg-white p-6">
        <input type="hidden" name="token" value={token} />
        <FormField
          {...getInputProps(fields.password, { type: "password" })}
          id="invite-password"
          label={t("admin.acceptInvite.password")}
          description={t("admin.acceptInvite.passwordHint", { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
          autoComplete="new-password"
          required
          error={errorText(fields.password.errors)}
        />
        <FormField
          {...getInputProps(fields.confirm, { type: "password" })}
          id="invite-confirm"
          label={t("admin.acceptInvite.confirm")}
          autoComplete="new-password"
          required
          error={errorText(fields.confirm.errors)}
        />
        <Button block disabled={navigation.state === "submitting"}>
          {t("admin.acceptInvite.submit")}
        </Button>
      </Form>
    </main>
  );
}

export default function AdminAcceptInvite() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <AdminI18n messages={messages}>
      <AcceptPage />
    </AdminI18n>
  );
}
