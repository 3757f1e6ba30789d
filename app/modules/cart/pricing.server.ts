import { convertMinor, crossConvert, parseRate } from "~/lib/money";
import { loadPricedVariants } from "../catalog/priced-variants.server";
import { allocate } from "../discounts/discounts";
import { discountCodeSource } from "../discounts/discounts.server";
import { getAvailability, getLocations } from "../inventory/inventory.server";
import { locationsServing } from "../inventory/delivery";
import type { Market } from "../markets/markets";
import { getMarket, getStoreConfig } from "../markets/markets.server";
import { paymentGranularity } from "../payments/stripe-amount";
import { adjustmentSources, registerAdjustmentSource, type Adjustment, type AdjustmentProblem } from "../pricing/adjustments";
import { quoteShipping, type ShippingQuote } from "../shipping/shipping";
import { getShippingRates } from "../shipping/shipping.server";
import { getTaxProvider, getTaxSettings } from "../tax/provider.server";
import type { TaxResult } from "../tax/tax";
import type { CartLineRow, CartRow } from "./cart.server";
import { getCartLines } from "./cart.server";

registerAdjustmentSource(discountCodeSource);

export interface PricedLine {
  id: string;
  variantId: string;
  productId: string;
  sku: string;
  handle: string;
  title: string;
  variantTitle: string;
  imageUrl: string | null;
  quantity: number;
  unitPrice: bigint;
  subtotal: bigint;
  discount: bigint;
  /** subtotal − discount: what the shopper pays for the line (before exclusive tax). */
  amount: bigint;
  weightGrams: number;
  hsCode: string | null;
  stockByLocation: Record<string, number>;
  available: number;
}

export interface CartTotals {
  subtotal: bigint;
  discounts: bigint;
  shipping: bigint;
  tax: bigint;
  duties: bigint;
  total: bigint;
}

export interface CartPricing {
  cart: CartRow;
  market: Market;
  currency: string;
  lines: PricedLine[];
  /** Lines in the cart, including any no longer sold here (those are left out of `lines`). */
  cartLineCount: number;
  adjustments: Adjustment[];
  problems: AdjustmentProblem[];
  destinationCountry: string;
  shippingQuotes: ShippingQuote[];
  shipping: ShippingQuote | null;
  tax: TaxResult;
  totals: CartTotals;
  baseCurrency: string;
  fxRate: string;
  baseTotal: bigint;
}

/** `available` counts the stock of every location that ships to `country`: what reserveStock can take. */
async function loadLines(market: Market, lines: CartLineRow[], country: string): Promise<PricedLine[]> {
  if (!lines.length) return [];
  const variantIds = lines.map((l) => l.variantId);
  const [variants, locations, stock] = await Promise.all([loadPricedVariants(market, variantIds), getLocations(), getAvailability(variantIds)]);
  const serving = new Set(locationsServing(locations, country));
  const out: PricedLine[] = [];
  for (const line of lines) {
    const v = variants.get(line.variantId);
    // A line whose variant vanished or is not priced here is dropped from pricing; cart/API report it.
    if (!v || v.status !== "active" || v.price === null) continue;
    const byLoc: Record<string, number> = Object.fromEntries([...(stock.get(v.id) ?? new Map<string, number>())].filter(([loc]) => serving.has(loc)));
    const subtotal = v.price * BigInt(line.quantity);
    out.push({
      id: line.id,
      variantId: v.id,
      productId: v.productId,
      sku: v.sku,
      handle: v.handle,
      title: v.title,
      variantTitle: v.variantTitle,
      imageUrl: v.imageUrl,
      quantity: line.quantity,
      unitPrice: v.price,
      subtotal,
      discount: 0n,
      amount: subtotal,
      weightGrams: v.weightGrams,
      hsCode: v.hsCode,
      stockByLocation: byLoc,
      available: Object.values(byLoc).reduce((a, b) => a + b, 0),
    });
  }
  return out;
}

/**
 * Prices a cart on the server from scratch: shelf prices → adjustments → shipping → tax/duties →
 * payment rounding. Nothing from the client is trusted; the same function prices the checkout
 * snapshot that payment and the order are built from.
 */
