import { Section } from "@react-email/components";
import { ActionButton, Greeting, LineItems, Paragraph, SubTitle, SummaryRow, Title, type EmailLine } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";

/** A payment arrived after its order was given up and the items had sold out: all of it went back. */
export type PaymentRefundedData = {
  orderNumber: string;
  customerName?: string | null;
  refunded: EmailMoney;
  lines?: EmailLine[];
  /** Absolute URL of the order status page. */
  statusUrl?: string | null;
};

export function paymentRefundedSubject(data: PaymentRefundedData, ctx: EmailContext): string {
  return ctx.t("paymentRefunded.subject", { number: data.orderNumber });
}

export default function PaymentRefunded({ data, language, intlLocale }: TemplateProps<PaymentRefundedData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const number = data.orderNumber;
  const amount = ctx.money(data.refunded);
  return (
    <EmailLayout ctx={ctx} preview={t("paymentRefunded.preview", { number, amount })}>
      <Title ctx={ctx}>{t("paymentRefunded.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("paymentRefunded.intro", { number })}</Paragraph>

      <Section style={{ margin: "8px 0 16px" }}>
        <SummaryRow ctx={ctx} strong label={t("paymentRefunded.refunded")} value={amount} />
      </Section>

      {data.lines?.length ? (
        <>
          <SubTitle ctx={ctx}>{t("common.items")}</SubTitle>
          <LineItems ctx={ctx} lines={data.lines} />
        </>
      ) : null}

      <Paragraph ctx={ctx} muted>
        {t("refundConfirmation.timing")}
      </Paragraph>

      {data.statusUrl ? (
        <ActionButton ctx={ctx} href={data.statusUrl}>
          {t("orderConfirmation.button")}
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}

PaymentRefunded.PreviewProps = {
  language: "de",
  intlLocale: "de-DE",
  data: {
    orderNumber: "1004",
    customerName: "Anna",
    refunded: { amount: "5000", currency: "EUR" },
    lines: [{ title: "Teeschale", variantTitle: "Seladon", quantity: 1 }],
    statusUrl: "https://shop.example.com/de-de/orders/ord_123?token=abc",
  },
} satisfies TemplateProps<PaymentRefundedData>;
