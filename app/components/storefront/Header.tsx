import { Form, Link, useFetcher, useLocation, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ButtonLink, Button } from "~/components/ui/Button";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { useLocale, useT } from "~/lib/i18n";
import { memoized, regionNames } from "~/lib/intl";
import type { LocalizationFields } from "~/modules/markets/localization-form";
import type { RootData } from "~/root";
import { NewsletterForm } from "./Newsletter";

export function Header({ market, collections }: { market: string; collections: { handle: string; title: string }[] }) {
  const t = useT();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.key]);
  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>("button, a[href], input, select")?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  // Without JavaScript a checkbox holds the drawer's state (the panel is its CSS sibling); with
  // JavaScript a real button with aria-expanded does, and focus moves into the drawer and back.
  const onPanelKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (!open) return;
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "Tab") {
      const focusable = [...(panelRef.current?.querySelectorAll<HTMLElement>("button, a[href], input, select") ?? [])].filter((el) => el.offsetParent !== null);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };
  const toggleClass = "inline-flex h-11 items-center gap-2 rounded-md border border-stone-400 px-3 text-sm font-medium md:hidden";
  return (
    <header className="border-b border-stone-200 bg-white" data-testid="site-header">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("nav.skip")}
      </a>
      <div className="mx-auto flex h-15 max-w-7xl items-center gap-3 px-4 md:h-auto md:flex-wrap md:gap-x-6 md:gap-y-3 md:py-3">
        {hydrated ? (
          <button ref={toggleRef} type="button" className={toggleClass} aria-expanded={open} aria-controls="site-menu" onClick={() => setOpen(!open)} data-testid="menu-toggle">
            <MenuIcon />
            {t("nav.menu")}
          </button>
        ) : (
          <>
            {/* Gone where the menu is not a drawer (md and up), as its label is. */}
            <input type="checkbox" id="site-menu-toggle" className="peer sr-only md:hidden" />
            <label htmlFor="site-menu-toggle" className={`${toggleClass} cursor-pointer peer-focus-visible:outline-3 peer-focus-visible:outline-clay`} data-testid="menu-toggle">
              <MenuIcon />
              {t("nav.menu")}
            </label>
          </>
        )}
        <Link to={`/${market}`} className="text-xl font-semibold tracking-tight whitespace-nowrap" data-testid="logo">
          Kiln <span className="text-clay">&amp;</span> Loom
          <span className="sr-only"> – {t("nav.home")}</span>
        </Link>
        <div
          id="site-menu"
          ref={panelRef}
          role={open ? "dialog" : undefined}
          aria-modal={open ? true : undefined}
          aria-label={open ? t("nav.menu") : undefined}
          onKeyDown={onPanelKeyDown}
          className={`${hydrated ? (open ? "flex" : "hidden") : "hidden peer-checked:flex"} fixed inset-0 z-40 flex-col gap-6 overflow-y-auto bg-white p-4 md:contents`}
          data-testid="site-menu"
        >
          <div className="flex justify-end md:hidden">
            {hydrated ? (
              <Button type="button" variant="outline" size="sm" onClick={close}>
                {t("nav.closeMenu")}
              </Button>
            ) : (
              <label htmlFor="site-menu-toggle" className="cursor-pointer rounded-md border border-stone-400 px-3 py-1.5 text-sm">
                {t("nav.closeMenu")}
              </label>
            )}
          </div>
          <Form method="get" action={`/${market}/search`} role="search" aria-label={t("search.label")} className="flex md:order-last md:ms-auto">
            <label htmlFor="header-search" className="sr-only">
              {t("search.label")}
            </label>
            <Input id="header-search" name="q" type="search" placeholder={t("search.placeholder")} attached="start" className="w-full text-sm md:w-56" />
            <Button variant="dark" size="sm" attached="end" className="text-sm">
              {t("search.submit")}
            </Button>
          </Form>
          <nav aria-label={t("nav.main")} className="md:w-auto">
            <ul className="flex flex-col gap-3 text-base md:flex-row md:flex-wrap md:gap-x-5 md:gap-y-1 md:text-sm">
              {collections.map((c) => (
                <li key={c.handle}>
                  <Link to={`/${market}/collections/${c.handle}`} className="hover:text-clay hover:underline">
                    {c.title}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="md:order-last">
            <LocalizationForm market={market} />
          </div>
          <Link to={`/${market}/account`} className="text-base underline-offset-2 hover:underline md:text-sm" data-testid="account-link">
            {t("account.nav.label")}
          </Link>
        </div>
        <div className="ms-auto md:order-last md:ms-0">
          <MiniCart market={market} />
        </div>
      </div>
    </header>
  );
}

function MenuIcon() {
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 18 18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      <path d="M2 4h14M2 9h14M2 14h14" />
    </svg>
  );
}

/** False during the server render and the first client render, true once React has hydrated. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
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

export function Footer({ market, storeName, collections, pages }: { market: string; storeName: string; collections: { handle: string; title: string }[]; pages: { slug: string; title: string }[] }) {
  const t = useT();
  return (
    <footer className="mt-20 border-t border-stone-200 bg-white" data-testid="site-footer">
      <div className="mx-auto grid max-w-7xl gap-8 px-4 py-10 text-sm text-stone-700 sm:grid-cols-2 md:grid-cols-3">
        <div>
          <p className="text-base font-semibold text-ink">
            Kiln <span className="text-clay-dark">&amp;</span> Loom
          </p>
          <p className="mt-2">{t("footer.tagline", { store: storeName })}</p>
          <section aria-labelledby="footer-newsletter" className="mt-6">
            <h2 id="footer-newsletter" className="font-semibold text-ink">
              {t("newsletter.heading")}
            </h2>
            <p className="mt-1 mb-2">{t("newsletter.intro")}</p>
            <NewsletterForm market={market} source="footer" idPrefix="footer-newsletter" />
          </section>
        </div>
        <nav aria-labelledby="footer-shop">
          <h2 id="footer-shop" className="font-semibold text-ink">
            {t("footer.shop")}
          </h2>
          <ul className="mt-2 space-y-2">
            {collections.map((c) => (
              <li key={c.handle}>
                <Link to={`/${market}/collections/${c.handle}`} className="underline-offset-2 hover:underline">
                  {c.title}
                </Link>
              </li>
            ))}
            <li>
              <Link to={`/${market}/collections`} className="underline">
                {t("footer.allCollections")}
              </Link>
            </li>
            <li>
              <Link to={`/${market}/rewards`} className="underline">
                {t("footer.rewards")}
              </Link>
            </li>
          </ul>
        </nav>
        <nav aria-labelledby="footer-help">
          <h2 id="footer-help" className="font-semibold text-ink">
            {t("footer.help")}
          </h2>
          <ul className="mt-2 space-y-2" data-testid="footer-pages">
            {pages.map((p) => (
              <li key={p.slug}>
                <Link to={`/${market}/pages/${p.slug}`} className="underline">
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
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
