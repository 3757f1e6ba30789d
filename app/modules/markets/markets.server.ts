import { readCookie } from "~/lib/cookies";
import { asc, desc, eq, lte } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { isEuMemberState } from "~/lib/eu";
import { fxRatesTable, marketsTable, storeSettingsTable } from "~db/schema/markets";
import type { Market } from "./markets";
import { MARKET_HANDLE_RE } from "./markets";

export type { Market } from "./markets";

export interface StoreConfig {
  name: string;
  baseCurrency: string;
  defaultMarket: string;
  markets: Market[];
  byHandle: Map<string, Market>;
  /** Units of currency per one unit of base currency, as decimal strings: the rates in force today. */
  fxRates: Map<string, string>;
  /** The store's email sender; null fields = the deployment's MAIL_FROM. */
  sender: { fromName: string | null; fromAddress: string | null; replyTo: string | null };
  /** The postal address of marketing emails' footers; null = not set. */
  postalAddress: string | null;
}

/** Today as a UTC calendar day (YYYY-MM-DD): FX rates and tax registrations take effect per day. */
export function utcDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// Markets change rarely and are read on every request: keep them in memory for a short while.
// Nodes hold no state of their own beyond this cache, so a change reaches every node within TTL.
const TTL_MS = 30_000;
let cache: { at: number; config: Promise<StoreConfig> } | null = null;

export function invalidateStoreConfig(): void {
  cache = null;
}

export interface StoreSettingsInput {
  name: string;
  baseCurrency: string;
  defaultMarket: string;
}
export type MarketInput = typeof marketsTable.$inferInsert;

/**
 * Creates the store: its settings, markets and FX rates (units of each currency per one unit of the
 * base currency, as decimal strings). What exists already is kept as it is (a merchant's edits win).
 */
export async function ensureStore(
  input: { settings: StoreSettingsInput; markets: MarketInput[]; fxRates: Record<string, string> },
  db?: Db,
): Promise<void> {
  const d = db ?? (await getDb());
  await d
    .insert(storeSettingsTable)
    .values({ id: "store", ...input.settings })
    .onConflictDoNothing();
  if (input.markets.length) await d.insert(marketsTable).values(input.markets).onConflictDoNothing();
  const effectiveOn = utcDay();
  const rates = Object.entries(input.fxRates).map(([currency, rate]) => ({ currency, rate, effectiveOn }));
  if (rates.length) await d.insert(fxRatesTable).values(rates).onConflictDoNothing();
  cache = null;
}

/** The store's listing compliance word-list overrides as stored (catalog validates their shape). */
export async function getListingClaimTerms(db?: Db): Promise<Record<string, Record<string, string[]>>> {
  const d = db ?? (await getDb());
  const [row] = await d.select({ terms: storeSettingsTable.listingClaimTerms }).from(storeSettingsTable).where(eq(storeSettingsTable.id, "store"));
  return row?.terms ?? {};
}

export async function setListingClaimTerms(terms: Record<string, Record<string, string[]>>, db?: Db): Promise<void> {
  const d = db ?? (await getDb());
  await d.update(storeSettingsTable).set({ listingClaimTerms: terms, updatedAt: new Date() }).where(eq(storeSettingsTable.id, "store"));
}

/** True when no store has been created yet (a fresh database). */
export async function storeExists(db?: Db): Promise<boolean> {
  const d = db ?? (await getDb());
  const [row] = await d.select({ id: storeSettingsTable.id }).from(storeSettingsTable).limit(1);
  return !!row;
}

/**
 * The store's settings, markets and FX rates, cached for a short while. Inside a transaction pass it
 * as `db`: a cold cache is then loaded through it (the embedded database serves one transaction at a
 * time, so a read on the process handle would wait for the transaction forever).
 */
export async function getStoreConfig(db?: Db): Promise<StoreConfig> {
  const now = Date.now();
  if (!cache || now - cache.at > TTL_MS) {
    const config = loadStoreConfig(db);
    cache = { at: now, config };
    config.catch(() => {
      if (cache?.config === config) cache = null;
    });
  }
  return cache.config;
}

