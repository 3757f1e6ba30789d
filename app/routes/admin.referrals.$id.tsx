import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { useLocale, useT, type MessageKey } from "~/lib/i18n";
import { toMoneyV2 } from "~/lib/money";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { getCampaign } from "~/modules/referrals/campaigns.server";
import { campaignStats } from "~/modules/referrals/referral-reads.server";
import type { RewardStatus } from "~/modules/referrals/statuses";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:campaigns");
  const campaign = await getCampaign(params.id ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const s = await campaignStats(campaign.id);
  const { baseCurrency } = await getStoreConfig();
  return { name: campaign.name, clicks: s.clicks, signUps: s.signUps, firstOrders: s.firstOrders, revenue: toMoneyV2({ amount: s.revenueBase, currency: baseCurrency }), rewards: s.rewards };
}

const REWARD_LABELS: [RewardStatus, MessageKey][] = [
  ["granted", "referrals.admin.rewardsGranted"],
  ["held", "referrals.admin.rewardsHeld"],
  ["rejected", "referrals.admin.rewardsRejected"],
  ["pending", "referrals.admin.rewardsPending"],
  ["cancelled", "referrals.admin.rewardsCancelled"],
];

export default function AdminReferralStats() {
  const { name, clicks, signUps, firstOrders, revenue, rewards } = useLoaderData<typeof loader>();
  const t = useT();
  const { intlLocale } = useLocale();
  const money = new Intl.NumberFormat(intlLocale, { style: "currency", currency: revenue.currencyCode }).format(Number(revenue.amount));
  const stats: [MessageKey, string][] = [
    ["referrals.admin.clicks", String(clicks)],
    ["referrals.admin.signUps", String(signUps)],
    ["referrals.admin.firstOrders", String(firstOrders)],
    ["referrals.admin.revenue", money],
    ...REWARD_LABELS.map(([s, label]): [MessageKey, string] => [label, String(rewards[s])]),
  ];
  return (
    <section>
      <p className="mb-2">
        <Link to="/admin/referrals" className="underline">
          {t("referrals.admin.title")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">{t("referrals.admin.statsTitle", { name })}</h1>
      <dl className="grid max-w-3xl gap-3 sm:grid-cols-3" data-testid="campaign-stats">
        {stats.map(([label, value]) => (
          <div key={label} className="rounded-md border border-stone-300 bg-white p-4">
            <dt className="text-sm text-stone-700">{t(label)}</dt>
            <dd className="mt-1 text-2xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
