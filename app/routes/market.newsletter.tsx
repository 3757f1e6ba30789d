import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewsletterForm, NewsletterResult, type NewsletterReply } from "~/components/storefront/Newsletter";
import { assertSameOrigin } from "~/lib/csrf.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { newsletterFormAction } from "~/modules/contacts/newsletter-page.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  return data({ market: market.handle, title: createTranslator(market.language, intlLocale(market))("newsletter.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

/** The sign-up forms post here (with or without JavaScript). */
export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  return newsletterFormAction(request, market);
}

/** Where a sign-up lands without JavaScript: the answer, and the form again. */
export default function NewsletterPage() {
  const { market, title } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as NewsletterReply | undefined;
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-semibold">{title}</h1>
      <div className="mt-4">
        <NewsletterResult reply={reply} />
      </div>
      {reply?.ok ? (
        <p className="mt-6">
          <Link to={`/${market}`} className="underline">
            {t("newsletter.back")}
          </Link>
        </p>
      ) : (
        <div className="mt-6">
          <p className="mb-4 text-stone-700">{t("newsletter.intro")}</p>
          <NewsletterForm market={market} source="page" idPrefix="newsletter-page" />
        </div>
      )}
    </main>
  );
}
