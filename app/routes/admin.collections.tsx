import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { CsrfField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { controlClass } from "~/components/ui/styles";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { newId } from "~/lib/ids";
import { listCollectionsForAdmin } from "~/modules/catalog/catalog-admin.server";
import { LANGS, type Lang } from "~/modules/catalog/catalog-input";
import { deleteCollection, loadCollectionRecord, upsertCollection } from "~/modules/catalog/catalog-write.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:products");
  const url = new URL(request.url);
  const rows = await listCollectionsForAdmin();
  const editId = url.searchParams.get("edit");
  const editing = editId ? await loadCollectionRecord(editId) : null;
  return { rows, editing };
}

type ActionData = { ok?: "saved" | "deleted"; error?: { message: string; field?: string }; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:collections");
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const id = values.id || null;
  try {
    if (values.intent === "delete" && id) {
      await auditedWrite(actor, "delete:collections", async (tx) => {
        const r = await deleteCollection(id, tx);
        return { entityId: id, before: r.before, after: null, result: null };
      });
      return data<ActionData>({ ok: "deleted" });
    }
    const translations: Partial<Record<Lang, { title: string; handle: string; description: string }>> = {};
    for (const lang of LANGS) {
      const title = (values[`translations.${lang}.title`] ?? "").trim();
      const handle = (values[`translations.${lang}.handle`] ?? "").trim();
      if (title || handle) translations[lang] = { title, handle, description: (values[`translations.${lang}.description`] ?? "").trim() };
    }
    await auditedWrite(actor, id ? "update:collections" : "create:collections", async (tx) => {
      const r = await upsertCollection({ id: id ?? newId("col"), translations }, { db: tx });
      return { entityId: r.id, before: r.before, after: r.after, result: null };
    });
    return data<ActionData>({ ok: "saved" });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data<ActionData>({ error: { message: e.message, field: e.field }, values }, { status: e.status });
  }
}

const LANGUAGE_KEYS: Record<Lang, MessageKey> = {
  en: "admin.catalog.languages.en",
  fr: "admin.catalog.languages.fr",
  de: "admin.catalog.languages.de",
  es: "admin.catalog.languages.es",
  ja: "admin.catalog.languages.ja",
  pt: "admin.catalog.languages.pt",
  ar: "admin.catalog.languages.ar",
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminCollections() {
  const { rows, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf, staff } = useAdmin();
  const t = useT();
  const canWrite = can(staff.role, "write:collections");
  const v = (name: string, fallback?: string) => actionData?.values?.[name] ?? fallback ?? "";
  const columns: Column<Row>[] = [
    { key: "title", label: t("admin.catalog.title"), render: (r) => r.title },
    { key: "handle", label: t("admin.catalog.handle"), render: (r) => <code>{r.handle}</code> },
    {
      key: "products",
      label: t("admin.catalog.productsTitle"),
      render: (r) => (
        <Link to={`/admin/products?collection=${encodeURIComponent(r.id)}`} className="underline">
          {r.products}
        </Link>
      ),
    },
    {
      key: "actions",
      label: t("admin.catalog.actions"),
      render: (r) =>
        canWrite ? (
          <div className="flex flex-wrap gap-2">
            <Link to={`?edit=${encodeURIComponent(r.id)}`} className="rounded-md border border-stone-400 px-2 py-1 text-sm" aria-label={t("admin.catalog.editCollection", { title: r.title })}>
              {t("admin.catalog.edit")}
            </Link>
            <Form method="post">
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="id" value={r.id} />
              <Button size="sm" variant="danger" aria-label={t("admin.catalog.deleteCollection", { title: r.title })}>
                {t("admin.catalog.delete")}
              </Button>
            </Form>
          </div>
        ) : null,
    },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.catalog.collectionsTitle")}</h1>
      {actionData?.ok ? <Flash>{t(actionData.ok === "saved" ? "admin.catalog.saved" : "admin.catalog.deleted")}</Flash> : null}
      {actionData?.error ? <Flash tone="error">{actionData.error.message}</Flash> : null}
      <DataTable caption={t("admin.catalog.collectionsTitle")} columns={columns} rows={rows} rowKey={(r) => r.id} empty={t("admin.catalog.noCollections")} total={rows.length} page={1} perPage={Math.max(rows.length, 1)} />
      {canWrite ? (
        <>
          <h2 className="mt-8 mb-3 text-xl font-semibold">{editing ? t("admin.catalog.editCollection", { title: editing.translations.en?.title ?? editing.id }) : t("admin.catalog.newCollection")}</h2>
          <Form method="post" key={editing?.id ?? "new"} className="max-w-4xl rounded-md border border-stone-300 bg-white p-4">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="save" />
            {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("admin.catalog.translations")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pe-2">{t("admin.catalog.language")}</th>
                    <th scope="col" className="pe-2">{t("admin.catalog.title")}</th>
                    <th scope="col" className="pe-2">{t("admin.catalog.handle")}</th>
                    <th scope="col">{t("admin.catalog.description")}</th>
                  </tr>
                </thead>
                <tbody>
                  {LANGS.map((lang) => {
                    const tr = editing?.translations[lang];
                    const f = (field: string) => `translations.${lang}.${field}`;
                    return (
                      <tr key={lang} className="border-t border-stone-200 align-top">
                        <th scope="row" className="py-2 pe-2 font-medium">
                          {t(LANGUAGE_KEYS[lang])}
                          {editing && !tr ? <span className="ms-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">{t("admin.catalog.missing")}</span> : null}
                        </th>
                        {(["title", "handle", "description"] as const).map((field) => (
                          <td key={field} className="py-2 pe-2">
                            <input name={f(field)} aria-label={`${t(`admin.catalog.${field}`)} (${lang})`} defaultValue={v(f(field), tr?.[field])} className={controlClass({ size: "sm", block: true })} aria-invalid={actionData?.error?.field === f(field) || undefined} />
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="mt-3 flex gap-3">
              <Button>{t("admin.catalog.save")}</Button>
              {editing ? (
                <Link to="/admin/collections" className="py-2 text-sm underline">
                  {t("admin.catalog.cancel")}
                </Link>
              ) : null}
            </div>
          </Form>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
