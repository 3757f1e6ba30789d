import type { Market } from "../markets/markets";
import { getStoreConfig } from "../markets/markets.server";
import { pickTranslation } from "./locale";
import { listCollections, listProductHandles } from "./catalog.server";

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

function hreflang(handle: string): string {
  const [l, c] = handle.split("-");
  return `${l}-${c!.toUpperCase()}`;
}

export async function sitemapIndex(origin: string): Promise<string> {
  const config = await getStoreConfig();
  const items = config.markets.map((m) => `  <sitemap><loc>${xmlEscape(`${origin}/sitemaps/${m.handle}.xml`)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join("\n")}\n</sitemapindex>\n`;
}

/** One market's pages, each with xhtml:link alternates to the same page in every market. */
export async function marketSitemap(origin: string, market: Market): Promise<string> {
  const config = await getStoreConfig();
  const entries: { loc: string; alternates: { market: string; href: string }[]; lastmod?: string }[] = [];
  const everywhere = (path: (m: Market) => string | null) =>
    config.markets.flatMap((m) => {
      const p = path(m);
      return p ? [{ market: m.handle, href: `${origin}${p}` }] : [];
    });
  entries.push({ loc: `${origin}/${market.handle}`, alternates: everywhere((m) => `/${m.handle}`) });
  entries.push({ loc: `${origin}/${market.handle}/collections`, alternates: everywhere((m) => `/${m.handle}/collections`) });
  const collectionsByMarket = new Map(await Promise.all(config.markets.map(async (m) => [m.handle, await listCollections(m)] as const)));
  for (const c of collectionsByMarket.get(market.handle) ?? []) {
    entries.push({
      loc: `${origin}/${market.handle}/collections/${c.handle}`,
      alternates: c.alternates.map((a) => ({ market: a.market, href: `${origin}/${a.market}/collections/${a.handle}` })),
    });
  }
  for (const p of await listProductHandles()) {
    const own = pickTranslation(p.handles, market.localeFallback);
    if (!own) continue;
    entries.push({
      loc: `${origin}/${market.handle}/products/${own}`,
      lastmod: p.updatedAt.toISOString().slice(0, 10),
      alternates: everywhere((m) => {
        const h = pickTranslation(p.handles, m.localeFallback);
        return h ? `/${m.handle}/products/${h}` : null;
      }),
    });
  }
  const xDefault = config.defaultMarket;
  const urls = entries.map((e) => {
    const alts = e.alternates.map((a) => `    <xhtml:link rel="alternate" hreflang="${hreflang(a.market)}" href="${xmlEscape(a.href)}"/>`);
    const def = e.alternates.find((a) => a.market === xDefault);
    if (def) alts.push(`    <xhtml:link rel="alternate" hreflang="x-default" href="${xmlEscape(def.href)}"/>`);
    return `  <url>\n    <loc>${xmlEscape(e.loc)}</loc>\n${e.lastmod ? `    <lastmod>${e.lastmod}</lastmod>\n` : ""}${alts.join("\n")}\n  </url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join("\n")}\n</urlset>\n`;
}
