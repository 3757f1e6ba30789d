/**
 * The admin's writes and reads of markets, FX rates and the store's settings. Each write runs in the
 * caller's transaction (`tx`, for the audit log) and returns the record before and after; callers
 * refresh what depends on it (prices, shipping rates) and drop the cached store config.
 */
import { and, asc, desc, eq, lte } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { fxRatesTable, marketsTable, storeSettingsTable } from "~db/schema/markets";
import { isIsoCountry } from "~/lib/countries";
import { UserError } from "~/lib/errors";
import { currencyExponent, parseDecimal, parseRoundingRule, toDecimalString } from "~/lib/money";
import { isEmail } from "~/lib/validation";
import { utcDay } from "./markets.server";

type MarketRow = typeof marketsTable.$inferSelect;

/** A market as the admin edits it (money as decimal strings of the market currency: JSON-safe for the audit log). */
export interface MarketRecord {
  handle: string;
  name: string;
  enabled: boolean;
  language: string;
  country: string;
  currency: string;
  taxDisplay: "inclusive" | "exclusive";
  dutyMode: "DDU" | "DDP";
  shipTo: string[];
  roundingRule: string;
  defaultShipping: string | null;
  freeShippingOver: string | null;
  position: number;
}

export interface MarketPatch {
  name?: string;
  enabled?: boolean;
  currency?: string;
  taxDisplay?: "inclusive" | "exclusive";
  dutyMode?: "DDU" | "DDP";
  shipTo?: string[];
  roundingRule?: string;
  defaultShipping?: string | null;
  /** Decimal string in the market's currency (after the patch); null = shipping is never free by the market's rule. */
  freeShippingOver?: string | null;
}

interface Change<T> {
  before: T | null;
  after: T;
}

function toRecord(r: MarketRow): MarketRecord {
  return {
    handle: r.handle,
    name: r.name,
    enabled: r.enabled,
    language: r.language,
    country: r.country,
    currency: r.currency,
    taxDisplay: r.taxDisplay,
    dutyMode: r.dutyMode,
    shipTo: r.shipTo,
    roundingRule: r.roundingRule,
    defaultShipping: r.defaultShipping,
    freeShippingOver: r.freeShippingOver === null ? null : toDecimalString(r.freeShippingOver, r.currency),
    position: r.position,
  };
}

/** Every market, disabled ones included, in the storefront's order. */
export async function listMarketRecords(db?: Db): Promise<MarketRecord[]> {
  const d = db ?? (await getDb());
  const rows = await d.select().from(marketsTable).orderBy(asc(marketsTable.position), asc(marketsTable.handle));
  return rows.map(toRecord);
}

export async function loadMarketRecord(handle: string, db?: Db): Promise<MarketRecord | null> {
  const d = db ?? (await getDb());
  const [row] = await d.select().from(marketsTable).where(eq(marketsTable.handle, handle));
  return row ? toRecord(row) : null;
}

/** The market's free-shipping threshold in minor units (what the shipping rates that follow it copy). */
export async function marketFreeShippingOver(tx: Db, handle: string): Promise<{ currency: string; amount: bigint | null } | null> {
  const [row] = await tx.select({ currency: marketsTable.currency, amount: marketsTable.freeShippingOver }).from(marketsTable).where(eq(marketsTable.handle, handle));
  return row ?? null;
}

const SHIPPING_CHOICE_RE = /^(within:\d{1,3}|local|express|dedicated|postal)$/;

