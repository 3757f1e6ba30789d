import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/Button";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { clientIp, readFormData } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { confirmSubscription } from "~/modules/contacts/consent.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

/** Opening the emailed link only shows the button: mail scanners follow links and must not confirm. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return data(
    { market: market.handle, token, title: createTranslator(market.language, intlLocale(market))("newsletter.confirm.title") },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireMarket(params);
  assertSameOrigin(request);
  const token = String((await readFormData(request)).get("token") ?? "").slice(0, 200);
  try {
    await confirmSubscription(token, { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    return data({ confirmed: true as const });
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data({ confirmed: false as const }, { status: e.status });
  }
}

export default function NewsletterConfirm() {
  const { market, token, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-semibold">{title}</h1>
      {result ? (
        <>
          <p role={result.confirmed ? "status" : "alert"} className={`mt-4 rounded-md p-4 ${result.confirmed ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-900"}`} data-testid="newsletter-confirm-result">
            {result.confirmed ? t("newsletter.confirm.done") : t("newsletter.confirm.failed")}
          </p>
          <p className="mt-6">
            <Link to={result.confirmed ? `/${market}` : `/${market}/newsletter`} className="underline">
              {result.confirmed ? t("newsletter.back") : t("newsletter.title")}
            </Link>
          </p>
        </>
      ) : (
        <Form method="post" className="mt-6">
          <p className="mb-4 text-stone-700">{t("newsletter.confirm.intro")}</p>
          <input type="hidden" name="token" value={token} />
          <Button variant="dark" size="lg" data-testid="newsletter-confirm-button">
            {t("newsletter.confirm.button")}
          </Button>
        </Form>
      )}
    </main>
  );
}
