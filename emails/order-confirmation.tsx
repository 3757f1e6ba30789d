import { Hr, Section } from "@react-email/components";
import { ActionButton, AddressBlock, Greeting, LineItems, Notice, Paragraph, SubTitle, SummaryRow, Title, type EmailAddress } from "./components/blocks";
import { colors, EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";

export type OrderConfirmationData = {
  /** The human order number, e.g. "1001" (shown as "#1001"). */
  orderNumber: string;
  customerName?: string | null;
  lines: {
    title: string;
    variantTitle?: string | null;
    quantity: number;
    /** What the line costs: quantity × unit price (before order-level discounts), in the same tax mode as the subtotal. */
    price: EmailMoney;
    /** Absolute URL of the product image. */
    imageUrl?: string | null;
  }[];
  subtotal: EmailMoney;
  /** Sum of discounts as a positive amount; shown as a deduction. Omit (or "0") when none. */
  discounts?: EmailMoney | null;
  discountCodes?: string[];
  shipping: EmailMoney;
  /** Tax lines: `included` ones are part of the prices (VAT-inclusive markets), the others are added. */
  taxLines: { name: string; /** basis points: 1900 = 19 % */ rateBp?: number | null; amount: EmailMoney; included: boolean }[];
  /** Import duties collected at checkout (DDP). */
  duties?: EmailMoney | null;
  total: EmailMoney;
  shippingAddress: EmailAddress;
  /** ISO dates of the delivery promised at payment, and the method. */
  deliveryWindow?: { earliest: string; latest: string; method?: string } | null;
  /** Parcels when the order ships from more than one warehouse, each with its own window. */
  shipments?: { shipsFrom: string; earliest: string; latest: string }[];
  /** DDU: import duties and taxes are not collected and may be charged on delivery. */
  dduNotice?: boolean;
  /** DDU: the estimate of import VAT + duties the carrier collects; not part of the total. */
  dueOnDelivery?: EmailMoney | null;
  /** Absolute URL of the order status page (with its access token). */
  statusUrl: string;
};

export function orderConfirmationSubject(data: OrderConfirmationData, ctx: EmailContext): string {
  return ctx.t("orderConfirmation.subject", { number: data.orderNumber });
}

const isZero = (m: EmailMoney | null | undefined) => !m || BigInt(m.amount) === 0n;
const negate = (m: EmailMoney): EmailMoney => ({ amount: (-BigInt(m.amount)).toString(), currency: m.currency });

export default function OrderConfirmation({ data, language, intlLocale }: TemplateProps<OrderConfirmationData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const number = data.orderNumber;
  const taxLabel = (l: OrderConfirmationData["taxLines"][number]) => (l.rateBp ? `${ctx.taxName(l.name)} (${ctx.percent(l.rateBp)})` : ctx.taxName(l.name));
  const added = data.taxLines.filter((l) => !l.included && !isZero(l.amount));
  const included = data.taxLines.filter((l) => l.included && !isZero(l.amount));
  return (
    <EmailLayout ctx={ctx} preview={t("orderConfirmation.preview", { number })}>
      <Title ctx={ctx}>{t("orderConfirmation.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("orderConfirmation.intro", { number })}</Paragraph>

      <SubTitle ctx={ctx}>
        {t("orderConfirmation.summary")} · {t("common.orderNumber", { number })}
      </SubTitle>
      <LineItems ctx={ctx} lines={data.lines} price={(i) => ctx.money(data.lines[i]!.price)} />

      <Section style={{ marginTop: "12px" }}>
        <SummaryRow ctx={ctx} label={t("orderConfirmation.subtotal")} value={ctx.money(data.subtotal)} />
        {!isZero(data.discounts) ? (
          <SummaryRow
            ctx={ctx}
            label={
              data.discountCodes?.length
                ? t("orderConfirmation.discountsWithCodes", { codes: data.discountCodes.join(", ") })
                : t("orderConfirmation.discounts")
            }
            value={ctx.money(negate(data.discounts!))}
          />
        ) : null}
        <SummaryRow
          ctx={ctx}
          label={t("orderConfirmation.shipping")}
          value={isZero(data.shipping) ? t("orderConfirmation.shippingFree") : ctx.money(data.shipping)}
        />
        {added.map((l, i) => (
          <SummaryRow key={`a${i}`} ctx={ctx} label={t("orderConfirmation.taxAdded", { label: taxLabel(l) })} value={ctx.money(l.amount)} />
        ))}
        {!isZero(data.duties) ? <SummaryRow ctx={ctx} label={t("orderConfirmation.duties")} value={ctx.money(data.duties!)} /> : null}
        <Hr style={{ borderColor: colors.rule, margin: "8px 0" }} />
        <SummaryRow ctx={ctx} strong label={t("orderConfirmation.total")} value={ctx.money(data.total)} />
        {included.map((l, i) => (
          <SummaryRow key={`i${i}`} ctx={ctx} muted label={t("orderConfirmation.taxIncluded", { label: taxLabel(l) })} value={ctx.money(l.amount)} />
        ))}
        {/* Below the total: it is paid to the carrier, not to the store. */}
        {!isZero(data.dueOnDelivery) ? (
          <SummaryRow ctx={ctx} muted label={t("orderConfirmation.dueOnDelivery")} value={`≈ ${ctx.money(data.dueOnDelivery!)}`} />
        ) : null}
      </Section>
      {included.length ? (
        <Paragraph ctx={ctx} muted>
          {t("orderConfirmation.taxIncludedNote")}
        </Paragraph>
      ) : null}

      {data.dduNotice ? <Notice ctx={ctx}>{t("orderConfirmation.dduNotice")}</Notice> : null}

      <SubTitle ctx={ctx}>{t("common.shippingAddress")}</SubTitle>
      <AddressBlock ctx={ctx} address={data.shippingAddress} />

      {data.deliveryWindow ? (
        <>
          <SubTitle ctx={ctx}>{t("common.estimatedDelivery")}</SubTitle>
          <Paragraph ctx={ctx}>
            {data.deliveryWindow.method
              ? t("orderConfirmation.deliveryWith", {
                  method: t(`orderConfirmation.shippingMethods.${data.deliveryWindow.method}`),
                  range: ctx.dateRange(data.deliveryWindow.earliest, data.deliveryWindow.latest),
                })
              : ctx.dateRange(data.deliveryWindow.earliest, data.deliveryWindow.latest)}
          </Paragraph>
          {(data.shipments?.length ?? 0) > 1
            ? data.shipments!.map((s, i) => (
                <Paragraph key={i} ctx={ctx} muted>
                  {t("orderConfirmation.parcel", { n: i + 1, count: data.shipments!.length, country: ctx.country(s.shipsFrom), range: ctx.dateRange(s.earliest, s.latest) })}
                </Paragraph>
              ))
            : null}
        </>
      ) : null}

      <ActionButton ctx={ctx} href={data.statusUrl}>
        {t("orderConfirmation.button")}
      </ActionButton>
    </EmailLayout>
  );
}

OrderConfirmation.PreviewProps = {
  language: "en",
  intlLocale: "en-GB",
  data: {
    orderNumber: "1001",
    customerName: "Ada",
    lines: [
      { title: "Celadon teapot", variantTitle: "600 ml", quantity: 1, price: { amount: "4800", currency: "EUR" } },
      { title: "Linen napkins", variantTitle: "Oat · set of 4", quantity: 2, price: { amount: "3000", currency: "EUR" } },
    ],
    subtotal: { amount: "7800", currency: "EUR" },
    discounts: { amount: "780", currency: "EUR" },
    discountCodes: ["WELCOME10"],
    shipping: { amount: "495", currency: "EUR" },
    taxLines: [{ name: "VAT", rateBp: 1900, amount: { amount: "1199", currency: "EUR" }, included: true }],
    duties: null,
    total: { amount: "7515", currency: "EUR" },
    shippingAddress: { name: "Ada Lovelace", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
    deliveryWindow: { earliest: "2025-03-04", latest: "2025-03-08" },
    dduNotice: false,
    statusUrl: "https://shop.example.com/de-de/orders/ord_123?token=abc",
  },
} satisfies TemplateProps<OrderConfirmationData>;