/** Whether a currency can be a market's: the base currency, or one with an FX rate in force today. */
async function assertCurrencyPriced(tx: Db, currency: string, field: string): Promise<void> {
  try {
    currencyExponent(currency);
  } catch {
    throw new UserError("unsupported_currency", `${currency} is not a currency this store can price in.`, 400, field);
  }
  const [settings] = await tx.select({ base: storeSettingsTable.baseCurrency }).from(storeSettingsTable).where(eq(storeSettingsTable.id, "store"));
  if (settings?.base === currency) return;
  const [rate] = await tx
    .select({ currency: fxRatesTable.currency })
    .from(fxRatesTable)
    .where(and(eq(fxRatesTable.currency, currency), lte(fxRatesTable.effectiveOn, utcDay())))
    .limit(1);
  if (!rate) throw new UserError("currency_without_rate", `Enter an FX rate for ${currency} first: prices are converted from the base currency.`, 400, field);
}

function parseAmount(value: string, currency: string, field: string): bigint {
  try {
    const amount = parseDecimal(value, currency);
    if (amount < 0n) throw new Error("negative");
    return amount;
  } catch {
    throw new UserError("invalid_amount", `Give an amount in ${currency} such as ${toDecimalString(12000n, currency)}.`, 400, field);
  }
}

/** Applies a patch to a market. Fields left out keep their value. */
export async function updateMarket(tx: Db, handle: string, patch: MarketPatch): Promise<Change<MarketRecord>> {
  const [row] = await tx.select().from(marketsTable).where(eq(marketsTable.handle, handle)).for("update");
  if (!row) throw new UserError("market_not_found", `There is no market ${handle}.`, 404);
  const before = toRecord(row);
  const set: Partial<typeof marketsTable.$inferInsert> = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name || name.length > 80) throw new UserError("invalid_name", "Give the market a name of 1 to 80 characters.", 400, "name");
    set.name = name;
  }
  if (patch.enabled !== undefined) {
    if (!patch.enabled) {
      const [settings] = await tx.select({ defaultMarket: storeSettingsTable.defaultMarket }).from(storeSettingsTable).where(eq(storeSettingsTable.id, "store"));
      if (settings?.defaultMarket === handle) throw new UserError("default_market", "This is the store's default market; choose another default market before disabling it.", 409, "enabled");
    }
    set.enabled = patch.enabled;
  }
  const currency = patch.currency ?? row.currency;
  if (patch.currency !== undefined && patch.currency !== row.currency) {
    await assertCurrencyPriced(tx, patch.currency, "currency");
    set.currency = patch.currency;
  }
  if (patch.taxDisplay !== undefined) set.taxDisplay = patch.taxDisplay;
  if (patch.dutyMode !== undefined) set.dutyMode = patch.dutyMode;
  if (patch.shipTo !== undefined) {
    const shipTo = [...new Set(patch.shipTo.map((c) => c.trim().toUpperCase()))];
    if (!shipTo.length) throw new UserError("ship_to_required", "List at least one country the market ships to.", 400, "shipTo");
    shipTo.forEach((c, i) => {
      if (!isIsoCountry(c)) throw new UserError("invalid_country", `"${c}" is not an ISO 3166-1 alpha-2 country code.`, 400, `shipTo.${i}`);
    });
    set.shipTo = shipTo;
  }
  if (patch.roundingRule !== undefined) {
    try {
      parseRoundingRule(patch.roundingRule);
    } catch {
      throw new UserError("invalid_rounding_rule", "Use none, ceil:<minor units> or ending:<minor units>.", 400, "roundingRule");
    }
    set.roundingRule = patch.roundingRule;
  }
  if (patch.defaultShipping !== undefined) {
    if (patch.defaultShipping !== null && !SHIPPING_CHOICE_RE.test(patch.defaultShipping)) {
      throw new UserError("invalid_default_shipping", "Use a method (local, express, dedicated, postal) or within:<business days>, or leave it empty.", 400, "defaultShipping");
    }
    set.defaultShipping = patch.defaultShipping;
  }
  if (patch.freeShippingOver !== undefined) {
    set.freeShippingOver = patch.freeShippingOver === null ? null : parseAmount(patch.freeShippingOver, currency, "freeShippingOver");
  } else if (set.currency && row.freeShippingOver !== null) {
    // The stored amount is in minor units of the old currency: it has no meaning in the new one.
    throw new UserError("threshold_required", "Give the free-shipping threshold in the new currency (or null) when changing the currency.", 400, "freeShippingOver");
  }
  const [updated] = Object.keys(set).length ? await tx.update(marketsTable).set(set).where(eq(marketsTable.handle, handle)).returning() : [row];
  return { before, after: toRecord(updated!) };
}

