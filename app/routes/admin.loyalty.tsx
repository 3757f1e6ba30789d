import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { LoyaltySettingsPatchSchema } from "~/modules/loyalty/settings-schema";
import { getLoyaltySettings } from "~/modules/loyalty/settings.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";
import { saveLoyaltySettings } from "~/server/loyalty-admin.server";

const NUMBER_FIELDS = ["pointsPerUnit", "redeemPointsPerUnit", "returnWindowDays", "signupBonus", "birthdayBonus", "warningDays"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:campaigns");
  const s = await getLoyaltySettings();
  // The ledger names people: its download needs the contacts' read permission.
  return { settings: { ...s, expirySince: s.expirySince?.toISOString().slice(0, 10) ?? null }, canExport: can(actor.role, "read:customers") };
}

type ActionData = { ok?: boolean; field?: string; error?: string; values?: Record<string, string> };

/** Form strings → the patch; an empty expiry field switches expiry off. */
function patchFromForm(values: Record<string, string>) {
  const num = (v: string | undefined) => (v === undefined || v.trim() === "" || !/^-?\d+$/.test(v.trim()) ? Number.NaN : Number(v.trim()));
  const expiry = (values.expiryMonths ?? "").trim();
  return {
    ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, num(values[f])])),
    returnWindowFrom: values.returnWindowFrom,
    expiryMonths: expiry === "" ? null : num(expiry),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:campaigns");
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = LoyaltySettingsPatchSchema.safeParse(patchFromForm(values));
  if (!parsed.success) return data<ActionData>({ field: String(parsed.error.issues[0]?.path[0] ?? ""), values }, { status: 400 });
  try {
    await saveLoyaltySettings(actor, parsed.data);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data<ActionData>({ error: e.code, field: e.field, values }, { status: e.status });
  }
  return data<ActionData>({ ok: true });
}

const LABELS: Record<string, MessageKey> = {
  pointsPerUnit: "points.admin.pointsPerUnit",
  redeemPointsPerUnit: "points.admin.redeemPointsPerUnit",
  returnWindowDays: "points.admin.returnWindowDays",
  signupBonus: "points.admin.signupBonus",
  birthdayBonus: "points.admin.birthdayBonus",
  warningDays: "points.admin.warningDays",
};

export default function AdminLoyalty() {
  const { settings, canExport } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  const v = (name: string, fallback: number | string | null) => result?.values?.[name] ?? (fallback === null ? "" : String(fallback));
  const fieldError = (name: string) => (result?.field === name ? t("points.admin.invalid") : undefined);
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">{t("points.admin.title")}</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-700">{t("points.admin.intro")}</p>
      {canExport ? (
        <p className="mb-4 text-sm">
          <a href="/admin/exports/points.csv" download className="underline">
            {t("points.admin.exportLedger")}
          </a>
        </p>
      ) : null}
      {result?.ok ? <Flash>{t("points.admin.saved")}</Flash> : null}
      {result && !result.ok ? <Flash tone="error">{t("points.admin.notSaved")}</Flash> : null}
      <Form method="post" className="grid max-w-4xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-2">
        <CsrfField token={csrf} />
        {NUMBER_FIELDS.map((f) => (
          <FormField key={f} id={`loyalty-${f}`} name={f} type="number" inputMode="numeric" min={0} step={1} required label={t(LABELS[f]!)} defaultValue={v(f, settings[f])} error={fieldError(f)} />
        ))}
        <SelectField
          id="loyalty-returnWindowFrom"
          name="returnWindowFrom"
          label={t("points.admin.returnWindowFrom")}
          defaultValue={v("returnWindowFrom", settings.returnWindowFrom)}
          options={[
            { value: "payment", label: t("points.admin.fromPayment") },
            { value: "delivery", label: t("points.admin.fromDelivery") },
          ]}
          error={fieldError("returnWindowFrom")}
        />
        <FormField
          id="loyalty-expiryMonths"
          name="expiryMonths"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          label={t("points.admin.expiryMonths")}
          description={settings.expirySince ? t("points.admin.expirySince", { date: settings.expirySince }) : t("points.admin.expiryOff")}
          defaultValue={v("expiryMonths", settings.expiryMonths)}
          error={fieldError("expiryMonths")}
        />
        <div className="md:col-span-2">
          <Button>{t("points.admin.save")}</Button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
