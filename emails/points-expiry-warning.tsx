import { ActionButton, Greeting, Paragraph, Title } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";

/** Points about to expire for inactivity (the loyalty daily job, warningDays before). */
export type PointsExpiryWarningData = {
  customerName?: string | null;
  points: number;
  /** ISO date-time the points expire at. */
  expiresAt: string;
  /** Absolute URL of the shopper's rewards page. */
  url: string;
};

export function pointsExpiryWarningSubject(data: PointsExpiryWarningData, ctx: EmailContext): string {
  return ctx.t("pointsExpiry.subject", { points: data.points });
}

function PointsExpiryWarning({ data, language, intlLocale }: TemplateProps<PointsExpiryWarningData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const date = ctx.date(data.expiresAt);
  return (
    <EmailLayout ctx={ctx} preview={t("pointsExpiry.preview", { points: data.points, date })} reason="account">
      <Title ctx={ctx}>{t("pointsExpiry.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("pointsExpiry.intro", { points: data.points, date })}</Paragraph>
      <ActionButton ctx={ctx} href={data.url}>
        {t("pointsExpiry.button")}
      </ActionButton>
    </EmailLayout>
  );
}

const Template = Object.assign(PointsExpiryWarning, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { customerName: "Anna", points: 420, expiresAt: "2027-03-01T00:00:00.000Z", url: "https://shop.example.com/de-de/account/rewards" },
  } satisfies TemplateProps<PointsExpiryWarningData>,
});

export default Template;
