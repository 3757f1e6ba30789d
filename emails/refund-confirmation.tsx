import { Section } from "@react-email/components";
import { ActionButton, Greeting, LineItems, Paragraph, SubTitle, SummaryRow, Title, type EmailLine } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";

export type RefundConfirmationData = {
  orderNumber: string;
  customerName?: string | null;
  /** This refund. */
  refunded: EmailMoney;
  /** What the order is worth after all refunds so far ("0" after a full refund). */
  remainingTotal: EmailMoney;
  /** Free text shown as given (already in the customer's language), e.g. a return reason. */
  reason?: string | null;
  /** Refunded items, when the refund is for specific lines. */
  lines?: EmailLine[];
  /** Absolute URL of the order status page. */
  statusUrl?: string | null;
};

export function refundConfirmationSubject(data: RefundConfirmationData, ctx: EmailContext): string {
  return ctx.t("refundConfirmation.subject", { number: data.orderNumber });
}

export default function RefundConfirmation({ data, language, intlLocale }: TemplateProps<RefundConfirmationData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const number = data.orderNumber;
  const amount = ctx.money(data.refunded);
  return (
    <EmailLayout ctx={ctx} preview={t("refundConfirmation.preview", { number, amount })}>
      <Title ctx={ctx}>{t("refundConfirmation.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("refundConfirmation.intro", { number, amount })}</Paragraph>

      <Section style={{ margin: "8px 0 16px" }}>
        <SummaryRow ctx={ctx} strong label={t("refundConfirmation.refunded")} value={amount} />
        <SummaryRow ctx={ctx} label={t("refundConfirmation.remaining")} value={ctx.money(data.remainingTotal)} />
        {data.reason ? <SummaryRow ctx={ctx} label={t("refundConfirmation.reason")} value={data.reason} /> : null}
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
          {t("refundConfirmation.button")}
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}

RefundConfirmation.PreviewProps = {
  language: "ar",
  intlLocale: "ar-KW",
  data: {
    orderNumber: "1003",
    customerName: "سارة",
    refunded: { amount: "12500", currency: "KWD" },
    remainingTotal: { amount: "30750", currency: "KWD" },
    lines: [{ title: "إبريق شاي", variantTitle: "600 مل", quantity: 1 }],
    statusUrl: "https://shop.example.com/ar-kw/orders/ord_123?token=abc",
  },
} satisfies TemplateProps<RefundConfirmationData>;
