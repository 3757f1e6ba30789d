import { z } from "~/lib/zod";
import { parseDecimal } from "~/lib/money";
import { SORT_KEYS, type SortKey } from "./catalog";

export const PAGE_SIZE = 12;

const decimal = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,3})?$/)
  .optional()
  .catch(undefined);

const PageQuery = z.object({
  sort: z.enum(SORT_KEYS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  available: z.literal("1").optional().catch(undefined),
  price_min: decimal,
  price_max: decimal,
  // Control characters (NUL is refused by PostgreSQL) cannot be part of a search; they become spaces.
  q: z
    .string()
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, " ").trim())
    .pipe(z.string().max(200))
    .optional()
    .catch(undefined),
});

export interface ListingQuery {
  sort: SortKey;
  page: number;
  available: boolean;
  priceMin?: bigint;
  priceMax?: bigint;
  options: Record<string, string[]>;
  q?: string;
  raw: { priceMin?: string; priceMax?: string };
}

/** Storefront listing URLs are forgiving: unknown or malformed values fall back to defaults. */
export function parseListingQuery(params: URLSearchParams, currency: string, defaultSort: SortKey): ListingQuery {
  const p = PageQuery.parse(Object.fromEntries(params));
  const options: Record<string, string[]> = {};
  for (const [key, value] of params) {
    const m = /^filter\.([a-z0-9_-]{1,40})$/.exec(key);
    if (m && /^[a-z0-9_-]{1,60}$/.test(value)) (options[m[1]!] ??= []).push(value);
  }
  const money = (v?: string) => {
    if (!v) return undefined;
    try {
      const whole = v.includes(".") ? v : v;
      return parseDecimal(whole, currency);
    } catch {
      // More decimals than the currency has (e.g. "10.5" for JPY): round down to the currency's unit.
      const [i] = v.split(".");
      return parseDecimal(i!, currency);
    }
  };
  return {
    sort: p.sort ?? defaultSort,
    page: p.page,
    available: p.available === "1",
    priceMin: money(p.price_min),
    priceMax: money(p.price_max),
    options,
    q: p.q || undefined,
    raw: { priceMin: p.price_min, priceMax: p.price_max },
  };
}