export async function priceCart(cart: CartRow, now = new Date()): Promise<CartPricing> {
  const market = (await getMarket(cart.market))!;
  const config = await getStoreConfig();
  const currency = market.currency;
  const cartLines = await getCartLines(cart.id);
  const lines = await loadLines(market, cartLines, cart.shippingAddress?.country ?? market.country);
  const subtotal = lines.reduce((a, l) => a + l.subtotal, 0n);

  // 2. line adjustments, in the documented order
  const adjustments: Adjustment[] = [];
  const problems: AdjustmentProblem[] = [];
  const ctx = { market, currency, subtotal, cart, now };
  let remaining = subtotal;
  for (const source of adjustmentSources()) {
    const r = await source.lineAdjustments({ ...ctx, subtotal: remaining });
    for (const a of r.adjustments) {
      const amount = a.amount > remaining ? remaining : a.amount;
      if (amount <= 0n) continue;
      adjustments.push({ ...a, amount });
      remaining -= amount;
    }
    problems.push(...r.problems);
  }
  const lineDiscount = subtotal - remaining;
  const parts = allocate(lineDiscount, lines.map((l) => l.subtotal));
  lines.forEach((l, i) => {
    l.discount = parts[i]!;
    l.amount = l.subtotal - l.discount;
  });

  // 3. shipping on the discounted subtotal
  const destinationCountry = cart.shippingAddress?.country ?? market.country;
  const rates = await getShippingRates(market.handle);
  const shippingQuotes = lines.length
    ? quoteShipping({
        market: { handle: market.handle, currency, shipTo: market.shipTo },
        destinationCountry,
        lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, weightGrams: l.weightGrams, stockByLocation: l.stockByLocation })),
        subtotal: remaining,
        rates,
        now,
      })
    : [];
  const shipping = cart.shippingMethod ? (shippingQuotes.find((q) => q.method === cart.shippingMethod) ?? null) : null;
  let shippingAmount = shipping?.amount ?? 0n;
  for (const source of adjustmentSources()) {
    if (!source.shippingAdjustments || !shipping) continue;
    for (const a of await source.shippingAdjustments({ ...ctx, subtotal: remaining }, shippingAmount)) {
      const amount = a.amount > shippingAmount ? shippingAmount : a.amount;
      if (amount <= 0n) continue;
      adjustments.push({ ...a, amount });
      shippingAmount -= amount;
    }
  }

  // 4. tax and duties
  const settings = await getTaxSettings();
  const tax = await getTaxProvider().calculate({
    currency,
    market: {
      handle: market.handle,
      country: market.country,
      currency,
      taxDisplay: market.taxDisplay,
      dutyMode: market.dutyMode,
      dutyRateBp: market.dutyRateBp,
    },
    destination: { country: destinationCountry, region: cart.shippingAddress?.region ?? null, postalCode: cart.shippingAddress?.postalCode ?? null },
    lines: lines.map((l) => ({ id: l.id, amount: l.amount, quantity: l.quantity, hsCode: l.hsCode })),
    shipping: shippingAmount,
    convert: (amount, from, to) => crossConvert(amount, from, to, config.fxRates),
    usRegisteredStates: settings.usRegisteredStates,
  });

  // 5. payment rounding (e.g. KWD is charged in multiples of 10 fils)
  let total = remaining + shippingAmount + tax.added - tax.removed;
  const step = paymentGranularity(currency);
  const rounding = step > 1n ? total % step : 0n;
  if (rounding > 0n) {
    adjustments.push({ source: "payment_rounding", target: "lines", amount: rounding });
    total -= rounding;
  }
  const taxOnly = tax.taxLines.filter((t) => t.kind === "tax").reduce((a, t) => a + t.amount, 0n);
  const rate = config.fxRates.get(currency) ?? "1";
  const baseTotal = currency === config.baseCurrency ? total : convertMinor(total, currency, config.baseCurrency, invertRate(rate));
  return {
    cart,
    market,
    currency,
    lines,
    cartLineCount: cartLines.length,
    adjustments,
    problems,
    destinationCountry,
    shippingQuotes,
    shipping,
    tax,
    totals: {
      subtotal,
      discounts: lineDiscount + (shipping ? shipping.amount - shippingAmount : 0n) + rounding,
      shipping: shipping?.amount ?? 0n,
      tax: taxOnly,
      duties: tax.duties,
      total,
    },
    baseCurrency: config.baseCurrency,
    fxRate: rate,
    baseTotal,
  };
}

/** 1 / rate as a decimal string with 10 places (base units per one presentment unit). */
function invertRate(rate: string): string {
  const scaled = parseRate(rate);
  const inv = (10n ** 20n + scaled / 2n) / scaled;
  const s = inv.toString().padStart(11, "0");
  return `${s.slice(0, -10)}.${s.slice(-10)}`;
}