// ---------------------------------------------------------------------------------------------
// FX rates

export interface FxRateRecord {
  currency: string;
  /** Units of `currency` for one unit of the base currency. */
  rate: string;
  effectiveOn: string;
  /** The rate in force today for its currency. */
  current: boolean;
  updatedAt: string;
}

const RATE_RE = /^\d{1,10}(\.\d{1,10})?$/;

/** Every FX rate, newest effective date first per currency; `current` marks the ones in force today. */
export async function listFxRates(db?: Db, now = new Date()): Promise<FxRateRecord[]> {
  const d = db ?? (await getDb());
  const rows = await d.select().from(fxRatesTable).orderBy(asc(fxRatesTable.currency), desc(fxRatesTable.effectiveOn));
  const today = utcDay(now);
  const seen = new Set<string>();
  return rows.map((r) => {
    const current = r.effectiveOn <= today && !seen.has(r.currency);
    if (current) seen.add(r.currency);
    return { currency: r.currency, rate: r.rate, effectiveOn: r.effectiveOn, current, updatedAt: r.updatedAt.toISOString() };
  });
}

/**
 * Enters a rate for a currency from a day on (replacing one entered for the same day). Returns the
 * row before (null when new) and after.
 */
export async function enterFxRate(tx: Db, input: { currency: string; rate: string; effectiveOn: string }): Promise<Change<FxRateRecord>> {
  const currency = input.currency.trim().toUpperCase();
  try {
    currencyExponent(currency);
  } catch {
    throw new UserError("unsupported_currency", `${input.currency} is not a currency this store can price in.`, 400, "currency");
  }
  const [settings] = await tx.select({ base: storeSettingsTable.baseCurrency }).from(storeSettingsTable).where(eq(storeSettingsTable.id, "store"));
  if (settings?.base === currency) throw new UserError("base_currency_rate", `${currency} is the base currency: its rate is always 1.`, 400, "currency");
  if (!RATE_RE.test(input.rate.trim()) || !/[1-9]/.test(input.rate)) {
    throw new UserError("invalid_rate", "Give the rate as a positive decimal number of units per one unit of the base currency, e.g. 0.9200.", 400, "rate");
  }
  const day = input.effectiveOn;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new UserError("invalid_date", "Give the effective date as YYYY-MM-DD.", 400, "effectiveOn");
  }
  const [old] = await tx.select().from(fxRatesTable).where(and(eq(fxRatesTable.currency, currency), eq(fxRatesTable.effectiveOn, day)));
  const rate = input.rate.trim();
  const [row] = await tx
    .insert(fxRatesTable)
    .values({ currency, rate, effectiveOn: day, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [fxRatesTable.currency, fxRatesTable.effectiveOn], set: { rate, updatedAt: new Date() } })
    .returning();
  const all = await listFxRates(tx);
  const find = (r: { currency: string; effectiveOn: string }) => all.find((x) => x.currency === r.currency && x.effectiveOn === r.effectiveOn)!;
  return { before: old ? { ...find(old), rate: old.rate, updatedAt: old.updatedAt.toISOString() } : null, after: find(row!) };
}

// ---------------------------------------------------------------------------------------------
// Store settings

export interface StoreSettingsRecord {
  name: string;
  baseCurrency: string;
  defaultMarket: string;
  mailFromName: string | null;
  mailFromAddress: string | null;
  mailReplyTo: string | null;
  postalAddress: string | null;
}

