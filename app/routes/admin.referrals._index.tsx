import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField, SelectField } from "~/components/admin/FormField";
import { readTableState } from "~/components/admin/table-params";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { readCampaignForm } from "~/modules/referrals/campaign-form";
import { createCampaign, listCampaigns } from "~/modules/referrals/campaigns.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";
import { referralAuditHook } from "~/server/referral-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:campaigns");
  const table = readTableState(new URL(request.url), ["starts"] as const, { sort: "starts", dir: "desc" });
  const campaigns = await listCampaigns();
  const rows = campaigns.map((c) => ({
    id: c.id,
    name: c.name,
    starts: c.startsAt.toISOString().slice(0, 10),
    ends: c.endsAt?.toISOString().slice(0, 10) ?? null,
    offer: c.friendOfferKind === "percentage" ? `${(c.friendPercentBp ?? 0) / 100}%` : Object.entries(c.friendAmounts).map(([k, v]) => `${k} ${v}`).join(", "),
    code: c.sharedCode,
    reward: c.rewardKind === "points" ? { points: c.rewardPoints } : { amounts: Object.entries(c.rewardAmounts).map(([k, v]) => `${k} ${v}`).join(", ") },
  }));
  const start = (table.page - 1) * table.perPage;
  return {
    rows: rows.slice(start, start + table.perPage),
    total: rows.length,
    table,
    canWrite: can(actor.role, "write:campaigns"),
    baseCurrency: (await getStoreConfig()).baseCurrency,
    created: new URL(request.url).searchParams.get("created"),
  };
}

type ActionData = { error: MessageKey; field?: string };

