import { convertMinor, crossConvert, divRound, parseRate } from "~/lib/money";
import { loadPricedVariants } from "../catalog/priced-variants.server";
import { allocate } from "../discounts/discounts";
import { discountCodeSource } from "../discounts/discounts.server";
import { getAvailability, getLocations } from "../inventory/inventory.server";
import { allocateLines, rankLocations } from "../inventory/allocation";
import { locationsServing, type LocationLanes } from "../inventory/delivery";
import type { Market } from "../markets/markets";
import { getStoreConfig } from "../markets/markets.server";
import { paymentGranularity } from "../payments/stripe-amount";
import { adjustmentSources, registerAdjustmentSource, type Adjustment, type AdjustmentProblem } from "../pricing/adjustments";
import { defaultShippingQuote, quoteShipping, type ShippingQuote } from "../shipping/shipping";
import { getShippingRates } from "../shipping/shipping.server";
import { getTaxProvider, getTaxSettings } from "../tax/provider.server";
import type { TaxRegime, TaxResult } from "../tax/tax";
import type { CartLineRow, CartRow } from "./cart.server";
import { getCartLines, marketOfCart } from "./cart.server";
import { releasedForCart } from "./early-access.server";

registerAdjustmentSource(discountCodeSource);

interface PricedLine {
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
  /** The location the line is expected to ship from (null when no location can), and its tax rule. */
  shipFrom: { locationId: string; country: string } | null;
  taxRegime: TaxRegime;
}

interface CartTotals {
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
  /** Every method the cart can use, priced as the checkout charges it: without VAT that is not collected (DDU). */
  shippingQuotes: ShippingQuote[];
  /** The chosen method, one of `shippingQuotes` (null until one is chosen). */
  shipping: ShippingQuote | null;
  /** The option checkout pre-selects, whose delivery the product page and cart promise. */
  defaultShipping: ShippingQuote | null;
  tax: TaxResult;
  totals: CartTotals;
  baseCurrency: string;
  fxRate: string;
  baseTotal: bigint;
}