async function loadStoreConfig(executor?: Db): Promise<StoreConfig> {
  const db = executor ?? (await getDb());
  const [settings] = await db.select().from(storeSettingsTable).where(eq(storeSettingsTable.id, "store"));
  const rows = await db
    .select()
    .from(marketsTable)
    .where(eq(marketsTable.enabled, true))
    .orderBy(asc(marketsTable.position), asc(marketsTable.handle));
  // The rate in force per currency: the latest effective on or before today (ordered newest first, first wins).
  const fx = await db
    .selectDistinctOn([fxRatesTable.currency], { currency: fxRatesTable.currency, rate: fxRatesTable.rate })
    .from(fxRatesTable)
    .where(lte(fxRatesTable.effectiveOn, utcDay()))
    .orderBy(asc(fxRatesTable.currency), desc(fxRatesTable.effectiveOn));
  const markets: Market[] = rows.map((r) => ({
    handle: r.handle,
    name: r.name,
    language: r.language,
    country: r.country,
    currency: r.currency,
    localeFallback: r.localeFallback,
    shipTo: r.shipTo,
    taxDisplay: r.taxDisplay,
    taxLabel: (r.settings as { taxLabel?: string }).taxLabel === "vat" ? "vat" : "generic",
    units: r.units,
    roundingRule: r.roundingRule,
    dutyMode: r.dutyMode,
    dutyRateBp: Number((r.settings as { dutyRateBp?: number }).dutyRateBp ?? 0),
    defaultShipping: r.defaultShipping,
    position: r.position,
  }));
  const baseCurrency = settings?.baseCurrency ?? "USD";
  return {
    name: settings?.name ?? "Harbor",
    baseCurrency,
    defaultMarket: settings?.defaultMarket ?? markets[0]?.handle ?? "en-us",
    markets,
    byHandle: new Map(markets.map((m) => [m.handle, m])),
    fxRates: new Map([[baseCurrency, "1"], ...fx.map((f) => [f.currency, f.rate] as [string, string])]),
    sender: { fromName: settings?.mailFromName ?? null, fromAddress: settings?.mailFromAddress ?? null, replyTo: settings?.mailReplyTo ?? null },
    postalAddress: settings?.postalAddress ?? null,
  };
}

export async function getMarket(handle: string | undefined): Promise<Market | undefined> {
  if (!handle || !MARKET_HANDLE_RE.test(handle)) return undefined;
  return (await getStoreConfig()).byHandle.get(handle);
}

export const MARKET_COOKIE = "harbor_market";

/** Parses Accept-Language into tags ordered by q. */
export function parseAcceptLanguage(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: (tag ?? "").toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.tag && x.tag !== "*" && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map((x) => x.tag);
}

export interface ResolveInput {
  cookie: string | null;
  geoCountry: string | null;
  acceptLanguage: string | null;
}

/**
 * Picks the market for a visitor: remembered cookie → geo country (with the visitor's language
 * among that country's markets) → Accept-Language → the store default.
 */
export function pickMarket(config: Pick<StoreConfig, "markets" | "byHandle" | "defaultMarket">, input: ResolveInput): Market {
  const remembered = readCookie(input.cookie, MARKET_COOKIE);
  if (remembered && config.byHandle.has(remembered)) return config.byHandle.get(remembered)!;

  const languages = parseAcceptLanguage(input.acceptLanguage);
  const country = input.geoCountry?.trim().toUpperCase();
  if (country && /^[A-Z]{2}$/.test(country)) {
    const serving = config.markets.filter((m) => m.country === country || m.shipTo.includes(country));
    if (serving.length) {
      const home = serving.filter((m) => m.country === country);
      const pool = home.length ? home : serving;
      for (const tag of languages) {
        const lang = tag.split("-")[0];
        const match = pool.find((m) => m.language === lang);
        if (match) return match;
      }
      return pool[0]!;
    }
  }

  for (const tag of languages) {
    const [lang, region] = tag.split("-");
    if (region) {
      const exact = config.byHandle.get(`${lang}-${region}`);
      if (exact) return exact;
      const byCountry = config.markets.find((m) => m.language === lang && m.shipTo.includes(region.toUpperCase()));
      if (byCountry) return byCountry;
    }
    const byLanguage = config.markets.find((m) => m.language === lang);
    if (byLanguage) return byLanguage;
  }
  return config.byHandle.get(config.defaultMarket) ?? config.markets[0]!;
}

export async function resolveMarketForRequest(request: Request, geoHeader: string): Promise<Market> {
  const config = await getStoreConfig();
  return pickMarket(config, {
    cookie: request.headers.get("cookie"),
    geoCountry: request.headers.get(geoHeader),
    acceptLanguage: request.headers.get("accept-language"),
  });
}

export function marketCookie(handle: string, secure: boolean): string {
  return `${MARKET_COOKIE}=${encodeURIComponent(handle)}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * Whether newsletter sign-ups in a market are confirmed by email first (double opt-in): the market's
 * `settings.doubleOptIn` when the owner set it, otherwise on where the law or regulators expect it
 * (EU member states, the UK, Canada).
 */
export async function marketDoubleOptIn(handle: string, db?: Db): Promise<boolean> {
  const [row] = await (db ?? (await getDb())).select({ country: marketsTable.country, settings: marketsTable.settings }).from(marketsTable).where(eq(marketsTable.handle, handle));
  if (!row) return true;
  const configured = (row.settings as { doubleOptIn?: unknown }).doubleOptIn;
  if (typeof configured === "boolean") return configured;
  return isEuMemberState(row.country) || row.country === "GB" || row.country === "CA";
}