export interface StoreSettingsPatch {
  name?: string;
  baseCurrency?: string;
  defaultMarket?: string;
  mailFromName?: string | null;
  mailFromAddress?: string | null;
  mailReplyTo?: string | null;
  postalAddress?: string | null;
}

export async function loadStoreSettings(db?: Db): Promise<StoreSettingsRecord> {
  const d = db ?? (await getDb());
  const [s] = await d.select().from(storeSettingsTable).where(eq(storeSettingsTable.id, "store"));
  if (!s) throw new UserError("store_not_found", "The store has not been created yet.", 404);
  return { name: s.name, baseCurrency: s.baseCurrency, defaultMarket: s.defaultMarket, mailFromName: s.mailFromName, mailFromAddress: s.mailFromAddress, mailReplyTo: s.mailReplyTo, postalAddress: s.postalAddress };
}

// A display name goes into a header: no line breaks (header injection), no angle brackets.
const DISPLAY_NAME_RE = /^[^\r\n<>]{1,80}$/;

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || !v.trim() ? null : v.trim());

/** Changes the store's settings. The base currency cannot change here (see the admin page for why). */
export async function updateStoreSettings(tx: Db, patch: StoreSettingsPatch): Promise<Change<StoreSettingsRecord>> {
  const before = await loadStoreSettings(tx);
  const set: Partial<typeof storeSettingsTable.$inferInsert> = {};
  if (patch.baseCurrency !== undefined && patch.baseCurrency !== before.baseCurrency) {
    throw new UserError(
      "base_currency_locked",
      "The base currency cannot be changed here: every base price, compare-at price and FX rate is stated in it and would have to be re-entered.",
      409,
      "baseCurrency",
    );
  }
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name || name.length > 80) throw new UserError("invalid_name", "Give the store a name of 1 to 80 characters.", 400, "name");
    set.name = name;
  }
  if (patch.defaultMarket !== undefined && patch.defaultMarket !== before.defaultMarket) {
    const [m] = await tx.select({ enabled: marketsTable.enabled }).from(marketsTable).where(eq(marketsTable.handle, patch.defaultMarket));
    if (!m?.enabled) throw new UserError("unknown_market", `${patch.defaultMarket} is not an enabled market.`, 400, "defaultMarket");
    set.defaultMarket = patch.defaultMarket;
  }
  const fromName = blankToNull(patch.mailFromName);
  if (fromName !== undefined) {
    if (fromName !== null && !DISPLAY_NAME_RE.test(fromName)) throw new UserError("invalid_sender_name", "Use 1 to 80 characters, without line breaks or angle brackets.", 400, "mailFromName");
    set.mailFromName = fromName;
  }
  for (const field of ["mailFromAddress", "mailReplyTo"] as const) {
    const value = blankToNull(patch[field]);
    if (value === undefined) continue;
    if (value !== null && !isEmail(value)) throw new UserError("invalid_email", "Enter an email address such as orders@example.com.", 400, field);
    set[field] = value === null ? null : value.toLowerCase();
  }
  const postal = blankToNull(patch.postalAddress);
  if (postal !== undefined) {
    if (postal !== null && (postal.length > 300 || /[<>]/.test(postal))) throw new UserError("invalid_postal_address", "Use up to 300 characters, without angle brackets.", 400, "postalAddress");
    set.postalAddress = postal === null ? null : postal.replace(/\r\n?/g, "\n");
  }
  const fromAddress = set.mailFromAddress !== undefined ? set.mailFromAddress : before.mailFromAddress;
  const name = set.mailFromName !== undefined ? set.mailFromName : before.mailFromName;
  if (name && !fromAddress) throw new UserError("sender_address_required", "A sender name needs a sender address.", 400, "mailFromAddress");
  if (Object.keys(set).length) await tx.update(storeSettingsTable).set({ ...set, updatedAt: new Date() }).where(eq(storeSettingsTable.id, "store"));
  return { before, after: await loadStoreSettings(tx) };
}
