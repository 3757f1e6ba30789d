import { formatMoney, type Money } from "~/lib/money";
import { useLocale, useT } from "~/lib/i18n";

type Serialized = { amount: bigint | string; currency: string };

function toMoney(m: Serialized): Money {
  return { amount: BigInt(m.amount), currency: m.currency };
}

/** `priorLowest`: shown with a crossed-out compare-at price in EU markets (Directive 98/6/EC art. 6a). */
export function Price({
  price,
  compareAt,
  priorLowest,
  from,
  className = "",
}: {
  price: Serialized;
  compareAt?: Serialized | null;
  priorLowest?: Serialized | null;
  from?: boolean;
  className?: string;
}) {
  const { intlLocale } = useLocale();
  const t = useT();
  const p = toMoney(price);
  const c = compareAt ? toMoney(compareAt) : null;
  const formatted = formatMoney(p, intlLocale);
  return (
    <span className={`inline-flex flex-wrap items-baseline gap-x-2 ${className}`}>
      <span className={c ? "font-semibold text-clay-dark" : "font-semibold"}>{from ? t("price.from", { price: formatted }) : formatted}</span>
      {c && c.amount > p.amount ? (
        <>
          <span className="sr-only">{t("price.regular")}</span>
          <s className="text-sm text-stone-600">{formatMoney(c, intlLocale)}</s>
          {priorLowest ? (
            <span className="basis-full text-xs font-normal text-stone-700" data-testid="prior-lowest">
              {t("price.priorLowest", { price: formatMoney(toMoney(priorLowest), intlLocale) })}
            </span>
          ) : null}
        </>
      ) : null}
    </span>
  );
}
