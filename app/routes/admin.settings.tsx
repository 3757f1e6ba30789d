import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { settingsErrorKey } from "~/components/admin/settings-errors";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { controlClass } from "~/components/ui/styles";
import { isUserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { mailFrom } from "~/modules/mail/mailer.server";
import { listMarketRecords, loadStoreSettings } from "~/modules/markets/markets-admin.server";
import { patchStoreSettings, setTaxRegistrations } from "~/modules/settings/settings.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { listTaxRegistrations, type TaxRegistration } from "~/modules/tax/registrations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:settings");
  const [settings, markets, registrations] = await Promise.all([loadStoreSettings(), listMarketRecords(), listTaxRegistrations()]);
  return { settings, markets: markets.filter((m) => m.enabled).map((m) => ({ handle: m.handle, name: m.name })), registrations, fallbackSender: mailFrom() };
}

type ActionData = { intent: string; ok?: boolean; error?: { code: string; message: string; field?: string }; values?: Record<string, string> };

const FIELDS = ["country", "region", "registrationNumber", "since"] as const;

/** Rows `registrations.<i>.<field>` of the form, without the blank new row and the ones marked for removal. */
function registrationsFromForm(values: Record<string, string>): TaxRegistration[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^registrations\.(\d{1,3})\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .filter((i) => values[`registrations.${i}.remove`] !== "on")
    .map((i) => Object.fromEntries(FIELDS.map((f) => [f, values[`registrations.${i}.${f}`] ?? ""])) as unknown as TaxRegistration)
    .filter((r) => FIELDS.some((f) => r[f].trim()));
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:settings");
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const intent = values.intent ?? "";
  try {
    if (intent === "settings" && values.name !== undefined) {
      await patchStoreSettings(actor, {
        name: values.name,
        defaultMarket: values.defaultMarket,
        mailFromName: values.mailFromName ?? null,
        mailFromAddress: values.mailFromAddress ?? null,
        mailReplyTo: values.mailReplyTo ?? null,
        postalAddress: values.postalAddress ?? null,
      });
      return data<ActionData>({ intent, ok: true });
    }
    if (intent === "tax") {
      await setTaxRegistrations(actor, registrationsFromForm(values));
      return data<ActionData>({ intent, ok: true });
    }
    return data<ActionData>({ intent, error: { code: "invalid_form", message: "Unknown form." } }, { status: 400 });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data<ActionData>({ intent, error: { code: e.code, message: e.message, field: e.field }, values }, { status: e.status });
  }
}

