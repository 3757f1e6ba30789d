import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { TIER_LANGS, tierName } from "~/modules/loyalty/tiers";
import { createTier, listTiers, loadTier, updateTier } from "~/modules/loyalty/tiers.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:campaigns");
  const editId = new URL(request.url).searchParams.get("edit");
  const [rows, editing] = await Promise.all([listTiers(), editId ? loadTier(editId) : null]);
  return { rows, editing, baseCurrency: rows[0]?.baseCurrency ?? editing?.baseCurrency ?? null };
}

type ActionData = { ok?: true; error?: { message: string; field?: string }; values?: Record<string, string> };

/** Form text → the API's input: empty = null (no threshold), whole numbers as numbers; anything else is left for validation to name. */
function formInput(values: Record<string, string>) {
  const optional = (k: string) => ((values[k] ?? "").trim() === "" ? null : values[k]!.trim());
  const int = (k: string) => {
    const v = optional(k);
    return v !== null && /^-?\d+$/.test(v) ? Number(v) : v;
  };
  const names = Object.fromEntries(TIER_LANGS.map((l) => [l, (values[`names.${l}`] ?? "").trim()]).filter(([l, v]) => v !== "" || l === "en"));
  return {
    names,
    position: int("position"),
    spendThreshold: optional("spendThreshold"),
    pointsThreshold: int("pointsThreshold"),
    multiplier: optional("multiplier") ?? "1",
    discountBps: int("discountBps") ?? 0,
    freeShippingOver: optional("freeShippingOver"),
    earlyAccess: values.earlyAccess === "on",
    retentionMonths: int("retentionMonths") ?? 12,
    active: values.active === "on",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:campaigns");
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const id = values.id || null;
  try {
    await auditedWrite(actor, id ? "update:tiers" : "create:tiers", async (tx) => {
      const { before, after } = id ? await updateTier(tx, id, formInput(values)) : await createTier(tx, formInput(values));
      return { entityId: after.id, before, after, result: null };
    });
    return data<ActionData>({ ok: true });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data<ActionData>({ error: { message: e.message, field: e.field }, values }, { status: e.status });
  }
}

const LANGUAGE_KEYS: Record<(typeof TIER_LANGS)[number], MessageKey> = {
  en: "admin.catalog.languages.en",
  fr: "admin.catalog.languages.fr",
  de: "admin.catalog.languages.de",
  es: "admin.catalog.languages.es",
  ja: "admin.catalog.languages.ja",
  pt: "admin.catalog.languages.pt",
  ar: "admin.catalog.languages.ar",
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminTiers() {
  const { rows, editing, baseCurrency } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf, staff } = useAdmin();
  const t = useT();
  const canWrite = can(staff.role, "write:campaigns");
  const v = (name: string, fallback?: string | number | null) => actionData?.values?.[name] ?? (fallback === null || fallback === undefined ? "" : String(fallback));
  const invalid = (field: string) => (actionData?.error?.field === field ? actionData.error.message : undefined);
  const currency = baseCurrency ?? "";
  const columns: Column<Row>[] = [
    { key: "name", label: t("admin.tiers.name"), render: (r) => tierName(r.names, "en") },
    { key: "position", label: t("admin.tiers.position"), render: (r) => r.position },
    { key: "spend", label: t("admin.tiers.spendThreshold", { currency }), render: (r) => r.spendThreshold ?? "—" },
    { key: "points", label: t("admin.tiers.pointsThreshold"), render: (r) => r.pointsThreshold ?? "—" },
    { key: "multiplier", label: t("admin.tiers.multiplier"), render: (r) => r.multiplier },
    { key: "discount", label: t("admin.tiers.discountBps"), render: (r) => r.discountBps },
    { key: "freeShipping", label: t("admin.tiers.freeShippingOver", { currency }), render: (r) => r.freeShippingOver ?? "—" },
    { key: "earlyAccess", label: t("admin.tiers.earlyAccess"), render: (r) => t(r.earlyAccess ? "admin.tiers.yes" : "admin.tiers.no") },
    { key: "active", label: t("admin.tiers.active"), render: (r) => t(r.active ? "admin.tiers.yes" : "admin.tiers.no") },
    {
      key: "actions",
      label: t("admin.catalog.actions"),
      render: (r) =>
        canWrite ? (
          <Link to={`?edit=${encodeURIComponent(r.id)}`} className="rounded-md border border-stone-400 px-2 py-1 text-sm" aria-label={t("admin.tiers.editTier", { name: tierName(r.names, "en") })}>
            {t("admin.catalog.edit")}
          </Link>
        ) : null,
    },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.tiers.title")}</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-700">{t("admin.tiers.intro")}</p>
      {actionData?.ok ? <Flash>{t("admin.catalog.saved")}</Flash> : null}
      {actionData?.error ? <Flash tone="error">{actionData.error.message}</Flash> : null}
      <DataTable caption={t("admin.tiers.title")} columns={columns} rows={rows} rowKey={(r) => r.id} empty={t("admin.tiers.empty")} total={rows.length} page={1} perPage={Math.max(rows.length, 1)} />
      {canWrite ? (
        <>
          <h2 className="mt-8 mb-3 text-xl font-semibold">{editing ? t("admin.tiers.editTier", { name: tierName(editing.names, "en") }) : t("admin.tiers.newTier")}</h2>
          <Form method="post" key={editing?.id ?? "new"} className="max-w-4xl space-y-4 rounded-md border border-stone-300 bg-white p-4" data-testid="tier-form">
            <CsrfField token={csrf} />
            {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
            <fieldset className="grid gap-3 sm:grid-cols-2">
              <legend className="mb-2 font-semibold">{t("admin.tiers.names")}</legend>
              {TIER_LANGS.map((lang) => (
                <FormField
                  key={lang}
                  id={`tier-name-${lang}`}
                  name={`names.${lang}`}
                  label={`${t("admin.tiers.name")} (${t(LANGUAGE_KEYS[lang])})`}
                  defaultValue={v(`names.${lang}`, editing?.names[lang])}
                  required={lang === "en"}
                  error={invalid(`names.${lang}`)}
                />
              ))}
            </fieldset>
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField id="tier-position" name="position" inputMode="numeric" label={t("admin.tiers.position")} description={t("admin.tiers.positionHint")} defaultValue={v("position", editing?.position ?? Math.max(-1, ...rows.map((r) => r.position)) + 1)} required error={invalid("position")} />
              <FormField id="tier-spend" name="spendThreshold" inputMode="decimal" label={t("admin.tiers.spendThreshold", { currency })} description={t("admin.tiers.thresholdHint")} defaultValue={v("spendThreshold", editing?.spendThreshold)} error={invalid("spendThreshold")} />
              <FormField id="tier-points" name="pointsThreshold" inputMode="numeric" label={t("admin.tiers.pointsThreshold")} description={t("admin.tiers.thresholdHint")} defaultValue={v("pointsThreshold", editing?.pointsThreshold)} error={invalid("pointsThreshold")} />
              <FormField id="tier-multiplier" name="multiplier" inputMode="decimal" label={t("admin.tiers.multiplier")} description={t("admin.tiers.multiplierHint")} defaultValue={v("multiplier", editing?.multiplier ?? "1")} error={invalid("multiplier")} />
              <FormField id="tier-discount" name="discountBps" inputMode="numeric" label={t("admin.tiers.discountBps")} description={t("admin.tiers.discountHint")} defaultValue={v("discountBps", editing?.discountBps ?? 0)} error={invalid("discountBps")} />
              <FormField id="tier-free-shipping" name="freeShippingOver" inputMode="decimal" label={t("admin.tiers.freeShippingOver", { currency })} description={t("admin.tiers.freeShippingHint")} defaultValue={v("freeShippingOver", editing?.freeShippingOver)} error={invalid("freeShippingOver")} />
              <FormField id="tier-retention" name="retentionMonths" inputMode="numeric" label={t("admin.tiers.retentionMonths")} description={t("admin.tiers.retentionHint")} defaultValue={v("retentionMonths", editing?.retentionMonths ?? 12)} error={invalid("retentionMonths")} />
            </div>
            <div className="flex flex-wrap gap-6">
              <label className="flex items-center gap-2">
                <input type="checkbox" name="earlyAccess" defaultChecked={actionData?.values ? actionData.values.earlyAccess === "on" : (editing?.earlyAccess ?? false)} />
                {t("admin.tiers.earlyAccess")}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="active" defaultChecked={actionData?.values ? actionData.values.active === "on" : (editing?.active ?? true)} />
                {t("admin.tiers.active")}
              </label>
            </div>
            <div className="flex gap-3">
              <Button>{t("admin.catalog.save")}</Button>
              {editing ? (
                <Link to="/admin/tiers" className="py-2 text-sm underline">
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