/** `available` counts the stock of every location that ships to `country`: what reserveStock can take. */
async function loadLines(cart: CartRow, market: Market, lines: CartLineRow[], locations: LocationLanes[], country: string): Promise<PricedLine[]> {
  if (!lines.length) return [];
  const variantIds = lines.map((l) => l.variantId);
  const [variants, stock] = await Promise.all([loadPricedVariants(market, variantIds), getAvailability(variantIds)]);
  // Checked again at every pricing, so an unreleased product never reaches a payment without early access.
  const mayHold = await releasedForCart(cart, [...variants.values()].map((v) => v.releasedAt));
  const serving = new Set(locationsServing(locations, country));
  const out: PricedLine[] = [];
  for (const line of lines) {
    const v = variants.get(line.variantId);
    // A line whose variant vanished or is not priced here is dropped from pricing; cart/API report it.
    if (!v || v.status !== "active" || v.price === null || !mayHold(v.releasedAt)) continue;
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
      shipFrom: null,
      taxRegime: "untaxed",
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
  const market = await marketOfCart(cart);
  const config = await getStoreConfig();
  const currency = market.currency;
  const cartLines = await getCartLines(cart.id);
  const locations = await getLocations();
  const lines = await loadLines(cart, market, cartLines, locations, cart.shippingAddress?.country ?? market.country);
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
  // Rate-table prices: in an inclusive market they contain the destination's VAT.
  const quoted = lines.length
    ? quoteShipping({
        market: { handle: market.handle, currency, shipTo: market.shipTo },
        destinationCountry,
        lines: lines.map((l) => ({ lineId: l.id, variantId: l.variantId, quantity: l.quantity, weightGrams: l.weightGrams, stockByLocation: l.stockByLocation })),
        subtotal: remaining,
        rates,
        locations,
        now,
      })
    : [];
  const selected = cart.shippingMethod ? (quoted.find((q) => q.method === cart.shippingMethod) ?? null) : null;
  let shippingAmount = selected?.amount ?? 0n;
  for (const source of adjustmentSources()) {
    if (!source.shippingAdjustments || !selected) continue;
    for (const a of await source.shippingAdjustments({ ...ctx, subtotal: remaining }, shippingAmount)) {
      const amount = a.amount > shippingAmount ? shippingAmount : a.amount;
      if (amount <= 0n) continue;
      adjustments.push({ ...a, amount });
      shippingAmount -= amount;
    }
  }

  // 4. tax and duties, per shipment origin: each line ships from where inventory's allocation (the
  // rule reserveStock applies) takes it; the local method ships from its own warehouse only.
  const locationById = new Map(locations.map((loc) => [loc.id, loc]));
  const stock = new Map(lines.map((l) => [l.variantId, new Map(Object.entries(l.stockByLocation))]));
  const shipFromFor = (quote: ShippingQuote | null) => {
    const origins = quote?.method === "local" && quote.locationId ? [quote.locationId] : rankLocations(locations, destinationCountry);
    const allocation = allocateLines(lines.map((l) => ({ lineId: l.id, variantId: l.variantId, quantity: l.quantity, locations: origins })), stock);
    return lines.map((_, i) => {
      const from = locationById.get(allocation[i]?.parts[0]?.locationId ?? "");
      return from ? { locationId: from.id, country: from.country } : null;
    });
  };
  const settings = await getTaxSettings();
  const taxFor = (shipFrom: PricedLine["shipFrom"][], shippingCharged: bigint) =>
    getTaxProvider().calculate({
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
      lines: lines.map((l, i) => ({ id: l.id, amount: l.amount, quantity: l.quantity, hsCode: l.hsCode, origin: shipFrom[i]?.country ?? null })),
      shipping: shippingCharged,
      convert: (amount, from, to) => crossConvert(amount, from, to, config.fxRates),
      usRegisteredStates: settings.usRegisteredStates,
    });
  const shipFrom = shipFromFor(selected);
  lines.forEach((l, i) => (l.shipFrom = shipFrom[i]!));
  const tax = await taxFor(shipFrom, shippingAmount);

  // VAT that is not collected (DDU) is not shown either. Every shipping option is put on that basis (its
  // price as the checkout would charge it, before shipping discounts), so the option list, the summary's
  // shipping row and the order agree.
  const uncollectedShipping = (t: TaxResult) => t.uncollected.filter((u) => u.lineId === null).reduce((a, u) => a + u.amount, 0n);
  const onChargedBasis = async (amount: bigint, from: PricedLine["shipFrom"][]) =>
    amount > 0n && market.taxDisplay === "inclusive" ? amount - uncollectedShipping(await taxFor(from, amount)) : amount;
  const shippingQuotes = await Promise.all(
    quoted.map(async (q) => {
      const from = q === selected ? shipFrom : shipFromFor(q);
      const amount = await onChargedBasis(q.amount, from);
      const originalAmount = q.originalAmount === q.amount ? amount : await onChargedBasis(q.originalAmount, from);
      return { ...q, amount, originalAmount };
    }),
  );
  const shipping = selected ? shippingQuotes[quoted.indexOf(selected)]! : null;
  const defaultShipping = defaultShippingQuote(shippingQuotes, market.defaultShipping, now);
  shippingAmount -= uncollectedShipping(tax);

  for (const s of tax.shipments) {
    for (const id of s.lineIds) {
      const line = lines.find((l) => l.id === id);
      if (line) line.taxRegime = s.regime;
    }
  }
  for (const u of tax.uncollected) {
    const line = u.lineId === null ? undefined : lines.find((l) => l.id === u.lineId);
    if (line) withoutUncollectedTax(line, u.amount);
  }
  const shippingShown = shipping?.amount ?? 0n;

  // 5. payment rounding (e.g. KWD is charged in multiples of 10 fils), taken off the lines so that the
  // order lines still add up to the order total
  let total = lines.reduce((a, l) => a + l.amount, 0n) + shippingAmount + tax.added;
  const step = paymentGranularity(currency);
  const rounding = step > 1n ? total % step : 0n;
  if (rounding > 0n) {
    adjustments.push({ source: "payment_rounding", target: "lines", amount: rounding });
    const parts = allocate(rounding, lines.map((l) => l.amount));
    lines.forEach((l, i) => {
      l.discount += parts[i]!;
      l.amount -= parts[i]!;
    });
    total -= rounding;
  }
  const shownSubtotal = lines.reduce((a, l) => a + l.subtotal, 0n);
  const shownLineDiscount = lines.reduce((a, l) => a + l.discount, 0n);
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
    defaultShipping,
    tax,
    totals: {
      subtotal: shownSubtotal,
      discounts: shownLineDiscount + (shipping ? shippingShown - shippingAmount : 0n),
      shipping: shippingShown,
      tax: taxOnly,
      duties: tax.duties,
      total,
    },
    baseCurrency: config.baseCurrency,
    fxRate: rate,
    baseTotal,
  };
}

/** Shows a line without tax that is not collected; unit price and subtotal scale with the amount. */
function withoutUncollectedTax(line: PricedLine, uncollected: bigint): void {
  if (line.amount <= 0n) return;
  const net = line.amount - uncollected;
  const scale = (v: bigint) => divRound(v * net, line.amount);
  line.unitPrice = scale(line.unitPrice);
  line.subtotal = line.discount === 0n ? net : scale(line.subtotal);
  line.discount = line.subtotal - net;
  line.amount = net;
}

/** 1 / rate as a decimal string with 10 places (base units per one presentment unit). */
function invertRate(rate: string): string {
  const scaled = parseRate(rate);
  const inv = (10n ** 20n + scaled / 2n) / scaled;
  const s = inv.toString().padStart(11, "0");
  return `${s.slice(0, -10)}.${s.slice(-10)}`;
}