const FIELD_LABELS: Record<string, MessageKey> = {
  name: "referrals.admin.name",
  startsAt: "referrals.admin.startsAt",
  endsAt: "referrals.admin.endsAt",
  friendPercentBp: "referrals.admin.friendPercent",
  friendAmounts: "referrals.admin.friendAmounts",
  sharedCode: "referrals.admin.sharedCode",
  rewardPoints: "referrals.admin.rewardPoints",
  rewardAmounts: "referrals.admin.rewardAmounts",
  perReferrerCap: "referrals.admin.cap",
  minOrderBase: "referrals.admin.minOrder",
  returnWindowDays: "referrals.admin.returnWindow",
  ipDailyLimit: "referrals.admin.ipLimit",
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:campaigns");
  const read = readCampaignForm(form);
  if (!read.ok) return data<ActionData>({ error: "referrals.admin.invalidField", field: read.field }, { status: 400 });
  try {
    const campaign = await createCampaign(read.input, referralAuditHook(actor, "create:campaigns"));
    return redirect(`/admin/referrals?created=${encodeURIComponent(campaign.name)}`);
  } catch (e) {
    if (isUserError(e) && e.code === "code_taken") return data<ActionData>({ error: "referrals.admin.codeTaken" }, { status: 409 });
    throw e;
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminReferrals() {
  const { rows, total, table, canWrite, baseCurrency, created } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  const columns: Column<Row>[] = [
    {
      key: "name",
      label: t("referrals.admin.name"),
      render: (r) => (
        <Link to={`/admin/referrals/${r.id}`} className="underline">
          {r.name}
        </Link>
      ),
    },
    { key: "starts", label: t("referrals.admin.startsAt"), sortable: true, className: "whitespace-nowrap", render: (r) => <time dateTime={r.starts}>{r.starts}</time> },
    { key: "ends", label: t("referrals.admin.endsAt"), className: "whitespace-nowrap", render: (r) => (r.ends ? <time dateTime={r.ends}>{r.ends}</time> : t("referrals.admin.openEnded")) },
    { key: "offer", label: t("referrals.admin.offer"), render: (r) => (r.code ? `${r.offer} (${r.code})` : r.offer) },
    { key: "reward", label: t("referrals.admin.reward"), render: (r) => ("points" in r.reward ? t("referrals.account.points", { points: r.reward.points ?? 0 }) : r.reward.amounts) },
  ];
  return (
    <section>
      <h1 className="mb-2 text-2xl font-semibold">{t("referrals.admin.title")}</h1>
      <p className="mb-4">
        <Link to="/admin/referrals/review" className="underline">
          {t("referrals.admin.reviewLink")}
        </Link>
      </p>
      {created ? <Flash>{t("referrals.admin.created", { name: created })}</Flash> : null}
      {actionData ? <Flash tone="error">{t(actionData.error, { field: actionData.field ? t(FIELD_LABELS[actionData.field] ?? "referrals.admin.name") : "" })}</Flash> : null}
      <DataTable caption={t("referrals.admin.title")} columns={columns} rows={rows} rowKey={(r) => r.id} sort={table.sort} dir={table.dir} empty={t("referrals.admin.empty")} total={total} page={table.page} perPage={table.perPage} />
      {canWrite ? (
        <>
          <h2 className="mt-8 mb-3 text-xl font-semibold">{t("referrals.admin.createTitle")}</h2>
          <Form method="post" className="grid max-w-4xl gap-4 rounded-md border border-stone-300 bg-white p-4 md:grid-cols-3" data-testid="campaign-form">
            <CsrfField token={csrf} />
            <FormField id="rc-name" name="name" label={t("referrals.admin.name")} required />
            <FormField id="rc-starts" name="startsAt" type="date" label={t("referrals.admin.startsAt")} required />
            <FormField id="rc-ends" name="endsAt" type="date" label={t("referrals.admin.endsAt")} />
            <SelectField
              id="rc-offer-kind"
              name="friendOfferKind"
              label={t("referrals.admin.offerKind")}
              options={[
                { value: "percentage", label: t("referrals.admin.percentage") },
                { value: "fixed", label: t("referrals.admin.fixed") },
              ]}
            />
            <FormField id="rc-percent" name="friendPercent" type="number" min={1} max={100} label={t("referrals.admin.friendPercent")} />
            <FormField id="rc-amounts" name="friendAmounts" label={t("referrals.admin.friendAmounts")} description={t("referrals.admin.amountsHint")} />
            <SelectField
              id="rc-code-mode"
              name="friendCodeMode"
              label={t("referrals.admin.codeMode")}
              options={[
                { value: "unique", label: t("referrals.admin.unique") },
                { value: "shared", label: t("referrals.admin.shared") },
              ]}
            />
            <FormField id="rc-shared" name="sharedCode" label={t("referrals.admin.sharedCode")} />
            <SelectField
              id="rc-reward-kind"
              name="rewardKind"
              label={t("referrals.admin.rewardKind")}
              options={[
                { value: "points", label: t("referrals.admin.rewardPointsKind") },
                { value: "discount", label: t("referrals.admin.rewardCodeKind") },
              ]}
            />
            <FormField id="rc-points" name="rewardPoints" type="number" min={1} label={t("referrals.admin.rewardPoints")} />
            <FormField id="rc-reward-amounts" name="rewardAmounts" label={t("referrals.admin.rewardAmounts")} description={t("referrals.admin.amountsHint")} />
            <FormField id="rc-cap" name="perReferrerCap" type="number" min={1} label={t("referrals.admin.cap")} />
            <FormField id="rc-min" name="minOrderBase" type="number" min={0} label={t("referrals.admin.minOrder")} description={t("referrals.admin.minOrderHint", { currency: baseCurrency })} />
            <FormField id="rc-window" name="returnWindowDays" type="number" min={0} defaultValue={14} label={t("referrals.admin.returnWindow")} />
            <FormField id="rc-ip" name="ipDailyLimit" type="number" min={1} defaultValue={3} label={t("referrals.admin.ipLimit")} />
            <div className="md:col-span-3">
              <Button>{t("referrals.admin.create")}</Button>
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
