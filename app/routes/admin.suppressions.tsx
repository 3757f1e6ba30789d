import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField } from "~/components/admin/FormField";
import { readTableState } from "~/components/admin/table-params";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { isUserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { addManualSuppression, listSuppressions, removeManualSuppression } from "~/modules/mail/suppressions.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:customers");
  const table = readTableState(new URL(request.url), ["created"] as const, { sort: "created", dir: "desc" });
  const { items, total } = await listSuppressions({ limit: table.perPage, offset: (table.page - 1) * table.perPage });
  const rows = items.map((s) => ({ hash: s.emailHash, reason: s.reason, scope: s.scope, created: s.createdAt.toISOString() }));
  return { rows, total, table, canEdit: can(actor.role, "write:customers") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:customers");
  try {
    if (form.get("intent") === "remove") {
      const hash = String(form.get("hash") ?? "");
      await removeManualSuppression(hash);
      await auditedWrite(actor, "delete:suppressions", async () => ({ entityId: hash, before: { emailHash: hash, reason: "manual" }, after: null, result: null }));
      return data({ done: "removed" as const, error: null });
    }
    const row = await addManualSuppression(String(form.get("email") ?? "").trim());
    await auditedWrite(actor, "create:suppressions", async () => ({ entityId: row.emailHash, before: null, after: { ...row, createdAt: row.createdAt.toISOString() }, result: null }));
    return data({ done: "added" as const, error: null });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data({ done: null, error: e.message }, { status: e.status });
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminSuppressions() {
  const { rows, total, table, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { csrf } = useAdmin();
  const t = useT();
  const columns: Column<Row>[] = [
    { key: "created", label: t("admin.suppressions.date"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.created}>{r.created.replace("T", " ").slice(0, 16)}</time> },
    { key: "reason", label: t("admin.suppressions.reason"), render: (r) => <code>{r.reason}</code> },
    { key: "scope", label: t("admin.suppressions.scope"), render: (r) => (r.scope === "all" ? t("admin.suppressions.scopeAll") : t("admin.suppressions.scopeMarketing")) },
    { key: "hash", label: t("admin.suppressions.hash"), render: (r) => <code className="text-xs break-all">{r.hash.slice(0, 16)}…</code> },
    {
      key: "remove",
      label: t("admin.suppressions.actions"),
      render: (r) =>
        canEdit && r.reason === "manual" ? (
          <Form method="post">
            <CsrfField token={csrf} />
            <input type="hidden" name="hash" value={r.hash} />
            <Button name="intent" value="remove" variant="outline" size="sm">
              {t("admin.suppressions.remove")}
            </Button>
          </Form>
        ) : null,
    },
  ];
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">{t("admin.suppressions.title")}</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-700">{t("admin.suppressions.intro")}</p>
      {result?.done ? <Flash>{result.done === "added" ? t("admin.suppressions.added") : t("admin.suppressions.removed")}</Flash> : null}
      {result?.error ? <Flash tone="error">{result.error}</Flash> : null}
      {canEdit ? (
        <Form method="post" className="mb-6 flex flex-wrap items-end gap-2">
          <CsrfField token={csrf} />
          <FormField id="suppression-email" name="email" type="email" required label={t("admin.suppressions.email")} />
          <Button name="intent" value="add">
            {t("admin.suppressions.add")}
          </Button>
        </Form>
      ) : null}
      <DataTable caption={t("admin.suppressions.title")} columns={columns} rows={rows} rowKey={(r) => r.hash} sort={table.sort} dir={table.dir} empty={t("admin.suppressions.empty")} total={total} page={table.page} perPage={table.perPage} />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
