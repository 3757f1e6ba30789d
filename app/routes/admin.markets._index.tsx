import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField } from "~/components/admin/FormField";
import { settingsErrorKey } from "~/components/admin/settings-errors";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { isUserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { listFxRates, listMarketRecords, loadStoreSettings } from "~/modules/markets/markets-admin.server";
import { utcDay } from "~/modules/markets/markets.server";
import { addFxRate } from "~/modules/settings/settings.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:markets");
  const [markets, rates, settings] = await Promise.all([listMarketRecords(), listFxRates(), loadStoreSettings()]);
  const today = utcDay();
  return {
    markets,
    baseCurrency: settings.baseCurrency,
    today,
    rates: rates.map((r) => ({ ...r, state: r.current ? ("current" as const) : r.effectiveOn > today ? ("scheduled" as const) : ("superseded" as const) })),
  };
}

type ActionData = { ok?: { applied: boolean; effectiveOn: string }; error?: { code: string; message: string; field?: string }; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:markets");
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  if (values.intent !== "fx-rate" || !values.currency?.trim() || !values.rate?.trim()) {
    const field = !values.currency?.trim() ? "currency" : "rate";
    return data<ActionData>({ error: { code: "invalid_form", message: "Enter a currency and a rate.", field }, values }, { status: 400 });
  }
  try {
    const r = await addFxRate(actor, { currency: values.currency, rate: values.rate, effectiveOn: values.effectiveOn?.trim() || utcDay() });
    return data<ActionData>({ ok: { applied: r.applied, effectiveOn: r.rate.effectiveOn } });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data<ActionData>({ error: { code: e.code, message: e.message, field: e.field }, values }, { status: e.status });
  }
}

type MarketRow = ReturnType<typeof useLoaderData<typeof loader>>["markets"][number];
type RateRow = ReturnType<typeof useLoaderData<typeof loader>>["rates"][number];

export default function AdminMarkets() {
  const { markets, rates, baseCurrency, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf, staff } = useAdmin();
  const t = useT();
  const canWrite = can(staff.role, "write:markets");
  const err = actionData?.error;
  const errorText = err ? t(settingsErrorKey(err.code)) : undefined;
  const fieldError = (field: string) => (err?.field === field ? errorText : undefined);
  const marketColumns: Column<MarketRow>[] = [
    {
      key: "name",
      label: t("admin.markets.market"),
      render: (m) => (
        <Link to={`/admin/markets/${m.handle}`} className="underline">
          {m.name} <code className="text-xs">{m.handle}</code>
        </Link>
      ),
    },
    { key: "currency", label: t("admin.markets.currency"), render: (m) => m.currency },
    { key: "taxDisplay", label: t("admin.markets.taxDisplay"), render: (m) => t(`admin.markets.taxDisplays.${m.taxDisplay}`) },
    { key: "dutyMode", label: t("admin.markets.dutyMode"), render: (m) => m.dutyMode },
    { key: "shipTo", label: t("admin.markets.shipTo"), render: (m) => <span className="[overflow-wrap:anywhere]">{m.shipTo.join(", ")}</span> },
    { key: "free", label: t("admin.markets.freeShippingOver"), render: (m) => (m.freeShippingOver === null ? t("admin.markets.never") : `${m.freeShippingOver} ${m.currency}`), className: "whitespace-nowrap" },
    { key: "status", label: t("admin.markets.status"), render: (m) => (m.enabled ? t("admin.markets.enabled") : t("admin.markets.disabled")) },
  ];
  const rateColumns: Column<RateRow>[] = [
    { key: "currency", label: t("admin.markets.currency"), render: (r) => r.currency },
    { key: "rate", label: t("admin.markets.rate"), render: (r) => <span className="font-mono">{r.rate}</span> },
    { key: "effectiveOn", label: t("admin.markets.effectiveOn"), render: (r) => <time dateTime={r.effectiveOn}>{r.effectiveOn}</time>, className: "whitespace-nowrap" },
    { key: "state", label: t("admin.markets.state"), render: (r) => t(`admin.markets.states.${r.state}`) },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.markets.title")}</h1>
      {!canWrite ? <p className="mb-4 text-sm text-stone-700">{t("admin.markets.readOnly")}</p> : null}
      <DataTable caption={t("admin.markets.title")} columns={marketColumns} rows={markets} rowKey={(m) => m.handle} empty={t("admin.markets.title")} total={markets.length} page={1} perPage={Math.max(markets.length, 1)} />

      <h2 className="mt-8 mb-2 text-xl font-semibold">{t("admin.markets.fxTitle")}</h2>
      <p className="mb-3 max-w-3xl text-sm text-stone-700">{t("admin.markets.fxIntro", { base: baseCurrency })}</p>
      {actionData?.ok ? (
        <Flash>{actionData.ok.applied ? t("admin.markets.rateApplied") : t("admin.markets.rateScheduled", { date: actionData.ok.effectiveOn })}</Flash>
      ) : null}
      {err && !err.field ? <Flash tone="error">{errorText}</Flash> : null}
      <DataTable caption={t("admin.markets.fxTitle")} columns={rateColumns} rows={rates} rowKey={(r) => `${r.currency}|${r.effectiveOn}`} empty={t("admin.markets.noRates")} total={rates.length} page={1} perPage={Math.max(rates.length, 1)} />
      {canWrite ? (
        <Form method="post" className="mt-4 grid max-w-3xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-3">
          <CsrfField token={csrf} />
          <input type="hidden" name="intent" value="fx-rate" />
          <FormField id="fx-currency" name="currency" label={t("admin.markets.currency")} required maxLength={3} autoComplete="off" defaultValue={actionData?.values?.currency ?? ""} error={fieldError("currency")} />
          <FormField id="fx-rate" name="rate" label={t("admin.markets.rate")} required inputMode="decimal" description={t("admin.markets.rateHint", { base: baseCurrency })} defaultValue={actionData?.values?.rate ?? ""} error={fieldError("rate")} />
          <FormField id="fx-effective" name="effectiveOn" type="date" label={t("admin.markets.effectiveOn")} defaultValue={actionData?.values?.effectiveOn ?? today} error={fieldError("effectiveOn")} />
          <div className="md:col-span-3">
            <Button>{t("admin.markets.enterRate")}</Button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
