import { Link, Section } from "@react-email/components";
import { ActionButton, AddressBlock, Greeting, LineItems, Paragraph, SubTitle, SummaryRow, Title, type EmailAddress, type EmailLine } from "./components/blocks";
import { colors, EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";

export type ShippingConfirmationData = {
  orderNumber: string;
  customerName?: string | null;
  /** Carrier's display name, e.g. "DHL Express". */
  carrier: string;
  trackingNumber: string;
  /** The carrier's tracking page (absolute URL). */
  trackingUrl?: string | null;
  /** What is in this shipment (a partial fulfillment lists only its items). */
  lines?: EmailLine[];
  shippingAddress?: EmailAddress | null;
  /** ISO dates of the delivery estimate. */
  deliveryWindow?: { earliest: string; latest: string } | null;
  /** Absolute URL of the order status page. */
  statusUrl?: string | null;
};

export function shippingConfirmationSubject(data: ShippingConfirmationData, ctx: EmailContext): string {
  return ctx.t("shippingConfirmation.subject", { number: data.orderNumber });
}

export default function ShippingConfirmation({ data, language, intlLocale }: TemplateProps<ShippingConfirmationData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const number = data.orderNumber;
  return (
    <EmailLayout ctx={ctx} preview={t("shippingConfirmation.preview", { carrier: data.carrier, tracking: data.trackingNumber })}>
      <Title ctx={ctx}>{t("shippingConfirmation.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("shippingConfirmation.intro", { number })}</Paragraph>

      <Section style={{ margin: "8px 0 16px" }}>
        <SummaryRow ctx={ctx} label={t("shippingConfirmation.carrier")} value={data.carrier} />
        <SummaryRow
          ctx={ctx}
          label={t("shippingConfirmation.tracking")}
          value={
            data.trackingUrl ? (
              <Link href={data.trackingUrl} style={{ color: colors.brand }}>
                {data.trackingNumber}
              </Link>
            ) : (
              data.trackingNumber
            )
          }
        />
        {data.deliveryWindow ? (
          <SummaryRow ctx={ctx} label={t("common.estimatedDelivery")} value={ctx.dateRange(data.deliveryWindow.earliest, data.deliveryWindow.latest)} />
        ) : null}
      </Section>

      {data.trackingUrl ? (
        <ActionButton ctx={ctx} href={data.trackingUrl}>
          {t("shippingConfirmation.button")}
        </ActionButton>
      ) : null}

      {data.lines?.length ? (
        <>
          <SubTitle ctx={ctx}>{t("shippingConfirmation.inShipment")}</SubTitle>
          <LineItems ctx={ctx} lines={data.lines} />
        </>
      ) : null}

      {data.shippingAddress ? (
        <>
          <SubTitle ctx={ctx}>{t("common.shippingAddress")}</SubTitle>
          <AddressBlock ctx={ctx} address={data.shippingAddress} />
        </>
      ) : null}

      {data.statusUrl && !data.trackingUrl ? (
        <ActionButton ctx={ctx} href={data.statusUrl}>
          {t("shippingConfirmation.viewOrder")}
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}

ShippingConfirmation.PreviewProps = {
  language: "fr",
  intlLocale: "fr-FR",
  data: {
    orderNumber: "1001",
    customerName: "Camille",
    carrier: "DHL Express",
    trackingNumber: "JD014600006281230000",
    trackingUrl: "https://www.dhl.com/track?id=JD014600006281230000",
    lines: [{ title: "Théière céladon", variantTitle: "600 ml", quantity: 1 }],
    shippingAddress: { name: "Camille Martin", line1: "12 rue de la Paix", city: "Paris", postalCode: "75002", country: "FR" },
    deliveryWindow: { earliest: "2025-03-04", latest: "2025-03-06" },
    statusUrl: "https://shop.example.com/fr-fr/orders/ord_123?token=abc",
  },
} satisfies TemplateProps<ShippingConfirmationData>;
