/**
 * The admin's view and edits of shipping rates. A rate's free-shipping threshold either follows its
 * market's (`freeOverFromMarket`: the market's amount is copied onto it whenever it changes, so quotes
 * read one column) or is the rate's own override (null = never free). Writes run in the caller's
 * transaction and return the rate before and after; the caller drops the rate cache after commit.
 */
import { and, asc, eq } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { shippingRatesTable, type WeightBand } from "~db/schema/shipping";
import { UserError } from "~/lib/errors";
import { parseDecimal, toDecimalString } from "~/lib/money";
import type { ShippingMethodCode } from "./shipping";

type RateRow = typeof shippingRatesTable.$inferSelect;

/** A rate as the admin shows and edits it; amounts as decimal strings of the market's currency. */
export interface ShippingRateRecord {
  id: string;
  market: string;
  currency: string;
  method: ShippingMethodCode;
  enabled: boolean;
  minDays: number;
  maxDays: number;
  bands: { upToGrams: number | null; amount: string }[];
  /** "market": free from the market's threshold; "rate": `freeOver` is this rate's own (null = never free). */
  freeShipping: "market" | "rate";
  freeOver: string | null;
  locationId: string | null;
}

export interface ShippingRateUpdate {
  enabled: boolean;
  minDays: number;
  maxDays: number;
  bands: { upToGrams: number | null; amount: string }[];
  freeShipping: "market" | "rate";
  /** Only with freeShipping "rate": the override (null = never free). */
  freeOver: string | null;
}

function toRecord(r: RateRow, currency: string): ShippingRateRecord {
  return {
    id: r.id,
    market: r.market,
    currency,
    method: r.method,
    enabled: r.enabled,
    minDays: r.minDays,
    maxDays: r.maxDays,
    bands: r.bands.map((b) => ({ upToGrams: b.upToGrams, amount: /^\d+$/.test(b.amount) ? toDecimalString(BigInt(b.amount), currency) : b.amount })),
    freeShipping: r.freeOverFromMarket ? "market" : "rate",
    freeOver: r.freeOver === null ? null : toDecimalString(r.freeOver, currency),
    locationId: r.locationId,
  };
}

/** Every rate (disabled ones included), by market then position; `currencyOf` gives each market's currency. */
export async function listShippingRateRecords(currencyOf: (market: string) => string | undefined, market?: string, db?: Db): Promise<ShippingRateRecord[]> {
  const d = db ?? (await getDb());
  const rows = await d
    .select()
    .from(shippingRatesTable)
    .where(market ? eq(shippingRatesTable.market, market) : undefined)
    .orderBy(asc(shippingRatesTable.market), asc(shippingRatesTable.position), asc(shippingRatesTable.method));
  return rows.flatMap((r) => {
    const currency = currencyOf(r.market);
    return currency ? [toRecord(r, currency)] : [];
  });
}

/** The market a rate belongs to (null when there is no such rate). */
export async function shippingRateMarket(tx: Db, id: string): Promise<string | null> {
  const [row] = await tx.select({ market: shippingRatesTable.market }).from(shippingRatesTable).where(eq(shippingRatesTable.id, id));
  return row?.market ?? null;
}

function amount(value: string, currency: string, field: string): bigint {
  try {
    const v = parseDecimal(value, currency);
    if (v < 0n) throw new Error("negative");
    return v;
  } catch {
    throw new UserError("invalid_amount", `Give an amount in ${currency} such as ${toDecimalString(1490n, currency)}.`, 400, field);
  }
}

/**
 * Replaces a rate's settings. `market` is the rate's market currency and free-shipping threshold
 * (minor units), which a rate following the market takes.
 */
export async function updateShippingRate(tx: Db, id: string, input: ShippingRateUpdate, market: { currency: string; freeShippingOver: bigint | null }): Promise<{ before: ShippingRateRecord; after: ShippingRateRecord }> {
  const [row] = await tx.select().from(shippingRatesTable).where(eq(shippingRatesTable.id, id)).for("update");
  if (!row) throw new UserError("shipping_rate_not_found", `There is no shipping rate ${id}.`, 404);
  const { currency } = market;
  if (!Number.isInteger(input.minDays) || input.minDays < 0 || input.minDays > 120) throw new UserError("invalid_days", "Give 0 to 120 business days.", 400, "minDays");
  if (!Number.isInteger(input.maxDays) || input.maxDays < input.minDays || input.maxDays > 120) {
    throw new UserError("invalid_days", "The latest day must be at least the earliest and at most 120.", 400, "maxDays");
  }
  if (!input.bands.length) throw new UserError("bands_required", "Give at least one weight band.", 400, "bands");
  const bands: WeightBand[] = input.bands.map((b, i) => {
    if (b.upToGrams !== null && (!Number.isInteger(b.upToGrams) || b.upToGrams <= 0)) {
      throw new UserError("invalid_weight", "A band's limit is a positive number of grams, or empty for no limit.", 400, `bands.${i}.upToGrams`);
    }
    return { upToGrams: b.upToGrams, amount: amount(b.amount, currency, `bands.${i}.amount`).toString() };
  });
  const limits = bands.map((b) => b.upToGrams);
  if (limits.filter((l) => l === null).length > 1) throw new UserError("invalid_weight", "Only one band may have no limit.", 400, "bands");
  const closed = limits.filter((l): l is number => l !== null);
  if (new Set(closed).size !== closed.length) throw new UserError("invalid_weight", "Two bands have the same limit.", 400, "bands");
  const followsMarket = input.freeShipping === "market";
  const freeOver = followsMarket ? market.freeShippingOver : input.freeOver === null ? null : amount(input.freeOver, currency, "freeOver");
  const [updated] = await tx
    .update(shippingRatesTable)
    .set({ enabled: input.enabled, minDays: input.minDays, maxDays: input.maxDays, bands, freeOver, freeOverFromMarket: followsMarket })
    .where(eq(shippingRatesTable.id, id))
    .returning();
  return { before: toRecord(row, currency), after: toRecord(updated!, currency) };
}

/** Copies a market's free-shipping threshold onto its rates that follow it (after the market's changes). */
export async function applyMarketFreeShipping(tx: Db, market: string, freeShippingOver: bigint | null): Promise<void> {
  await tx
    .update(shippingRatesTable)
    .set({ freeOver: freeShippingOver })
    .where(and(eq(shippingRatesTable.market, market), eq(shippingRatesTable.freeOverFromMarket, true)));
}
