import { Section } from "@react-email/components";
import { ActionButton, Greeting, LineItems, Paragraph, SubTitle, SummaryRow, Title, type EmailLine } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";

/**
 * Why the money went back, which decides the wording:
 * - `refund`: staff refunded (part of) an order (template "refund-confirmation");
 * - `unfulfillable`: a payment arrived after its order was given up and the items had sold out, so
 *   all of it went back (template "payment-refunded").
 */
type RefundVariant = "refund" | "unfulfillable";

export type RefundConfirmationData = {
  orderNumber: string;
  customerName?: string | null;
  /** This refund. */
  refunded: EmailMoney;
  /** What the order is worth after all refunds so far ("0" after a full refund); shown when given. */
  remainingTotal?: EmailMoney | null;
  /** Free text shown as given (already in the customer's language), e.g. a return reason. */
  reason?: string | null;
  /** Refunded items, when the refund is for specific lines. */
  lines?: EmailLine[];
  /** Absolute URL of the order status page. */
  statusUrl?: string | null;
};

const MESSAGES: Record<RefundVariant, { prefix: string; button: string }> = {
  refund: { prefix: "refundConfirmation", button: "refundConfirmation.button" },
  unfulfillable: { prefix: "paymentRefunded", button: "orderConfirmation.button" },
};

export function refundSubject(variant: RefundVariant) {
  return (data: RefundConfirmationData, ctx: EmailContext): string => ctx.t(`${MESSAGES[variant].prefix}.subject`, { number: data.orderNumber });
}

export default function RefundConfirmation({ data, language, intlLocale, variant = "refund" }: TemplateProps<RefundConfirmationData> & { variant?: RefundVariant }) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const { prefix, button } = MESSAGES[variant];
  const number = data.orderNumber;
  const amount = ctx.money(data.refunded);
  return (
    <EmailLayout ctx={ctx} preview={t(`${prefix}.preview`, { number, amount })}>
      <Title ctx={ctx}>{t(`${prefix}.heading`)}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t(`${prefix}.intro`, { number, amount })}</Paragraph>

      <Section style={{ margin: "8px 0 16px" }}>
        <SummaryRow ctx={ctx} strong label={t(`${prefix}.refunded`)} value={amount} />
        {data.remainingTotal ? <SummaryRow ctx={ctx} label={t("refundConfirmation.remaining")} value={ctx.money(data.remainingTotal)} /> : null}
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
          {t(button)}
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}

/** The "payment-refunded" template: the same email, worded for a payment that could not be fulfilled. */
export function PaymentRefunded(props: TemplateProps<RefundConfirmationData>) {
  return <RefundConfirmation {...props} variant="unfulfillable" />;
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
