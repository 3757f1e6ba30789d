import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { readTableState } from "~/components/admin/table-params";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { useErrorText } from "~/components/ui/Field";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { ADMIN_LANGUAGE } from "~/components/admin/AdminI18n";
import { inviteStaff, resendInvitation } from "~/modules/staff/invitations.server";
import { ROLES, type Role } from "~/modules/staff/permissions";
import { INVITATION_LANGUAGES, StaffPageForm, type InvitationLanguage } from "~/modules/staff/staff-form";
import { changeRole, listStaff, revokeAccess } from "~/modules/staff/staff.server";

const SORTABLE = ["email", "role", "created"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:staff");
  const table = readTableState(new URL(request.url), SORTABLE, { sort: "email", dir: "asc" });
  const all = await listStaff();
  const key = (s: (typeof all)[number]) => (table.sort === "created" ? s.createdAt.toISOString() : table.sort === "role" ? s.role : s.email);
  all.sort((a, b) => key(a).localeCompare(key(b)) * (table.dir === "asc" ? 1 : -1));
  const start = (table.page - 1) * table.perPage;
  const rows = all
    .slice(start, start + table.perPage)
    .map((s) => ({ id: s.id, email: s.email, name: s.name, role: s.role, created: s.createdAt.toISOString().slice(0, 10), pending: s.invitationPending }));
  return { rows, total: all.length, table };
}

type Outcome =
  | { kind: "invited"; email: string; role: Role; expires: string }
  | { kind: "resent"; email: string; expires: string }
  | { kind: "role"; email: string; role: Role }
  | { kind: "revoked"; email: string; sessions: number; tokens: number }
  | { kind: "error"; message: MessageKey };
type ActionData = { intent: string; result?: SubmissionResult<string[]>; outcome?: Outcome };

const DOMAIN_ERRORS = new Set(["email_taken", "last_owner", "staff_not_found", "invitation_accepted", "staff_disabled"]);

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:staff");
  const submission = parseWithZod(form, { schema: StaffPageForm });
  const intent = String(form.get("intent") ?? "");
  if (submission.status !== "success") return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "invite") {
      const sent = await inviteStaff(actor, input);
      return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), outcome: { kind: "invited", email: sent.staff.email, role: sent.staff.role, expires: sent.expiresAt.toISOString() } });
    }
    if (input.intent === "resend") {
      const sent = await resendInvitation(actor, input.id);
      return data<ActionData>({ intent, outcome: { kind: "resent", email: sent.staff.email, expires: sent.expiresAt.toISOString() } });
    }
    if (input.intent === "role") {
      const staff = await changeRole(actor, input.id, input.role);
      return data<ActionData>({ intent, outcome: { kind: "role", email: staff.email, role: staff.role } });
    }
    const staff = (await listStaff()).find((s) => s.id === input.id);
    const revoked = await revokeAccess(actor, input.id);
    return data<ActionData>({ intent, outcome: { kind: "revoked", email: staff?.email ?? input.id, ...revoked } });
  } catch (e) {
    if (!isUserError(e) || !DOMAIN_ERRORS.has(e.code)) throw e;
    const message = `admin.errors.${e.code}` as MessageKey;
    if (input.intent === "invite") return data<ActionData>({ intent, result: submission.reply({ fieldErrors: { email: [message] } }) }, { status: e.status });
    return data<ActionData>({ intent, outcome: { kind: "error", message } }, { status: e.status });
  }
}

