import { asc, inArray } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { pagesTable, pageTranslationsTable } from "~db/schema/content";
import type { PageSlug } from "./content";

export interface PageInput {
  slug: PageSlug;
  markets?: string[] | null;
  position: number;
  translations: Record<string, { title: string; body: string }>;
}

export interface PageView {
  slug: string;
  title: string;
  body: string;
  /** The language the text is in (may be a fallback of the market's). */
  language: string;
  /** Market handles the page is shown in; null = every market. */
  markets: string[] | null;
}

/** Adds pages and translations that do not exist yet; a merchant's edits are left alone. */
export async function ensurePages(pages: PageInput[], db?: Db): Promise<void> {
  if (!pages.length) return;
  const d = db ?? (await getDb());
  await d
    .insert(pagesTable)
    .values(pages.map((p) => ({ slug: p.slug, markets: p.markets ?? null, position: p.position })))
    .onConflictDoNothing();
  const translations = pages.flatMap((p) => Object.entries(p.translations).map(([language, t]) => ({ slug: p.slug, language, ...t })));
  if (translations.length) await d.insert(pageTranslationsTable).values(translations).onConflictDoNothing();
}

type MarketRef = { handle: string; language: string; localeFallback: string[] };

function chainOf(market: MarketRef): string[] {
  return [...new Set([...market.localeFallback, market.language, "en"])];
}

async function pagesFor(market: MarketRef, slugs?: string[]): Promise<PageView[]> {
  const db = await getDb();
  const chain = chainOf(market);
  const pages = await db
    .select()
    .from(pagesTable)
    .where(slugs ? inArray(pagesTable.slug, slugs) : undefined)
    .orderBy(asc(pagesTable.position), asc(pagesTable.slug));
  const visible = pages.filter((p) => !p.markets || p.markets.includes(market.handle));
  if (!visible.length) return [];
  const rows = await db
    .select()
    .from(pageTranslationsTable)
    .where(inArray(pageTranslationsTable.slug, visible.map((p) => p.slug)));
  const out: PageView[] = [];
  for (const p of visible) {
    const own = rows.filter((r) => r.slug === p.slug);
    const best = chain.map((l) => own.find((r) => r.language === l)).find((r) => r !== undefined);
    if (best) out.push({ slug: p.slug, title: best.title, body: best.body, language: best.language, markets: p.markets });
  }
  return out;
}

/** The page in the market's language (or the nearest fallback); null when it is not shown in this market. */
export async function getPage(market: MarketRef, slug: string): Promise<PageView | null> {
  return (await pagesFor(market, [slug]))[0] ?? null;
}

/** Slugs and titles of the pages shown in a market, in footer order. */
export async function listPages(market: MarketRef): Promise<{ slug: string; title: string }[]> {
  return (await pagesFor(market)).map((p) => ({ slug: p.slug, title: p.title }));
}
