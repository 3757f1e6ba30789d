import { toMoneyV2, type MoneyV2 } from "~/lib/money";
import { createTranslator } from "~/lib/i18n.server";
import { intlLocale } from "../markets/markets";
import type { CartPricing } from "./pricing.server";

export interface CartView {
  id: string;
  market: string;
  currencyCode: string;
  status: string;
  email: string | null;
  lines: {
    id: string;
    variantId: string;
    productId: string;
    handle: string;
    sku: string;
    title: string;
    variantTitle: string;
    image: string | null;
    quantity: number;
    quantityAvailable: number;
    unitPrice: MoneyV2;
    subtotal: MoneyV2;
    discount: MoneyV2;
    total: MoneyV2;
  }[];
  discountCodes: { code: string; applicable: boolean; reason: string | null }[];
  shippingAddress: CartPricing["cart"]["shippingAddress"];
  shippingMethods: {
    code: string;
    amount: MoneyV2;
    originalAmount: MoneyV2;
    free: boolean;
    minDays: number;
    maxDays: number;
    earliest: string;
    latest: string;
    shipments: CartShipment[];
  }[];
  shippingMethod: string | null;
  /** The method checkout pre-selects (the market's rule); what the product page promised. */
  defaultShippingMethod: string | null;
  totals: { subtotal: MoneyV2; discounts: MoneyV2; shipping: MoneyV2; tax: MoneyV2; duties: MoneyV2; total: MoneyV2 };
  taxIncluded: boolean;
  taxLines: { kind: "tax" | "duty"; jurisdiction: string; name: string; rate: string; amount: MoneyV2; included: boolean; appliesTo: "line" | "shipping" | "order"; lineId: string | null }[];
  notices: { code: string; message: string }[];
  /** Estimated import VAT and duties the carrier collects on delivery; not part of the total. */
  dueOnDelivery: MoneyV2 | null;
}

interface CartShipment {
  /** ISO country the parcel ships from. */
  shipsFrom: string;
  lines: { lineId: string; quantity: number }[];
  earliest: string;
  latest: string;
}

/** Basis points with at most one decimal → "19" / "9.975" percent string (exact: no float formatting). */
function percent(bp: number): string {
  const thousandths = Math.round(bp * 10);
  const whole = Math.trunc(thousandths / 1000);
  const frac = (thousandths % 1000).toString().padStart(3, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}

export function toCartView(p: CartPricing): CartView {
  const m = (amount: bigint) => toMoneyV2({ amount, currency: p.currency });
  const t = createTranslator(p.market.language, intlLocale(p.market));
  const rejected = new Map(p.problems.filter((x) => x.subject).map((x) => [x.subject!.toUpperCase(), x.reason]));
  return {
    id: p.cart.id,
    market: p.market.handle,
    currencyCode: p.currency,
    status: p.cart.status,
    email: p.cart.email,
    lines: p.lines.map((l) => ({
      id: l.id,
      variantId: l.variantId,
      productId: l.productId,
      handle: l.handle,
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle,
      image: l.imageUrl,
      quantity: l.quantity,
      quantityAvailable: l.available,
      unitPrice: m(l.unitPrice),
      subtotal: m(l.subtotal),
      discount: m(l.discount),
      total: m(l.amount),
    })),
    discountCodes: p.cart.discountCodes.map((code) => ({ code, applicable: !rejected.has(code.toUpperCase()), reason: rejected.get(code.toUpperCase()) ?? null })),
    shippingAddress: p.cart.shippingAddress,
    shippingMethods: p.shippingQuotes.map((q) => ({
      code: q.method,
      amount: m(q.amount),
      originalAmount: m(q.originalAmount),
      free: q.free,
      minDays: q.minDays,
      maxDays: q.maxDays,
      earliest: q.earliest.toISOString(),
      latest: q.latest.toISOString(),
      shipments: q.shipments.map((s) => ({
        shipsFrom: s.country,
        lines: s.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
        earliest: s.earliest.toISOString(),
        latest: s.latest.toISOString(),
      })),
    })),
    shippingMethod: p.shipping?.method ?? null,
    defaultShippingMethod: p.defaultShipping?.method ?? null,
    totals: {
      subtotal: m(p.totals.subtotal),
      discounts: m(p.totals.discounts),
      shipping: m(p.totals.shipping),
      tax: m(p.totals.tax),
      duties: m(p.totals.duties),
      total: m(p.totals.total),
    },
    taxIncluded: p.market.taxDisplay === "inclusive",
    taxLines: p.tax.taxLines.map((x) => ({
      kind: x.kind,
      jurisdiction: x.jurisdiction,
      name: x.name,
      rate: percent(x.rateBp),
      amount: m(x.amount),
      included: x.included,
      appliesTo: x.lineId ? "line" : x.kind === "duty" ? "order" : "shipping",
      lineId: x.lineId,
    })),
    notices: p.tax.notices.map((n) => ({ code: n.code, message: t(`notices.${n.code}`) })),
    dueOnDelivery: p.tax.dueOnDelivery > 0n ? m(p.tax.dueOnDelivery) : null,
  };
}