function OutcomeFlash({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const role = (r: Role) => t(`admin.roles.${r}`);
  if (outcome.kind === "error") return <Flash tone="error">{t(outcome.message)}</Flash>;
  const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
  if (outcome.kind === "invited") return <Flash>{t("admin.staff.invited", { email: outcome.email, role: role(outcome.role), expires: when(outcome.expires) })}</Flash>;
  if (outcome.kind === "resent") return <Flash>{t("admin.staff.resent", { email: outcome.email, expires: when(outcome.expires) })}</Flash>;
  if (outcome.kind === "role") return <Flash>{t("admin.staff.roleChanged", { email: outcome.email, role: role(outcome.role) })}</Flash>;
  return <Flash>{t("admin.staff.revoked", { email: outcome.email, sessions: outcome.sessions, tokens: outcome.tokens })}</Flash>;
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminStaff() {
  const { rows, total, table } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf, staff: me } = useAdmin();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
    defaultValue: { role: "support", language: ADMIN_LANGUAGE },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffPageForm }),
  });
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }));
  const languageOptions = INVITATION_LANGUAGES.map((l: InvitationLanguage) => ({ value: l, label: t(`admin.catalog.languages.${l}`) }));
  const columns: Column<Row>[] = [
    {
      key: "email",
      label: t("admin.staff.email"),
      sortable: true,
      render: (r) => (
        <span className="[overflow-wrap:anywhere]">
          {r.email}
          {r.pending ? <span className="ms-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">{t("admin.staff.pending")}</span> : null}
        </span>
      ),
    },
    { key: "name", label: t("admin.staff.name"), render: (r) => r.name },
    { key: "role", label: t("admin.staff.role"), sortable: true, render: (r) => t(`admin.roles.${r.role}`) },
    { key: "created", label: t("admin.staff.created"), sortable: true, render: (r) => <time dateTime={r.created}>{r.created}</time>, className: "whitespace-nowrap" },
    {
      key: "actions",
      label: t("admin.staff.actions"),
      render: (r) => (
        <div className="flex flex-wrap items-end gap-2">
          <Form method="post" className="flex items-end gap-2">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="role" />
            <input type="hidden" name="id" value={r.id} />
            <SelectField id={`role-${r.id}`} name="role" label={t("admin.staff.changeRoleFor", { email: r.email })} hideLabel options={roleOptions} defaultValue={r.role} />
            <Button size="sm" variant="outline">
              {t("admin.staff.changeRole")}
            </Button>
          </Form>
          {r.pending ? (
            <Form method="post">
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="resend" />
              <input type="hidden" name="id" value={r.id} />
              <Button size="sm" variant="outline" aria-label={t("admin.staff.resendFor", { email: r.email })}>
                {t("admin.staff.resend")}
              </Button>
            </Form>
          ) : null}
          {r.email !== me.email ? (
            <Form method="post">
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="id" value={r.id} />
              {/* The visible words start the accessible name (WCAG 2.5.3 Label in Name); the email tells rows apart. */}
              <Button size="sm" variant="danger">
                {t("admin.staff.revoke")}
                <span className="sr-only">: {r.email}</span>
              </Button>
            </Form>
          ) : null}
        </div>
      ),
    },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.staff.title")}</h1>
      {actionData?.outcome ? <OutcomeFlash outcome={actionData.outcome} /> : null}
      <DataTable caption={t("admin.staff.title")} columns={columns} rows={rows} rowKey={(r) => r.id} sort={table.sort} dir={table.dir} empty={t("admin.staff.empty")} total={total} page={table.page} perPage={table.perPage} />
      <h2 className="mt-8 mb-3 text-xl font-semibold">{t("admin.staff.inviteTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="grid max-w-3xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-2">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="invite" />
        <FormField {...getInputProps(fields.email, { type: "email" })} id="invite-email" label={t("admin.staff.email")} required error={errorText(fields.email.errors)} />
        <FormField {...getInputProps(fields.name, { type: "text" })} id="invite-name" label={t("admin.staff.name")} error={errorText(fields.name.errors)} />
        <SelectField
          key={getSelectProps(fields.role).key}
          id="invite-role"
          name="role"
          label={t("admin.staff.role")}
          options={roleOptions}
          defaultValue={fields.role.initialValue ?? "support"}
          error={errorText(fields.role.errors)}
        />
        <SelectField
          id="invite-language"
          name="language"
          label={t("admin.staff.language")}
          options={languageOptions}
          defaultValue={fields.language.initialValue ?? ADMIN_LANGUAGE}
          error={errorText(fields.language.errors)}
        />
        <p className="text-sm text-stone-700 md:col-span-2">{t("admin.staff.inviteHint")}</p>
        <div className="md:col-span-2">
          <Button>{t("admin.staff.invite")}</Button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
