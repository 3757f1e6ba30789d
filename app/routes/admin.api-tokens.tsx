import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
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
import { createApiToken, listApiTokens, revokeApiToken } from "~/modules/staff/api-tokens.server";
import { ApiTokensPageForm, TOKEN_LIFETIMES } from "~/modules/staff/staff-form";
import { getStaffView, listStaff } from "~/modules/staff/staff.server";

const SORTABLE = ["name", "staff", "created", "lastUsed"] as const;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:staff");
  const table = readTableState(new URL(request.url), SORTABLE, { sort: "created", dir: "desc" });
  const [tokens, staff] = await Promise.all([listApiTokens(), listStaff()]);
  const now = Date.now();
  const all = tokens.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    email: t.staff.email,
    role: t.staff.role,
    created: t.createdAt.toISOString(),
    lastUsed: t.lastUsedAt?.toISOString() ?? null,
    expires: day(t.expiresAt),
    state: t.revokedAt ? ("revoked" as const) : t.expiresAt && t.expiresAt.getTime() <= now ? ("expired" as const) : ("active" as const),
  }));
  const key = (r: (typeof all)[number]) => (table.sort === "name" ? r.name : table.sort === "staff" ? r.email : table.sort === "lastUsed" ? (r.lastUsed ?? "") : r.created);
  all.sort((a, b) => key(a).localeCompare(key(b)) * (table.dir === "asc" ? 1 : -1));
  const start = (table.page - 1) * table.perPage;
  const people = staff.filter((s) => !s.disabledAt && !s.invitationPending).map((s) => ({ id: s.id, email: s.email, role: s.role }));
  return { rows: all.slice(start, start + table.perPage), total: all.length, table, people };
}

type Outcome = { kind: "created"; name: string; token: string; email: string } | { kind: "revoked"; name: string } | { kind: "error"; message: MessageKey };
type ActionData = { intent: string; result?: SubmissionResult<string[]>; outcome?: Outcome };

const DOMAIN_ERRORS: Record<string, MessageKey> = {
  api_token_not_found: "admin.errors.api_token_not_found",
  staff_not_found: "admin.errors.staff_not_found",
  staff_disabled: "admin.errors.staff_disabled",
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:staff");
  const submission = parseWithZod(form, { schema: ApiTokensPageForm });
  const intent = String(form.get("intent") ?? "");
  if (submission.status !== "success") return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "create") {
      const staff = await getStaffView(input.staffId);
      if (!staff) return data<ActionData>({ intent, result: submission.reply({ fieldErrors: { staffId: ["admin.errors.staff_not_found"] } }) }, { status: 404 });
      const expiresAt = input.lifetime === "never" ? null : new Date(Date.now() + Number(input.lifetime) * 86_400_000);
      const issued = await createApiToken(actor, staff, { name: input.name, expiresAt });
      // The secret travels only in this response: the page shows it once, also without JavaScript.
      return data<ActionData>(
        { intent, result: submission.reply({ resetForm: true }), outcome: { kind: "created", name: issued.name, token: issued.token, email: staff.email } },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    const revoked = await revokeApiToken(actor, input.id);
    return data<ActionData>({ intent, outcome: { kind: "revoked", name: revoked.name } });
  } catch (e) {
    if (!isUserError(e) || !DOMAIN_ERRORS[e.code]) throw e;
    return data<ActionData>({ intent, outcome: { kind: "error", message: DOMAIN_ERRORS[e.code]! } }, { status: e.status });
  }
}

/** The secret with a copy button; the button appears once scripts run (without them, select the text). */
function SecretOnce({ token }: { token: string }) {
  const t = useT();
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  return (
    <div className="mt-2 flex flex-wrap items-end gap-2">
      <label className="block min-w-0 flex-1 text-sm">
        <span className="block font-medium">{t("admin.apiTokens.secretLabel")}</span>
        <input readOnly value={token} data-testid="api-token-secret" onFocus={(e) => e.currentTarget.select()} className="mt-1 block w-full rounded border border-stone-400 bg-white px-2 py-1 font-mono text-sm" />
      </label>
      {canCopy ? (
        <Button
          type="button"
          size="sm"
          variant="outline"
          onClick={() => {
            void navigator.clipboard.writeText(token).then(() => setCopied(true));
          }}
        >
          {copied ? t("admin.apiTokens.copied") : t("admin.apiTokens.copy")}
        </Button>
      ) : null}
    </div>
  );
}

