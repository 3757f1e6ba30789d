/**
 * Money is an integer count of minor units (bigint) plus an ISO 4217 code. Never a float.
 * Exponents follow ISO 4217 (JPY 0, KWD 3).
 */
import { BoundedMap } from "./bounded-map";
export type Money = { amount: bigint; currency: string };
export type MoneyV2 = { amount: string; currencyCode: string };

const EXPONENTS: Record<string, number> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
  HKD: 2, HUF: 2, IDR: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2,
  NZD: 2, OMR: 3, PHP: 2, PLN: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, USD: 2,
  VND: 0, ZAR: 2,
};

export function currencyExponent(code: string): number {
  const e = EXPONENTS[code];
  if (e === undefined) throw new Error(`Unknown currency ${code}`);
  return e;
}

/** 5900n EUR → "59.00"; 80n JPY → "80"; 12345n KWD → "12.345". */
export function toDecimalString(amount: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  if (exp === 0) return `${negative ? "-" : ""}${abs}`;
  const s = abs.toString().padStart(exp + 1, "0");
  return `${negative ? "-" : ""}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** "59.00" EUR → 5900n. Rejects more decimals than the currency has. */
export function parseDecimal(value: string, currency: string): bigint {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`"${value}" is not a decimal amount`);
  const frac = m[3] ?? "";
  if (frac.length > exp) throw new Error(`${currency} has ${exp} decimal places; got "${value}"`);
  const minor = BigInt(m[2] + frac.padEnd(exp, "0"));
  return m[1] ? -minor : minor;
}

export function toMoneyV2(m: Money): MoneyV2 {
  return { amount: toDecimalString(m.amount, m.currency), currencyCode: m.currency };
}

// Locale × currency: a few dozen in practice; bounded because an API client names the currency.
const formatters = new BoundedMap<string, Intl.NumberFormat>(200);

/** Formats with Intl for the locale, always with the currency's ISO exponent. */
export function formatMoney(m: Money, locale: string): string {
  const key = `${locale}|${m.currency}`;
  let f = formatters.get(key);
  if (!f) {
    const exp = currencyExponent(m.currency);
    f = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: m.currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    formatters.set(key, f);
  }
  // A decimal string keeps exactness (Intl accepts strings as exact decimals).
  return f.format(toDecimalString(m.amount, m.currency) as unknown as number);
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Integer division rounding half away from zero. */
export function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new Error("division by zero");
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

const RATE_SCALE = 10;

/** "1.0850" → 10850000000n with RATE_SCALE decimals. */
export function parseRate(rate: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) throw new Error(`Invalid FX rate "${rate}"`);
  const frac = (m[2] ?? "").slice(0, RATE_SCALE).padEnd(RATE_SCALE, "0");
  return BigInt(m[1] + frac);
}

/**
 * Converts minor units of `from` into minor units of `to`, where `rate` is units of `to` per one unit
 * of `from` (a decimal string). Rounds half away from zero to the target's minor unit.
 */
export function convertMinor(amount: bigint, from: string, to: string, rate: string): bigint {
  if (from === to) return amount;
  const r = parseRate(rate);
  const num = amount * r * pow10(currencyExponent(to));
  const den = pow10(currencyExponent(from)) * pow10(RATE_SCALE);
  return divRound(num, den);
}

export type RoundingRule =
  | { kind: "none" }
  | { kind: "ceil"; step: bigint }
  | { kind: "ending"; ending: bigint };

export function parseRoundingRule(rule: string): RoundingRule {
  if (rule === "none" || rule === "") return { kind: "none" };
  const [kind, value] = rule.split(":");
  if ((kind === "ceil" || kind === "ending") && value && /^\d+$/.test(value)) {
    const v = BigInt(value);
    if (kind === "ceil" && v > 0n) return { kind, step: v };
    if (kind === "ending") return { kind, ending: v };
  }
  throw new Error(`Invalid rounding rule "${rule}" (use none, ceil:<minor units> or ending:<minor units>)`);
}

/**
 * Applies a market's charm-pricing rule to a converted price (minor units).
 * ceil:10 on JPY → up to the next ¥10; ending:95 on EUR → up to the next x.95.
 */
export function applyRounding(amount: bigint, rule: RoundingRule, currency: string): bigint {
  if (amount <= 0n) return amount;
  switch (rule.kind) {
    case "none":
      return amount;
    case "ceil":
      return ((amount + rule.step - 1n) / rule.step) * rule.step;
    case "ending": {
      const unit = pow10(currencyExponent(currency));
      const whole = amount / unit;
      let candidate = whole * unit + rule.ending;
      if (candidate < amount) candidate += unit;
      return candidate;
    }
  }
}

/**
 * Converts between two non-base currencies through the base: `rates` map currency → units per one
 * base unit (decimal strings). Half-up rounding to the target's minor unit.
 */
export function crossConvert(amount: bigint, from: string, to: string, rates: Map<string, string>): bigint {
  if (from === to) return amount;
  const rf = rates.get(from);
  const rt = rates.get(to);
  if (!rf || !rt) throw new Error(`No FX rate for ${!rf ? from : to}`);
  const num = amount * parseRate(rt) * pow10(currencyExponent(to));
  const den = parseRate(rf) * pow10(currencyExponent(from));
  return divRound(num, den);
}
