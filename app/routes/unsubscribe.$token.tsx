import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/Button";
import { clientIp, readFormData } from "~/lib/http.server";
import { createTranslator } from "~/lib/i18n.server";
import { unsubscribeLinkContact, unsubscribeWithLink } from "~/modules/contacts/unsubscribe-link.server";
import { intlLocale, textDirection } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";

/**
 * The List-Unsubscribe URL of every marketing email (RFC 8058). GET only shows the button (mail
 * scanners and link previews follow links: they must not unsubscribe anyone). POST unsubscribes,
 * both from the button and as RFC 8058's one-click request (`List-Unsubscribe=One-Click`), which a
 * mailbox provider sends from its own servers: no cookies, no CSRF token, any origin — the signed
 * token is the only authority. The page speaks the contact's language, not the visitor's market.
 */

const HEADERS = { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" };

async function pageText(token: string) {
  const contact = await unsubscribeLinkContact(token);
  const config = await getStoreConfig();
  const market = (contact?.market ? config.byHandle.get(contact.market) : undefined) ?? config.byHandle.get(config.defaultMarket) ?? config.markets[0]!;
  const language = contact?.locale ?? market.language;
  const t = createTranslator(language, market.language === language ? intlLocale(market) : language);
  const brand = config.name;
  return {
    valid: Boolean(contact),
    language,
    dir: textDirection(language),
    shopUrl: `/${market.handle}`,
    text: {
      title: t("unsubscribe.title"),
      intro: t("unsubscribe.intro", { brand }),
      button: t("unsubscribe.button"),
      done: t("unsubscribe.done", { brand }),
      invalid: t("unsubscribe.invalid"),
      back: t("unsubscribe.back"),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.text.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const page = await pageText(params.token ?? "");
  return data(page, { status: page.valid ? 200 : 400, headers: HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return data({ done: false }, { status: 405, headers: HEADERS });
  const token = params.token ?? "";
  const form = await readFormData(request);
  // RFC 8058 §3.2: the one-click request's body is exactly this key and value.
  const source = form.get("List-Unsubscribe") === "One-Click" ? "one_click" : "unsubscribe_link";
  const done = await unsubscribeWithLink(token, source, { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
  return data({ done }, { status: done ? 200 : 400, headers: HEADERS });
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { text } = page;
  const invalid = !page.valid || result?.done === false;
  return (
    <main id="main" lang={page.language} dir={page.dir} className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-semibold">{text.title}</h1>
      {invalid ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="unsubscribe-result">
          {text.invalid}
        </p>
      ) : result?.done ? (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 p-4 text-emerald-900" data-testid="unsubscribe-result">
          {text.done}
        </p>
      ) : (
        <Form method="post" className="mt-6">
          <p className="mb-4 text-stone-700">{text.intro}</p>
          <Button variant="dark" size="lg" name="intent" value="unsubscribe" data-testid="unsubscribe-button">
            {text.button}
          </Button>
        </Form>
      )}
      <p className="mt-6">
        <a href={page.shopUrl} className="underline">
          {text.back}
        </a>
      </p>
    </main>
  );
}
