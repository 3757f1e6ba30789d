import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { Input } from "~/components/ui/Input";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { listRewards } from "~/modules/referrals/referral-reads.server";
import { approveReward, rejectReward } from "~/modules/referrals/rewards.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";
import { referralAuditHook } from "~/server/referral-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:campaigns");
  const held = await listRewards("held");
  return {
    canWrite: can(actor.role, "write:campaigns"),
    rows: held.map((r) => ({ id: r.id, campaign: r.campaignName, referrer: r.referrerEmail, friend: r.friendEmail, orderId: r.orderId, reasons: r.reasons, ip: r.ip, at: r.createdAt.toISOString() })),
  };
}

type ActionData = { ok: MessageKey } | { error: MessageKey };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:campaigns");
  const id = String(form.get("id") ?? "");
  const reason = String(form.get("reason") ?? "").trim().slice(0, 500);
  try {
    if (form.get("intent") === "approve") {
      await approveReward(id, actor.email, referralAuditHook(actor, "approve:campaigns"));
      return data<ActionData>({ ok: "referrals.review.approved" });
    }
    if (!reason) return data<ActionData>({ error: "referrals.review.reasonRequired" }, { status: 400 });
    await rejectReward(id, reason, actor.email, referralAuditHook(actor, "reject:campaigns"));
    return data<ActionData>({ ok: "referrals.review.rejected" });
  } catch (e) {
    if (isUserError(e) && (e.code === "reward_not_held" || e.code === "reward_not_found")) return data<ActionData>({ error: "referrals.review.alreadyDecided" }, { status: e.status });
    throw e;
  }
}

const REASONS: Record<string, MessageKey> = {
  self_email: "referrals.review.reasons.self_email",
  same_address: "referrals.review.reasons.same_address",
  same_payment: "referrals.review.reasons.same_payment",
  same_device: "referrals.review.reasons.same_device",
  ip_daily_limit: "referrals.review.reasons.ip_daily_limit",
};

export default function AdminReferralReview() {
  const { rows, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  return (
    <section>
      <p className="mb-2">
        <Link to="/admin/referrals" className="underline">
          {t("referrals.admin.title")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">{t("referrals.review.title")}</h1>
      {actionData && "ok" in actionData ? <Flash>{t(actionData.ok)}</Flash> : null}
      {actionData && "error" in actionData ? <Flash tone="error">{t(actionData.error)}</Flash> : null}
      {rows.length === 0 ? (
        <p>{t("referrals.review.empty")}</p>
      ) : (
        <ul className="space-y-4" data-testid="review-queue">
          {rows.map((r) => (
            <li key={r.id} className="rounded-md border border-stone-300 bg-white p-4" data-testid="held-reward">
              <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
                <dt className="font-medium">{t("referrals.review.referrer")}</dt>
                <dd className="break-all">{r.referrer}</dd>
                <dt className="font-medium">{t("referrals.review.friend")}</dt>
                <dd className="break-all">{r.friend}</dd>
                <dt className="font-medium">{t("referrals.review.order")}</dt>
                <dd>
                  <Link to={`/admin/orders/${r.orderId}`} className="underline">
                    {r.orderId}
                  </Link>
                </dd>
                <dt className="font-medium">{t("referrals.review.why")}</dt>
                <dd data-testid="held-reasons">{r.reasons.map((x) => (REASONS[x] ? t(REASONS[x]) : x)).join(" · ")}</dd>
                <dt className="font-medium">{t("referrals.review.campaign")}</dt>
                <dd>{r.campaign}</dd>
              </dl>
              {canWrite ? (
                <div className="mt-3 flex flex-wrap items-end gap-3">
                  <Form method="post">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="id" value={r.id} />
                    <input type="hidden" name="intent" value="approve" />
                    <Button size="sm" variant="success">
                      {t("referrals.review.approve")}
                    </Button>
                  </Form>
                  <Form method="post" className="flex flex-wrap items-end gap-2">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="id" value={r.id} />
                    <input type="hidden" name="intent" value="reject" />
                    <label className="text-sm">
                      <span className="block font-medium">{t("referrals.review.reason")}</span>
                      <Input name="reason" required maxLength={500} size="sm" />
                    </label>
                    <Button size="sm" variant="danger">
                      {t("referrals.review.reject")}
                    </Button>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