function OutcomeFlash({ outcome }: { outcome: Outcome }) {
  const t = useT();
  if (outcome.kind === "error") return <Flash tone="error">{t(outcome.message)}</Flash>;
  if (outcome.kind === "revoked") return <Flash>{t("admin.apiTokens.revoked", { name: outcome.name })}</Flash>;
  return (
    <Flash>
      <p>{t("admin.apiTokens.created", { name: outcome.name, email: outcome.email })}</p>
      <p className="mt-1 font-semibold">{t("admin.apiTokens.shownOnce")}</p>
      <SecretOnce token={outcome.token} />
    </Flash>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminApiTokens() {
  const { rows, total, table, people } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf, staff: me } = useAdmin();
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    defaultValue: { lifetime: "90" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApiTokensPageForm }),
  });
  const lifetimeLabel = (l: (typeof TOKEN_LIFETIMES)[number]) => (l === "never" ? t("admin.apiTokens.never") : t("admin.apiTokens.days", { days: Number(l) }));
  const stateLabel: Record<Row["state"], MessageKey> = { active: "admin.apiTokens.active", revoked: "admin.apiTokens.revokedState", expired: "admin.apiTokens.expired" };
  const columns: Column<Row>[] = [
    { key: "name", label: t("admin.apiTokens.name"), sortable: true, render: (r) => <span className="[overflow-wrap:anywhere]">{r.name}</span> },
    { key: "prefix", label: t("admin.apiTokens.prefix"), render: (r) => (r.prefix ? <code className="font-mono">{r.prefix}…</code> : "—") },
    { key: "staff", label: t("admin.apiTokens.actsAs"), sortable: true, render: (r) => `${r.email} (${t(`admin.roles.${r.role}`)})` },
    { key: "created", label: t("admin.apiTokens.createdAt"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.created}>{r.created.slice(0, 10)}</time> },
    { key: "lastUsed", label: t("admin.apiTokens.lastUsed"), sortable: true, className: "whitespace-nowrap", render: (r) => (r.lastUsed ? <time dateTime={r.lastUsed}>{r.lastUsed.slice(0, 16).replace("T", " ")}</time> : t("admin.apiTokens.neverUsed")) },
    { key: "expires", label: t("admin.apiTokens.expires"), className: "whitespace-nowrap", render: (r) => (r.expires ? <time dateTime={r.expires}>{r.expires}</time> : t("admin.apiTokens.never")) },
    { key: "state", label: t("admin.apiTokens.state"), render: (r) => t(stateLabel[r.state]) },
    {
      key: "actions",
      label: t("admin.staff.actions"),
      render: (r) =>
        r.state === "active" ? (
          <Form method="post">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="id" value={r.id} />
            <Button size="sm" variant="danger" aria-label={t("admin.apiTokens.revokeFor", { name: r.name })}>
              {t("admin.apiTokens.revoke")}
            </Button>
          </Form>
        ) : null,
    },
  ];
  const self = people.find((p) => p.email === me.email);
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">{t("admin.apiTokens.title")}</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-700">{t("admin.apiTokens.intro")}</p>
      {actionData?.outcome ? <OutcomeFlash outcome={actionData.outcome} /> : null}
      <DataTable caption={t("admin.apiTokens.title")} columns={columns} rows={rows} rowKey={(r) => r.id} sort={table.sort} dir={table.dir} empty={t("admin.apiTokens.empty")} total={total} page={table.page} perPage={table.perPage} />
      <h2 className="mt-8 mb-3 text-xl font-semibold">{t("admin.apiTokens.createTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="grid max-w-3xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-3">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="create" />
        <FormField {...getInputProps(fields.name, { type: "text" })} id="token-name" label={t("admin.apiTokens.name")} description={t("admin.apiTokens.nameHint")} required error={errorText(fields.name.errors)} />
        <SelectField
          id="token-staff"
          name="staffId"
          label={t("admin.apiTokens.actsAs")}
          options={people.map((p) => ({ value: p.id, label: `${p.email} (${t(`admin.roles.${p.role}`)})` }))}
          defaultValue={self?.id}
          error={errorText(fields.staffId.errors)}
        />
        <SelectField id="token-lifetime" name="lifetime" label={t("admin.apiTokens.lifetime")} options={TOKEN_LIFETIMES.map((l) => ({ value: l, label: lifetimeLabel(l) }))} defaultValue="90" error={errorText(fields.lifetime.errors)} />
        <div className="md:col-span-3">
          <Button>{t("admin.apiTokens.create")}</Button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
