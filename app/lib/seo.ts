import type { MetaDescriptor } from "@remix-run/node";

export interface SeoInput {
  origin: string;
  title: string;
  description: string;
  /** Path of this page in this market, e.g. /de-de/products/teekanne */
  path: string;
  /** Same page in every market where it exists: market handle → path. */
  alternates: { market: string; path: string }[];
  defaultMarket: string;
  locale: string;
  image?: string;
  type?: "website" | "product";
  jsonLd?: object[];
}

function hreflang(market: string): string {
  const [lang, country] = market.split("-");
  return `${lang}-${country!.toUpperCase()}`;
}

/** Title, description, self-canonical, hreflang alternates + x-default, Open Graph and JSON-LD. */
export function seoMeta(s: SeoInput): MetaDescriptor[] {
  const abs = (p: string) => (p.startsWith("http") ? p : `${s.origin}${p}`);
  const xDefault = s.alternates.find((a) => a.market === s.defaultMarket) ?? s.alternates[0];
  const tags: MetaDescriptor[] = [
    { title: s.title },
    { name: "description", content: s.description },
    { tagName: "link", rel: "canonical", href: abs(s.path) },
    ...s.alternates.map((a) => ({ tagName: "link", rel: "alternate", hrefLang: hreflang(a.market), href: abs(a.path) })),
    ...(xDefault ? [{ tagName: "link", rel: "alternate", hrefLang: "x-default", href: abs(xDefault.path) }] : []),
    { property: "og:title", content: s.title },
    { property: "og:description", content: s.description },
    { property: "og:url", content: abs(s.path) },
    { property: "og:type", content: s.type ?? "website" },
    { property: "og:locale", content: s.locale.replace("-", "_") },
  ];
  if (s.image) tags.push({ property: "og:image", content: abs(s.image) });
  for (const ld of s.jsonLd ?? []) tags.push({ "script:ld+json": ld });
  return tags;
}

/** "Page | Store" with the store named once: a title that already names it (a merchant's SEO title) stays as it is. */
export function pageTitle(title: string, store: string): string {
  if (!store || title.includes(store)) return title;
  return title ? `${title} | ${store}` : store;
}

/** The title of a page whose loader sends only its own title; the store name comes from the root loader. */
export function titleMeta(title: string | undefined, matches: readonly { id: string; data: unknown }[]): MetaDescriptor {
  const store = (matches.find((m) => m.id === "root")?.data as { storeName?: string } | undefined)?.storeName ?? "";
  return { title: pageTitle(title ?? "", store) };
}
