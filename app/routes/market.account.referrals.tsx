import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AccountPage } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { now } from "~/lib/clock.server";
import { publicOrigin } from "~/lib/http.server";
import { useLocale, useT, type MessageKey } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { contactForCustomer } from "~/modules/contacts/contacts.server";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";
import { activeCampaign } from "~/modules/referrals/campaigns.server";
import { deviceIdFrom, newDevice, referralLinkFor, rememberReferrerDevice } from "~/modules/referrals/links.server";
import { contactReferrals } from "~/modules/referrals/referral-reads.server";
import type { RewardStatus } from "~/modules/referrals/statuses";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

/** A friend's address, recognisable to the referrer without showing it whole: "an***@example.org". */
function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 1 ? "***" : `${email.slice(0, Math.min(2, at))}***${email.slice(at)}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  const title = createTranslator(market.language, intlLocale(market))("referrals.account.title");
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  const contact = await contactForCustomer(customer.id);
  if (!contact) return data({ market: market.handle, title, link: null, campaign: false, referrals: [] }, { headers });
  // This browser is the referrer's: a friend's order placed from it is a self-referral.
  let deviceId = deviceIdFrom(request);
  if (!deviceId) {
    const device = newDevice(request);
    deviceId = device.id;
    headers.append("Set-Cookie", device.cookie);
  }
  await rememberReferrerDevice(contact.id, deviceId);
  const link = await referralLinkFor(contact.id, market.handle);
  const url = link.url.startsWith("/") ? `${publicOrigin(request)}${link.url}` : link.url;
  const referrals = (await contactReferrals(contact.id)).map((r) => ({
    id: r.id,
    friend: maskEmail(r.friendEmail),
    date: r.createdAt.toISOString().slice(0, 10),
    status: r.status,
    points: r.status === "granted" ? r.rewardPoints : null,
    code: r.status === "granted" ? r.rewardCode : null,
  }));
  return data({ market: market.handle, title, link: { code: link.code, url }, campaign: !!(await activeCampaign(now())), referrals }, { headers });
}

const STATUS: Record<RewardStatus, MessageKey> = {
  pending: "referrals.status.pending",
  held: "referrals.status.held",
  granted: "referrals.status.granted",
  rejected: "referrals.status.rejected",
  cancelled: "referrals.status.cancelled",
  ineligible: "referrals.status.ineligible",
};

/** The link in a read-only field (select and copy without scripts) and a copy button once scripts run. */
function ShareLink({ url }: { url: string }) {
  const t = useT();
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="block min-w-0 flex-1">
        <span className="block text-sm font-medium">{t("referrals.account.linkLabel")}</span>
        <input
          readOnly
          value={url}
          dir="ltr"
          data-testid="referral-link"
          onFocus={(e) => e.currentTarget.select()}
          className="mt-1 block w-full rounded border border-stone-400 bg-white px-3 py-2 font-mono text-sm"
        />
      </label>
      {canCopy ? (
        <Button type="button" variant="outline" onClick={() => void navigator.clipboard.writeText(url).then(() => setCopied(true))}>
          {copied ? t("referrals.account.copied") : t("referrals.account.copy")}
        </Button>
      ) : null}
      <p className="sr-only" role="status">
        {copied ? t("referrals.account.copied") : ""}
      </p>
    </div>
  );
}

export default function AccountReferrals() {
  const { market, title, link, campaign, referrals } = useLoaderData<typeof loader>();
  const t = useT();
  const { intlLocale } = useLocale();
  const text = link ? t("referrals.account.shareText", { url: link.url }) : "";
  const shares = link
    ? [
        { key: "email", label: t("referrals.account.shareEmail"), href: `mailto:?subject=${encodeURIComponent(t("referrals.account.emailSubject"))}&body=${encodeURIComponent(text)}` },
        { key: "whatsapp", label: t("referrals.account.shareWhatsApp"), href: `https://wa.me/?text=${encodeURIComponent(text)}` },
        { key: "line", label: t("referrals.account.shareLine"), href: `https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(link.url)}` },
        { key: "x", label: t("referrals.account.shareX"), href: `https://x.com/intent/post?text=${encodeURIComponent(text)}` },
      ]
    : [];
  const date = new Intl.DateTimeFormat(intlLocale, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <AccountPage market={market} title={title}>
      {!link ? (
        <p className="rounded-lg bg-white p-5">{t("referrals.account.verifyFirst")}</p>
      ) : (
        <section className="space-y-4 rounded-lg bg-white p-5" aria-labelledby="share-heading">
          <h2 id="share-heading" className="text-xl font-semibold">
            {t("referrals.account.shareTitle")}
          </h2>
          <p>{campaign ? t("referrals.account.intro") : t("referrals.account.noCampaign")}</p>
          <ShareLink url={link.url} />
          <ul className="flex flex-wrap gap-2">
            {shares.map((s) => (
              <li key={s.key}>
                <a href={s.href} target={s.key === "email" ? undefined : "_blank"} rel="noopener noreferrer" className="inline-block rounded-md border border-stone-400 px-3 py-2 hover:bg-stone-100" data-testid={`share-${s.key}`}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="mt-6 rounded-lg bg-white p-5" aria-labelledby="made-heading">
        <h2 id="made-heading" className="text-xl font-semibold">
          {t("referrals.account.madeTitle")}
        </h2>
        {referrals.length === 0 ? (
          <p className="mt-2">{t("referrals.account.none")}</p>
        ) : (
          <table className="mt-3 w-full text-start" data-testid="referrals-made">
            <thead>
              <tr className="border-b border-stone-200 text-sm text-stone-700">
                <th scope="col" className="py-2 text-start">{t("referrals.account.friend")}</th>
                <th scope="col" className="py-2 text-start">{t("referrals.account.date")}</th>
                <th scope="col" className="py-2 text-start">{t("referrals.account.status")}</th>
                <th scope="col" className="py-2 text-start">{t("referrals.account.reward")}</th>
              </tr>
            </thead>
            <tbody>
              {referrals.map((r) => (
                <tr key={r.id} className="border-b border-stone-100">
                  <td className="py-2"><bdi>{r.friend}</bdi></td>
                  <td className="py-2"><time dateTime={r.date}>{date.format(new Date(`${r.date}T00:00:00Z`))}</time></td>
                  <td className="py-2">{t(STATUS[r.status])}</td>
                  <td className="py-2" data-testid="referral-reward">
                    {r.points !== null ? t("referrals.account.points", { points: r.points }) : r.code ? t("referrals.account.code", { code: r.code }) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AccountPage>
  );
}
