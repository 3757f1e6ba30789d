import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { settingsErrorKey } from "~/components/admin/settings-errors";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { controlClass } from "~/components/ui/styles";
import { isUserError, UserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { loadMarketRecord } from "~/modules/markets/markets-admin.server";
import { editShippingRate, patchMarket } from "~/modules/settings/settings.server";
import { listShippingRateRecords, type ShippingRateUpdate } from "~/modules/shipping/shipping-admin.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:markets");
  const market = await loadMarketRecord(params.handle!);
  if (!market) throw new Response("No such market.", { status: 404 });
  const rates = await listShippingRateRecords(() => market.currency, market.handle);
  return { market, rates };
}

type ActionData = {
  intent: string;
  rateId?: string;
  ok?: boolean;
  error?: { code: string; message: string; field?: string };
  values?: Record<string, string>;
};

const blank = (v: string | undefined) => (v === undefined || !v.trim() ? null : v.trim());

/** "500: 4.90" per line, "*" for the open band → the rate's bands (decimal amounts). */
function parseBands(text: string): ShippingRateUpdate["bands"] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const m = /^(\*|\d{1,7})\s*[:=]\s*(\S+)$/.exec(line);
      if (!m) throw new UserError("invalid_weight", `Line ${i + 1}: write "grams: price", e.g. 500: 4.90.`, 400, "bands");
      return { upToGrams: m[1] === "*" ? null : Number(m[1]), amount: m[2]! };
    });
}

const bandsText = (bands: { upToGrams: number | null; amount: string }[]) => bands.map((b) => `${b.upToGrams ?? "*"}: ${b.amount}`).join("\n");

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:markets");
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const intent = values.intent ?? "";
  const handle = params.handle!;
  try {
    if (intent === "market") {
      if (!values.name?.trim()) throw new UserError("invalid_name", "Give the market a name.", 400, "name");
      await patchMarket(actor, handle, {
        name: values.name,
        enabled: values.enabled === "on",
        currency: values.currency?.trim().toUpperCase(),
        taxDisplay: values.taxDisplay === "exclusive" ? "exclusive" : "inclusive",
        dutyMode: values.dutyMode === "DDP" ? "DDP" : "DDU",
        shipTo: (values.shipTo ?? "").split(/[\s,;]+/).filter(Boolean),
        roundingRule: values.roundingRule?.trim() || "none",
        defaultShipping: blank(values.defaultShipping),
        freeShippingOver: blank(values.freeShippingOver),
      });
      return data<ActionData>({ intent, ok: true });
    }
    if (intent === "rate" && values.id) {
      const day = (name: string) => {
        const n = Number(values[name]);
        if (!/^\d{1,3}$/.test(values[name]?.trim() ?? "")) throw new UserError("invalid_days", "Give a number of business days.", 400, name);
        return n;
      };
      await editShippingRate(actor, values.id, {
        enabled: values.enabled === "on",
        minDays: day("minDays"),
        maxDays: day("maxDays"),
        bands: parseBands(values.bands ?? ""),
        freeShipping: values.freeShipping === "rate" ? "rate" : "market",
        freeOver: blank(values.freeOver),
      });
      return data<ActionData>({ intent, rateId: values.id, ok: true });
    }
    return data<ActionData>({ intent, error: { code: "invalid_form", message: "Unknown form." } }, { status: 400 });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data<ActionData>({ intent, rateId: values.id, error: { code: e.code, message: e.message, field: e.field }, values }, { status: e.status });
  }
}

