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
import { ROLES, type Role } from "~/modules/staff/permissions";
import { StaffPageForm } from "~/modules/staff/staff-form";
import { changeRole, createStaff, listStaff, revokeAccess } from "~/modules/staff/staff.server";

const SORTABLE = ["email", "role", "created"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:staff");
  const table = readTableState(new URL(request.url), SORTABLE, { sort: "email", dir: "asc" });
  const all = await listStaff();
  const key = (s: (typeof all)[number]) => (table.sort === "created" ? s.createdAt.toISOString() : table.sort === "role" ? s.role : s.email);
  all.sort((a, b) => key(a).localeCompare(key(b)) * (table.dir === "asc" ? 1 : -1));
  const start = (table.page - 1) * table.perPage;
  const rows = all.slice(start, start + table.perPage).map((s) => ({ id: s.id, email: s.email, name: s.name, role: s.role, created: s.createdAt.toISOString().slice(0, 10) }));
  return { rows, total: all.length, table };
}

type Outcome =
  | { kind: "created"; email: string; role: Role; password: string | null }
  | { kind: "role"; email: string; role: Role }
  | { kind: "revoked"; email: string; sessions: number; tokens: number }
  | { kind: "error"; message: MessageKey };
type ActionData = { intent: string; result?: SubmissionResult<string[]>; outcome?: Outcome };

const DOMAIN_ERRORS = new Set(["email_taken", "last_owner", "staff_not_found"]);

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:staff");
  const submission = parseWithZod(form, { schema: StaffPageForm });
  const intent = String(form.get("intent") ?? "");
  if (submission.status !== "success") return data<ActionData>({ intent, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "invite") {
      const { staff, password } = await createStaff(actor, input);
      return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), outcome: { kind: "created", email: staff.email, role: staff.role, password } });
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
    if (input.intent === "invite") return data<ActionData>({ intent, result: submission.reply({ fieldErrors: { email: [message] }, hideFields: ["password"] }) }, { status: e.status });
    return data<ActionData>({ intent, outcome: { kind: "error", message } }, { status: e.status });
  }
}

function OutcomeFlash({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const role = (r: Role) => t(`admin.roles.${r}`);
  if (outcome.kind === "error") return <Flash tone="error">{t(outcome.message)}</Flash>;
  if (outcome.kind === "created")
    return (
      <Flash>
        <p>{t("admin.staff.created_flash", { email: outcome.email, role: role(outcome.role) })}</p>
        {outcome.password ? (
          <p className="mt-1">
            {t("admin.staff.generatedPassword")}{" "}
            <code className="rounded bg-white px-1 font-mono" data-testid="generated-password">
              {outcome.password}
            </code>
          </p>
        ) : null}
      </Flash>
    );
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
    defaultValue: { role: "support" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffPageForm }),
  });
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }));
  const columns: Column<Row>[] = [
    { key: "email", label: t("admin.staff.email"), sortable: true, render: (r) => <span className="[overflow-wrap:anywhere]">{r.email}</span> },
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
        <FormField
          {...getInputProps(fields.password, { type: "password" })}
          id="invite-password"
          label={t("admin.staff.password")}
          description={t("admin.staff.passwordHint")}
          autoComplete="new-password"
          error={errorText(fields.password.errors)}
        />
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
