import { and, asc, inArray, lte } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { fxRatesTable } from "~db/schema/markets";

/**
 * The FX rate in force on each given UTC day (the latest effective on or before it), as units of the
 * currency per one base unit. Key `${currency}|${day}`; a pair with no rate entered by then is absent.
 */
export async function fxRatesOnDays(pairs: readonly { currency: string; day: string }[], db?: Db): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!pairs.length) return out;
  const currencies = [...new Set(pairs.map((p) => p.currency))];
  const lastDay = pairs.reduce((max, p) => (p.day > max ? p.day : max), pairs[0]!.day);
  const rows = await (db ?? (await getDb()))
    .select({ currency: fxRatesTable.currency, effectiveOn: fxRatesTable.effectiveOn, rate: fxRatesTable.rate })
    .from(fxRatesTable)
    .where(and(inArray(fxRatesTable.currency, currencies), lte(fxRatesTable.effectiveOn, lastDay)))
    .orderBy(asc(fxRatesTable.effectiveOn));
  for (const { currency, day } of pairs) {
    let rate: string | undefined;
    for (const row of rows) if (row.currency === currency && row.effectiveOn <= day) rate = row.rate;
    if (rate) out.set(`${currency}|${day}`, rate);
  }
  return out;
}
