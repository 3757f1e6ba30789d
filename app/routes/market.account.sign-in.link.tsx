import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountAuthPage, AccountError } from "~/components/storefront/Account";
import { Button } from "~/components/ui/Button";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { readFormData, userErrorReply } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { signInWithLink } from "~/modules/customers/accounts.server";
import { signedInRedirect } from "~/modules/customers/sessions.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

// Opening the link only shows a button: mail scanners that fetch links must not use up the single-use token.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return data(
    { market: market.handle, token, title: createTranslator(market.language, intlLocale(market))("account.signIn.title") },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const token = String((await readFormData(request)).get("token") ?? "").slice(0, 200);
  try {
    const session = await signInWithLink(token, { userAgent: request.headers.get("user-agent") });
    return signedInRedirect(request, session, `/${market.handle}/account?notice=signedIn`);
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
}

export default function SignInWithLink() {
  const { market, token, title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <AccountAuthPage title={title}>
      <AccountError error={actionData && "error" in actionData ? actionData.error : null} />
      {actionData ? (
        <p className="mt-4">
          <Link to={`/${market}/account/sign-in`} className="underline">
            {t("account.verify.again")}
          </Link>
        </p>
      ) : (
        <Form method="post" className="mt-6">
          <input type="hidden" name="token" value={token} />
          <Button variant="dark" size="lg" data-testid="sign-in-link-button">
            {title}
          </Button>
        </Form>
      )}
    </AccountAuthPage>
  );
}
