import { Section } from "@react-email/components";
import { ActionButton, Greeting, Paragraph, SummaryRow, Title } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";

const KNOWN_METHODS = ["konbini", "boleto", "bank_transfer"] as const;

export type PaymentPendingData = {
  orderNumber: string;
  customerName?: string | null;
  /** "konbini", "boleto", "bank_transfer"; anything else reads as "the payment method you chose". */
  method: string;
  amount: EmailMoney;
  /** ISO timestamp: pay before this or the order is cancelled. */
  expiresAt?: string | null;
  /** IANA zone to show the expiry in (e.g. "Asia/Tokyo" for Konbini); default UTC. */
  timeZone?: string | null;
  /** Voucher / confirmation number / Boleto line, when there is one. */
  reference?: string | null;
  /** The provider's hosted voucher or instructions page (absolute URL). */
  instructionsUrl?: string | null;
  /** Absolute URL of the order status page. */
  statusUrl?: string | null;
};

export function paymentPendingSubject(data: PaymentPendingData, ctx: EmailContext): string {
  return ctx.t("paymentPending.subject", { number: data.orderNumber });
}

export default function PaymentPending({ data, language, intlLocale }: TemplateProps<PaymentPendingData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const number = data.orderNumber;
  const amount = ctx.money(data.amount);
  const methodKey = (KNOWN_METHODS as readonly string[]).includes(data.method) ? data.method : "other";
  const link = data.instructionsUrl || data.statusUrl;
  return (
    <EmailLayout ctx={ctx} preview={t("paymentPending.preview", { number, amount })}>
      <Title ctx={ctx}>{t("paymentPending.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("paymentPending.intro", { number, method: t(`paymentPending.methods.${methodKey}`) })}</Paragraph>

      <Section style={{ margin: "8px 0 16px" }}>
        <SummaryRow ctx={ctx} strong label={t("paymentPending.amount")} value={amount} />
        {data.expiresAt ? (
          <SummaryRow ctx={ctx} label={t("paymentPending.expires")} value={ctx.dateTime(data.expiresAt, data.timeZone ?? undefined)} />
        ) : null}
        {data.reference ? <SummaryRow ctx={ctx} label={t("paymentPending.reference")} value={data.reference} /> : null}
      </Section>

      <Paragraph ctx={ctx}>{t("paymentPending.instructions")}</Paragraph>
      {data.expiresAt ? (
        <Paragraph ctx={ctx} muted>
          {t("paymentPending.expiryWarning")}
        </Paragraph>
      ) : null}

      {link ? (
        <ActionButton ctx={ctx} href={link}>
          {data.instructionsUrl ? t("paymentPending.button") : t("orderConfirmation.button")}
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}

PaymentPending.PreviewProps = {
  language: "ja",
  intlLocale: "ja-JP",
  data: {
    orderNumber: "1002",
    customerName: "山田",
    method: "konbini",
    amount: { amount: "12800", currency: "JPY" },
    expiresAt: "2025-03-07T14:59:00Z",
    timeZone: "Asia/Tokyo",
    reference: "123-456-7890",
    instructionsUrl: "https://payments.example.com/voucher/abc",
    statusUrl: "https://shop.example.com/ja-jp/orders/ord_123?token=abc",
  },
} satisfies TemplateProps<PaymentPendingData>;
