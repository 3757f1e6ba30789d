import { Greeting, Paragraph, Title } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";

/** A member reached a higher tier (never sent for the first calculation or a downgrade: ADR 0012). */
export type TierChangeData = {
  name?: string | null;
  /** The new tier's name in the recipient's language. */
  tierName: string;
  /** Points multiplier, decimal string. */
  multiplier: string;
  discountBps: number;
  /** In the recipient's market currency; null = the market's usual rule. */
  freeShippingOver: EmailMoney | null;
  earlyAccess: boolean;
  /** Path of the Rewards page in the recipient's market, e.g. /de-de/rewards. */
  rewardsPath: string;
};

function tierChangeSubject(data: TierChangeData, ctx: EmailContext): string {
  return ctx.t("tierChange.subject", { tier: data.tierName });
}

function TierChange({ data, language, intlLocale }: TemplateProps<TierChangeData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const benefits = [
    Number(data.multiplier) > 1 ? t("tierChange.multiplier", { multiplier: data.multiplier }) : null,
    data.discountBps > 0 ? t("tierChange.discount", { percent: ctx.percent(data.discountBps) }) : null,
    data.freeShippingOver ? t("tierChange.freeShipping", { amount: ctx.money(data.freeShippingOver) }) : null,
    data.earlyAccess ? t("tierChange.earlyAccess") : null,
  ].filter((b): b is string => b !== null);
  return (
    <EmailLayout ctx={ctx} preview={t("tierChange.preview", { tier: data.tierName })} reason="loyalty">
      <Title ctx={ctx}>{t("tierChange.heading", { tier: data.tierName })}</Title>
      <Greeting ctx={ctx} name={data.name} />
      <Paragraph ctx={ctx}>{t("tierChange.intro", { tier: data.tierName, brand: t("common.brand") })}</Paragraph>
      {benefits.length ? <Paragraph ctx={ctx}>{t("tierChange.benefitsIntro")}</Paragraph> : null}
      {benefits.map((b) => (
        <Paragraph key={b} ctx={ctx}>
          • {b}
        </Paragraph>
      ))}
      <Paragraph ctx={ctx} muted>
        {t("tierChange.rewardsPage", { path: data.rewardsPath })}
      </Paragraph>
    </EmailLayout>
  );
}

const Template = Object.assign(TierChange, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { name: "Anna", tierName: "Gold", multiplier: "1.5", discountBps: 1000, freeShippingOver: { amount: "5000", currency: "EUR" }, earlyAccess: true, rewardsPath: "/de-de/rewards" },
  } satisfies TemplateProps<TierChangeData>,
});

export const subject = tierChangeSubject;
export default Template;
