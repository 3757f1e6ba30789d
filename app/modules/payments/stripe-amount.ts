/**
 * Harbor minor units (ISO 4217 exponents, bigint) ⇄ Stripe `amount` integers.
 *
 * Stripe reads `amount` in "the currency's minor unit", which is the ISO 4217 minor unit except for
 * a few documented cases (docs.stripe.com/currencies, "Zero-decimal currencies" and "Special cases"):
 *
 * - Zero-decimal (JPY, KRW, VND, CLP, …): sent as-is — ¥80 is `80`, not `8000`.
 * - Two-decimal (EUR, USD, …): sent as-is — €59.00 is `5900`.
 * - Three-decimal (BHD, JOD, KWD, OMR, TND): sent in thousandths, but the last digit must be `0`
 *   — KWD 12.340 is `12340`; KWD 12.345 cannot be charged. Checkout rounds totals to
 *   {@link paymentGranularity} before paying; {@link toStripeAmount} throws rather than round.
 * - ISK (and UGX): zero-decimal in ISO 4217, but Stripe keeps them two-decimal for backwards
 *   compatibility, "where the decimal amount is always 00" — 5 ISK is `500`.
 * - MGA: two-decimal in ISO 4217, zero-decimal at Stripe.
 */
import { currencyExponent } from "~/lib/money";

/** Thrown when an amount cannot be represented as a Stripe `amount` (or read back from one). */
export class StripeAmountError extends Error {
  override name = "StripeAmountError";
}

/** Stripe's three-decimal currencies: thousandths on the wire, last digit always 0. */
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

/** Where Stripe's wire exponent differs from ISO 4217 (see the file comment). */
const STRIPE_EXPONENT_OVERRIDES: Readonly<Record<string, number>> = { ISK: 2, UGX: 2, MGA: 0 };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function normalize(currency: string): string {
  return currency.trim().toUpperCase();
}

function exponents(currency: string): { iso: number; stripe: number } {
  const code = normalize(currency);
  const iso = currencyExponent(code); // throws for currencies Harbor does not know
  const override = STRIPE_EXPONENT_OVERRIDES[code];
  if (override !== undefined) return { iso, stripe: override };
  if (iso === 3 && !THREE_DECIMAL.has(code)) {
    // Stripe documents only the five above as three-decimal; don't guess for others.
    throw new StripeAmountError(`${code} has 3 decimals in ISO 4217 but is not a documented Stripe three-decimal currency`);
  }
  return { iso, stripe: iso };
}

/**
 * The step (in Harbor minor units) an amount must be a multiple of to be payable through Stripe:
 * `10n` for the three-decimal currencies (a multiple of 10 fils/baisa/millimes), `1n` otherwise.
 */
export function paymentGranularity(currency: string): bigint {
  const code = normalize(currency);
  if (THREE_DECIMAL.has(code)) return 10n;
  const { iso, stripe } = exponents(code);
  return stripe < iso ? 10n ** BigInt(iso - stripe) : 1n;
}

/** Harbor minor units → the integer Stripe expects in `amount`. Throws rather than round. */
export function toStripeAmount(minor: bigint, currency: string): number {
  const code = normalize(currency);
  if (typeof minor !== "bigint") throw new StripeAmountError("toStripeAmount expects bigint minor units");
  if (minor < 0n) throw new StripeAmountError(`Stripe amounts cannot be negative (got ${minor} ${code})`);
  const { iso, stripe } = exponents(code);
  const step = paymentGranularity(code);
  if (minor % step !== 0n) {
    throw new StripeAmountError(
      THREE_DECIMAL.has(code)
        ? `${code} amount ${minor} (minor units) cannot be sent to Stripe: three-decimal amounts must end in 0 ` +
            `(a multiple of 10 minor units); round the total to paymentGranularity("${code}") = 10 before paying`
        : `${code} amount ${minor} (minor units) cannot be sent to Stripe: it must be a multiple of ${step}`,
    );
  }
  let wire: bigint;
  if (stripe >= iso) wire = minor * 10n ** BigInt(stripe - iso);
  else wire = minor / 10n ** BigInt(iso - stripe);
  if (wire > MAX_SAFE) throw new StripeAmountError(`${code} amount ${minor} is too large for Stripe`);
  return Number(wire);
}

/** A Stripe `amount` integer (as in PaymentIntents, charges, refunds, webhooks) → Harbor minor units. */
export function fromStripeAmount(n: number, currency: string): bigint {
  const code = normalize(currency);
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw new StripeAmountError(`Stripe amount must be an integer, got ${String(n)} (${code})`);
  }
  const { iso, stripe } = exponents(code);
  const wire = BigInt(n);
  if (stripe <= iso) return wire * 10n ** BigInt(iso - stripe);
  const div = 10n ** BigInt(stripe - iso);
  if (wire % div !== 0n) {
    throw new StripeAmountError(`Stripe ${code} amount ${n} has a fraction Harbor cannot represent (expected a multiple of ${div})`);
  }
  return wire / div;
}