export default function AdminMarket() {
  const { market, rates } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf, staff } = useAdmin();
  const t = useT();
  const canWrite = can(staff.role, "write:markets");
  const marketResult = actionData?.intent === "market" ? actionData : undefined;
  const v = (name: string, fallback: string) => marketResult?.values?.[name] ?? fallback;
  const fieldError = (field: string) => {
    const err = marketResult?.error;
    return err && (err.field === field || err.field?.startsWith(`${field}.`)) ? t(settingsErrorKey(err.code)) : undefined;
  };
  const marketFields = ["name", "enabled", "currency", "shipTo", "roundingRule", "defaultShipping", "freeShippingOver"];
  return (
    <section>
      <p className="mb-2 text-sm">
        <Link to="/admin/markets" className="underline">
          {t("admin.markets.back")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">
        {market.name} <code className="text-lg">{market.handle}</code>
      </h1>
      {!canWrite ? <p className="mb-4 text-sm text-stone-700">{t("admin.markets.readOnly")}</p> : null}
      {marketResult?.ok ? <Flash>{t("admin.markets.saved")}</Flash> : null}
      {marketResult?.error && !marketFields.some((f) => marketResult.error!.field?.startsWith(f)) ? <Flash tone="error">{t(settingsErrorKey(marketResult.error.code))}</Flash> : null}
      <Form method="post" className="grid max-w-4xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-2">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="market" />
        <fieldset disabled={!canWrite} className="contents">
          <FormField id="market-name" name="name" label={t("admin.markets.name")} required defaultValue={v("name", market.name)} error={fieldError("name")} />
          <FormField id="market-currency" name="currency" label={t("admin.markets.currency")} required maxLength={3} description={t("admin.markets.currencyHint")} defaultValue={v("currency", market.currency)} error={fieldError("currency")} />
          <SelectField
            id="market-tax-display"
            name="taxDisplay"
            label={t("admin.markets.taxDisplay")}
            defaultValue={v("taxDisplay", market.taxDisplay)}
            options={(["inclusive", "exclusive"] as const).map((d) => ({ value: d, label: t(`admin.markets.taxDisplays.${d}`) }))}
          />
          <SelectField
            id="market-duty-mode"
            name="dutyMode"
            label={t("admin.markets.dutyMode")}
            defaultValue={v("dutyMode", market.dutyMode)}
            options={(["DDU", "DDP"] as const).map((d) => ({ value: d, label: t(`admin.markets.dutyModes.${d}`) }))}
          />
          <FormField id="market-ship-to" name="shipTo" label={t("admin.markets.shipTo")} required description={t("admin.markets.shipToHint")} defaultValue={v("shipTo", market.shipTo.join(", "))} error={fieldError("shipTo")} />
          <FormField
            id="market-free-shipping"
            name="freeShippingOver"
            label={t("admin.markets.freeShippingOver")}
            inputMode="decimal"
            description={t("admin.markets.freeShippingOverHint", { currency: market.currency })}
            defaultValue={v("freeShippingOver", market.freeShippingOver ?? "")}
            error={fieldError("freeShippingOver")}
          />
          <FormField id="market-rounding" name="roundingRule" label={t("admin.markets.roundingRule")} description={t("admin.markets.roundingRuleHint")} defaultValue={v("roundingRule", market.roundingRule)} error={fieldError("roundingRule")} />
          <FormField id="market-default-shipping" name="defaultShipping" label={t("admin.markets.defaultShipping")} description={t("admin.markets.defaultShippingHint")} defaultValue={v("defaultShipping", market.defaultShipping ?? "")} error={fieldError("defaultShipping")} />
          <div className="flex items-center gap-2 md:col-span-2">
            <input id="market-enabled" type="checkbox" name="enabled" defaultChecked={marketResult?.values ? marketResult.values.enabled === "on" : market.enabled} className="h-4 w-4" aria-describedby={fieldError("enabled") ? "market-enabled-error" : undefined} />
            <label htmlFor="market-enabled">{t("admin.markets.enabledLabel")}</label>
            {fieldError("enabled") ? (
              <p id="market-enabled-error" className="text-sm text-red-800">
                {fieldError("enabled")}
              </p>
            ) : null}
          </div>
          {canWrite ? (
            <div className="md:col-span-2">
              <Button>{t("admin.markets.save")}</Button>
            </div>
          ) : null}
        </fieldset>
      </Form>

      <h2 className="mt-8 mb-2 text-xl font-semibold">{t("admin.markets.ratesTitle")}</h2>
      <p className="mb-3 max-w-3xl text-sm text-stone-700">{t("admin.markets.ratesIntro", { currency: market.currency })}</p>
      {rates.length === 0 ? <p className="text-sm">{t("admin.markets.noShippingRates")}</p> : null}
      <div className="grid max-w-4xl gap-4">
        {rates.map((r) => {
          const mine = actionData?.intent === "rate" && actionData.rateId === r.id ? actionData : undefined;
          const rv = (name: string, fallback: string) => mine?.values?.[name] ?? fallback;
          const method = t(`admin.markets.methods.${r.method}`);
          const err = (field: string) => (mine?.error && (mine.error.field === field || mine.error.field?.startsWith(`${field}.`)) ? t(settingsErrorKey(mine.error.code)) : undefined);
          const id = (name: string) => `rate-${r.id}-${name}`;
          return (
            <Form key={r.id} method="post" className="rounded-md border border-stone-300 bg-white p-4" aria-labelledby={id("title")}>
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="rate" />
              <input type="hidden" name="id" value={r.id} />
              <h3 id={id("title")} className="mb-2 font-semibold">
                {method}
              </h3>
              {mine?.ok ? <Flash>{t("admin.markets.rateSaved", { method })}</Flash> : null}
              {mine?.error && !mine.error.field ? <Flash tone="error">{t(settingsErrorKey(mine.error.code))}</Flash> : null}
              <fieldset disabled={!canWrite} className="grid gap-4 md:grid-cols-2">
                <div className="flex items-center gap-2 md:col-span-2">
                  <input id={id("enabled")} type="checkbox" name="enabled" defaultChecked={mine?.values ? mine.values.enabled === "on" : r.enabled} className="h-4 w-4" />
                  <label htmlFor={id("enabled")}>{t("admin.markets.rateEnabled")}</label>
                </div>
                <FormField id={id("min")} name="minDays" label={t("admin.markets.minDays")} inputMode="numeric" required defaultValue={rv("minDays", String(r.minDays))} error={err("minDays")} />
                <FormField id={id("max")} name="maxDays" label={t("admin.markets.maxDays")} inputMode="numeric" required defaultValue={rv("maxDays", String(r.maxDays))} error={err("maxDays")} />
                <div className="md:col-span-2">
                  <label htmlFor={id("bands")} className="mb-1 block text-sm font-medium">
                    {t("admin.markets.bands")}
                  </label>
                  <p id={id("bands-hint")} className="mb-1 text-xs text-stone-700">
                    {t("admin.markets.bandsHint")}
                  </p>
                  <textarea
                    id={id("bands")}
                    name="bands"
                    rows={Math.max(3, r.bands.length + 1)}
                    className={controlClass({ size: "sm", block: true, className: "font-mono" })}
                    defaultValue={rv("bands", bandsText(r.bands))}
                    aria-describedby={err("bands") ? `${id("bands-hint")} ${id("bands-error")}` : id("bands-hint")}
                    aria-invalid={err("bands") ? true : undefined}
                  />
                  {err("bands") ? (
                    <p id={id("bands-error")} className="mt-1 text-sm text-red-800">
                      {err("bands")}
                    </p>
                  ) : null}
                </div>
                <SelectField
                  id={id("free")}
                  name="freeShipping"
                  label={t("admin.markets.freeShipping")}
                  defaultValue={rv("freeShipping", r.freeShipping)}
                  options={[
                    { value: "market", label: t("admin.markets.freeShippingModes.market", { amount: market.freeShippingOver ? `${market.freeShippingOver} ${market.currency}` : t("admin.markets.never") }) },
                    { value: "rate", label: t("admin.markets.freeShippingModes.rate") },
                  ]}
                />
                <FormField
                  id={id("free-over")}
                  name="freeOver"
                  label={t("admin.markets.ownThreshold")}
                  inputMode="decimal"
                  description={t("admin.markets.ownThresholdHint")}
                  defaultValue={rv("freeOver", r.freeShipping === "rate" ? (r.freeOver ?? "") : "")}
                  error={err("freeOver")}
                />
                {canWrite ? (
                  <div className="md:col-span-2">
                    <Button size="sm">{t("admin.markets.saveRate", { method })}</Button>
                  </div>
                ) : null}
              </fieldset>
            </Form>
          );
        })}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
