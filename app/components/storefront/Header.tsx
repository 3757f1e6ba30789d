import { Form, Link, useFetcher, useLocation, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useId, useMemo } from "react";
import { ButtonLink, Button } from "~/components/ui/Button";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { useLocale, useT } from "~/lib/i18n";
import { memoized, regionNames } from "~/lib/intl";
import type { LocalizationFields } from "~/modules/markets/localization-form";
import type { RootData } from "~/root";

export function Header({ market, collections }: { market: string; collections: { handle: string; title: string }[] }) {
  const t = useT();
  return (
    <header className="border-b border-stone-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
        {t("nav.skip")}
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">
        <Link to={`/${market}`} className="text-xl font-semibold tracking-tight" aria-label={t("nav.home")}>
          Kiln <span className="text-clay">&amp;</span> Loom
        </Link>
        <nav aria-label={t("nav.main")} className="order-3 w-full md:order-none md:w-auto">
          <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
            {collections.map((c) => (
              <li key={c.handle}>
                <Link to={`/${market}/collections/${c.handle}`} className="hover:text-clay hover:underline">
                  {c.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ms-auto flex flex-wrap items-center gap-3">
          <Form method="get" action={`/${market}/search`} role="search" className="flex">
            <label htmlFor="header-search" className="sr-only">
              {t("search.label")}
            </label>
            <Input id="header-search" name="q" type="search" placeholder={t("search.placeholder")} attached="start" className="w-40 text-sm md:w-56" />
            <Button variant="dark" size="sm" attached="end" className="text-sm">
              {t("search.submit")}
            </Button>
          </Form>
          <LocalizationForm market={market} />
          <Link to={`/${market}/account`} className="text-sm underline-offset-2 hover:underline" data-testid="account-link">
            {t("account.nav.label")}
          </Link>
          <MiniCart market={market} />
        </div>
      </div>
    </header>
  );
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: "English",
  fr: "Français",
  de: "Deutsch",
  es: "Español",
  ja: "日本語",
  pt: "Português",
  ar: "العربية",
};

// Field names checked against the form's schema. The browser does not validate this form (two
// selects cannot hold a wrong value), which keeps zod out of every page's bundle; the action parses it.
const field: { [K in LocalizationFields]: K } = { country: "country", language: "language", from: "from", redirectTo: "redirectTo" };

/** Country/region + language picker. A plain form post; with JS it submits on change. */
function LocalizationForm({ market }: { market: string }) {
  const t = useT();
  const { intlLocale } = useLocale();
  const root = useRouteLoaderData<RootData>("root");
  const location = useLocation();
  const submit = useSubmit();
  const id = useId();
  const current = root?.markets.find((m) => m.handle === market);
  const marketKey = (root?.markets ?? []).map((m) => m.handle).join(",");
  const countries = useMemo(() => memoized(`countries|${intlLocale}|${marketKey}`, () => {
    const names = regionNames(intlLocale);
    const seen = new Map<string, string>();
    for (const m of root?.markets ?? []) {
      for (const c of [m.country, ...m.shipTo]) if (!seen.has(c)) seen.set(c, m.currency);
    }
    return [...seen]
      .map(([code, currency]) => ({ code, currency, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name, intlLocale));
  }), [root?.markets, intlLocale, marketKey]);
  const languages = [...new Set((root?.markets ?? []).map((m) => m.language))];
  return (
    <Form
      method="post"
      action="/localization"
      className="flex items-center gap-2 text-sm"
      onChange={(e) => submit(e.currentTarget, { preventScrollReset: true })}
      data-testid="localization-form"
    >
      <input type="hidden" name={field.redirectTo} value={location.pathname + location.search} />
      <input type="hidden" name={field.from} value={market} />
      <label htmlFor={`${id}-country`} className="sr-only">
        {t("localization.country")}
      </label>
      <Select id={`${id}-country`} name={field.country} defaultValue={current?.country} className="max-w-44">
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.currency})
          </option>
        ))}
      </Select>
      <label htmlFor={`${id}-language`} className="sr-only">
        {t("localization.language")}
      </label>
      <Select id={`${id}-language`} name={field.language} defaultValue={current?.language}>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l] ?? l}
          </option>
        ))}
      </Select>
      <noscript>
        <Button variant="outline" size="sm">
          {t("localization.update")}
        </Button>
      </noscript>
    </Form>
  );
}

export function Footer({ market, storeName }: { market: string; storeName: string }) {
  const t = useT();
  return (
    <footer className="mt-20 border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap justify-between gap-4 px-4 py-8 text-sm text-stone-700">
        <p>{t("footer.tagline", { store: storeName })}</p>
        <p>
          <Link to={`/${market}/collections`} className="underline">
            {t("footer.allCollections")}
          </Link>
        </p>
      </div>
    </footer>
  );
}

/** Cart link with a live count (loaded after the page, so cached catalog pages stay anonymous). */
function MiniCart({ market }: { market: string }) {
  const t = useT();
  const fetcher = useFetcher<{ count: number }>();
  const location = useLocation();
  useEffect(() => {
    fetcher.load(`/${market}/cart/summary`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [market, location.key]);
  const count = fetcher.data?.count ?? 0;
  return (
    <ButtonLink to={`/${market}/cart`} variant="outline" size="sm" className="relative text-sm" data-testid="mini-cart">
      {t("cart.title")}
      {count > 0 ? (
        <span className="ms-2 rounded-full bg-clay px-2 py-0.5 text-xs font-semibold text-white" aria-label={t("cart.itemCount", { count })}>
          {count}
        </span>
      ) : null}
    </ButtonLink>
  );
}