export default function AdminSettings() {
  const { settings, markets, registrations, fallbackSender } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  const storeResult = actionData?.intent === "settings" ? actionData : undefined;
  const taxResult = actionData?.intent === "tax" ? actionData : undefined;
  const sv = (name: string, fallback: string | null) => storeResult?.values?.[name] ?? fallback ?? "";
  const storeError = (field: string) => (storeResult?.error?.field === field ? t(settingsErrorKey(storeResult.error.code)) : undefined);
  // After a refused save the rows come back as they were submitted, so nothing typed is lost.
  const rows: TaxRegistration[] = taxResult?.values ? registrationsFromForm(taxResult.values) : registrations;
  const taxErrorField = taxResult?.error?.field;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.settings.title")}</h1>
      {actionData?.intent === "" && actionData.error ? <Flash tone="error">{t(settingsErrorKey(actionData.error.code))}</Flash> : null}

      <h2 className="mb-3 text-xl font-semibold">{t("admin.settings.storeTitle")}</h2>
      {storeResult?.ok ? <Flash>{t("admin.settings.saved")}</Flash> : null}
      {storeResult?.error && !storeResult.error.field ? <Flash tone="error">{t(settingsErrorKey(storeResult.error.code))}</Flash> : null}
      <Form method="post" className="grid max-w-4xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-2">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="settings" />
        <FormField id="store-name" name="name" label={t("admin.settings.storeName")} required defaultValue={sv("name", settings.name)} error={storeError("name")} />
        <SelectField
          id="store-default-market"
          name="defaultMarket"
          label={t("admin.settings.defaultMarket")}
          defaultValue={sv("defaultMarket", settings.defaultMarket)}
          options={markets.map((m) => ({ value: m.handle, label: `${m.name} (${m.handle})` }))}
          error={storeError("defaultMarket")}
        />
        <FormField id="store-base-currency" name="baseCurrencyShown" label={t("admin.settings.baseCurrency")} readOnly value={settings.baseCurrency} description={t("admin.settings.baseCurrencyLocked")} />
        <div className="md:col-span-2">
          <h3 className="font-semibold">{t("admin.settings.senderTitle")}</h3>
          <p className="text-sm text-stone-700">{t("admin.settings.senderIntro", { fallback: fallbackSender })}</p>
        </div>
        <FormField id="store-from-name" name="mailFromName" label={t("admin.settings.fromName")} defaultValue={sv("mailFromName", settings.mailFromName)} error={storeError("mailFromName")} />
        <FormField id="store-from-address" name="mailFromAddress" type="email" label={t("admin.settings.fromAddress")} defaultValue={sv("mailFromAddress", settings.mailFromAddress)} error={storeError("mailFromAddress")} />
        <FormField id="store-reply-to" name="mailReplyTo" type="email" label={t("admin.settings.replyTo")} defaultValue={sv("mailReplyTo", settings.mailReplyTo)} error={storeError("mailReplyTo")} />
        <FormField
          id="store-postal-address"
          name="postalAddress"
          label={t("admin.settings.postalAddress")}
          description={t("admin.settings.postalAddressHint")}
          defaultValue={sv("postalAddress", settings.postalAddress)}
          error={storeError("postalAddress")}
        />
        <div className="md:col-span-2">
          <Button>{t("admin.settings.save")}</Button>
        </div>
      </Form>

      <h2 className="mt-8 mb-2 text-xl font-semibold">{t("admin.settings.taxTitle")}</h2>
      <p className="mb-3 max-w-3xl text-sm text-stone-700">{t("admin.settings.taxIntro")}</p>
      {taxResult?.ok ? <Flash>{t("admin.settings.taxSaved")}</Flash> : null}
      {taxResult?.error ? <Flash tone="error">{t(settingsErrorKey(taxResult.error.code))}</Flash> : null}
      {rows.length === 0 ? <p className="mb-2 text-sm">{t("admin.settings.noRegistrations")}</p> : null}
      <Form method="post" className="max-w-4xl rounded-md border border-stone-300 bg-white p-4">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="tax" />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("admin.settings.taxTitle")}</caption>
            <thead>
              <tr>
                <th scope="col" className="pe-2">{t("admin.settings.country")}</th>
                <th scope="col" className="pe-2">{t("admin.settings.region")}</th>
                <th scope="col" className="pe-2">{t("admin.settings.registrationNumber")}</th>
                <th scope="col" className="pe-2">{t("admin.settings.since")}</th>
                <th scope="col">{t("admin.settings.remove")}</th>
              </tr>
            </thead>
            <tbody>
              {[...rows, { country: "", region: "", registrationNumber: "", since: "" }].map((r, i) => {
                const isNew = i === rows.length;
                const label = (field: string) => `${field} (${isNew ? t("admin.settings.newRow") : i + 1})`;
                return (
                  <tr key={i} className="border-t border-stone-200">
                    {FIELDS.map((f) => (
                      <td key={f} className="py-2 pe-2">
                        <input
                          name={`registrations.${i}.${f}`}
                          type={f === "since" ? "date" : "text"}
                          aria-label={label(t(`admin.settings.${f}`))}
                          defaultValue={r[f]}
                          maxLength={f === "registrationNumber" ? 64 : f === "since" ? 10 : 2}
                          className={controlClass({ size: "sm", block: true })}
                          aria-invalid={taxErrorField === `registrations.${i}.${f}` || undefined}
                        />
                      </td>
                    ))}
                    <td className="py-2">
                      {isNew ? null : <input type="checkbox" name={`registrations.${i}.remove`} aria-label={t("admin.settings.removeRow", { n: i + 1 })} className="h-4 w-4" />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="mt-3">
          <Button>{t("admin.settings.saveTax")}</Button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
