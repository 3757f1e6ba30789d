import { codeKey, useLocale, useT } from "~/lib/i18n";
import { formatMoney, parseDecimal, type MoneyV2 } from "~/lib/money";

export function MoneyText({ value }: { value: MoneyV2 }) {
  const { intlLocale } = useLocale();
  return <>{formatMoney({ amount: parseDecimal(value.amount, value.currencyCode), currency: value.currencyCode }, intlLocale)}</>;
}

function isZero(m: MoneyV2) {
  return /^-?0(\.0+)?$/.test(m.amount);
}

export interface SummaryCart {
  totals: { subtotal: MoneyV2; discounts: MoneyV2; shipping: MoneyV2; tax: MoneyV2; duties: MoneyV2; total: MoneyV2 };
  taxIncluded: boolean;
  taxLines: { kind: "tax" | "duty"; name: string; jurisdiction: string; rate: string; amount: MoneyV2; included: boolean; appliesTo: string }[];
  notices: { code: string; message: string }[];
  shippingMethod: string | null;
  dueOnDelivery: MoneyV2 | null;
}

/** Totals with tax lines grouped by jurisdiction, and notices (e.g. duties due on delivery). */
export function CartSummary({ cart }: { cart: SummaryCart }) {
  const t = useT();
  const groups = new Map<string, { name: string; rate: string; included: boolean; kind: string; amount: bigint; currency: string }>();
  for (const l of cart.taxLines) {
    const key = `${l.kind}|${l.jurisdiction}|${l.name}|${l.rate}|${l.included}`;
    const g = groups.get(key);
    const amount = parseDecimal(l.amount.amount, l.amount.currencyCode);
    if (g) g.amount += amount;
    else groups.set(key, { name: l.name, rate: l.rate, included: l.included, kind: l.kind, amount, currency: l.amount.currencyCode });
  }
  const { intlLocale } = useLocale();
  return (
    <section className="rounded-lg bg-white p-4 text-sm" aria-labelledby="summary-heading" data-testid="cart-summary">
      <h2 id="summary-heading" className="mb-3 font-semibold">
        {t("cart.summary")}
      </h2>
      <dl className="grid grid-cols-[1fr_auto] gap-y-1.5">
        <dt>{t("cart.subtotal")}</dt>
        <dd className="text-end">
          <MoneyText value={cart.totals.subtotal} />
        </dd>
        {!isZero(cart.totals.discounts) ? (
          <>
            <dt>{t("cart.discounts")}</dt>
            <dd className="text-end text-emerald-800">
              −<MoneyText value={cart.totals.discounts} />
            </dd>
          </>
        ) : null}
        <dt>{t("cart.shipping")}</dt>
        <dd className="text-end">{cart.shippingMethod ? <MoneyText value={cart.totals.shipping} /> : t("cart.shippingLater")}</dd>
        {[...groups.values()].map((g, i) => (
          <div key={i} className="contents" data-testid="tax-line">
            <dt className="text-stone-700">
              {g.kind === "duty" ? t("cart.duties") : g.included ? t("cart.taxIncluded", { name: t(codeKey("taxNames", g.name)), rate: g.rate }) : t("cart.taxAdded", { name: t(codeKey("taxNames", g.name)), rate: g.rate })}
            </dt>
            <dd className="text-end text-stone-700">{formatMoney({ amount: g.amount, currency: g.currency }, intlLocale)}</dd>
          </div>
        ))}
        <dt className="mt-2 border-t border-stone-200 pt-2 text-base font-semibold">{cart.shippingMethod ? t("cart.total") : t("cart.estimatedTotal")}</dt>
        <dd className="mt-2 border-t border-stone-200 pt-2 text-end text-base font-semibold" data-testid="cart-total">
          <MoneyText value={cart.totals.total} />
        </dd>
        {cart.dueOnDelivery ? (
          // Below the total on purpose: it is paid to the carrier, not to us, so it is not one of the rows that add up.
          <>
            <dt className="text-stone-700">{t("cart.dueOnDelivery")}</dt>
            <dd className="text-end text-stone-700" data-testid="due-on-delivery">
              ≈ <MoneyText value={cart.dueOnDelivery} />
            </dd>
          </>
        ) : null}
      </dl>
      {cart.notices.map((n) => (
        <p key={n.code} role="note" className="mt-3 rounded-md bg-amber-50 p-3 text-amber-900" data-testid={`notice-${n.code}`}>
          {n.message}
        </p>
      ))}
    </section>
  );
}
