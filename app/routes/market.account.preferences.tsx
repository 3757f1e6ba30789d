import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AccountPage } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { assertSameOrigin } from "~/lib/csrf.server";
import { clientIp, readFormData } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { accountConsent, setAccountConsent } from "~/modules/contacts/preferences.server";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  const consent = await accountConsent(customer);
  const since = consent.since ? new Intl.DateTimeFormat(intlLocale(market), { dateStyle: "long", timeZone: "UTC" }).format(consent.since) : null;
  return data(
    { market: market.handle, title: createTranslator(market.language, intlLocale(market))("account.preferences.title"), status: consent.status, since },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** One click either way: withdrawing is as easy as giving. */
export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const customer = await requireCustomerPage(request, market.handle);
  const intent = String((await readFormData(request)).get("intent") ?? "");
  if (intent !== "subscribe" && intent !== "unsubscribe") return data({ saved: false }, { status: 400 });
  await setAccountConsent(customer, market, intent, { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
  return data({ saved: true });
}

export default function Preferences() {
  const { market, title, status, since } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>()?.saved;
  const t = useT();
  const subscribed = status === "subscribed";
  return (
    <AccountPage market={market} title={title}>
      <section aria-labelledby="newsletter-heading" className="rounded-lg bg-white p-5">
        <h2 id="newsletter-heading" className="text-lg font-semibold">
          {t("newsletter.heading")}
        </h2>
        <p className="mt-1 text-stone-700">{t("account.preferences.intro")}</p>
        {saved ? (
          <p role="status" className="mt-3 text-emerald-900" data-testid="preferences-saved">
            {t("account.preferences.saved")}
          </p>
        ) : null}
        <p className="mt-3 font-medium" data-testid="consent-status" data-status={status}>
          {status === "subscribed"
            ? t("account.preferences.subscribed", { date: since ?? "" })
            : status === "pending"
              ? t("account.preferences.pending", { date: since ?? "" })
              : t("account.preferences.unsubscribed")}
        </p>
        {!subscribed ? <p className="mt-3 text-sm text-stone-700">{t("newsletter.consentText")}</p> : null}
        <Form method="post" className="mt-4">
          <Button name="intent" value={subscribed || status === "pending" ? "unsubscribe" : "subscribe"} variant={subscribed ? "outline" : "dark"} data-testid="consent-toggle">
            {subscribed || status === "pending" ? t("account.preferences.unsubscribe") : t("account.preferences.subscribe")}
          </Button>
        </Form>
      </section>
    </AccountPage>
  );
}
