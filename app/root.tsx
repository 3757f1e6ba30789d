import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { ErrorPage, errorMeta } from "~/components/ErrorPage";
import { I18nContext, messagesTranslator, parseMessages } from "~/lib/i18n";
import { useNonce } from "~/lib/nonce";
import { clientMessagesJson } from "~/lib/i18n.server";
// Only the error-page texts, for when the root loader itself failed and sent no messages.
import { error as errorPageMessages } from "~/locales/en.json";
import { intlLocale, textDirection } from "~/modules/markets/markets";
import { getMarket, getStoreConfig } from "~/modules/markets/markets.server";
import styles from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  // SVG for browsers that take it, the ICO for those that do not, and the home-screen icon for iOS.
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const config = await getStoreConfig();
  const market = (await getMarket(params.market)) ?? config.byHandle.get(config.defaultMarket) ?? config.markets[0]!;
  return {
    storeName: config.name,
    market,
    // Only the active language travels to the browser; the other catalogs stay on the server.
    messages: clientMessagesJson(market.language),
    markets: config.markets.map((m) => ({
      handle: m.handle,
      name: m.name,
      language: m.language,
      country: m.country,
      currency: m.currency,
      shipTo: m.shipTo,
    })),
  };
}

export const meta: MetaFunction = ({ error, matches }) => (error ? errorMeta(error, matches) : []);

export type RootData = Awaited<ReturnType<typeof loader>>;

// The root data (market, language, messages) only depends on the market segment of the URL.
export function shouldRevalidate({ currentParams, nextParams }: ShouldRevalidateFunctionArgs) {
  return currentParams.market !== nextParams.market;
}

const FALLBACK_MESSAGES = { error: errorPageMessages };

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language = data?.market.language ?? "en";
  const locale = data ? intlLocale(data.market) : "en-US";
  const dir = textDirection(language);
  const messages = data ? parseMessages(data.messages) : undefined;
  const nonce = useNonce();
  const value = useMemo(
    () => ({ t: messagesTranslator(messages ?? FALLBACK_MESSAGES, language, locale), locale: { language, intlLocale: locale, dir } }),
    [messages, language, locale, dir],
  );
  return (
    <html lang={language} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-sand font-sans text-ink antialiased">
        <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
