import { ActionButton, Notice, Paragraph, Title } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";
import { MarketingFooterLines, type MarketingFooter } from "./marketing-parts";

/** Double opt-in: one single-use link whose page confirms the sign-up with a button. */
export type NewsletterConfirmData = {
  /** Absolute URL of /{market}/newsletter/confirm with the token. */
  url: string;
  expiresInHours: number;
};

/** After the first confirmed subscription: the single-use welcome code. */
export type NewsletterWelcomeData = {
  code: string;
  /** The code's discount in basis points (1000 = 10%). */
  percentBp: number;
  /** Absolute URL of the market's home page. */
  shopUrl: string;
  /** A welcome offer is marketing: the mail module adds the postal address and unsubscribe links at send time. */
  footer?: MarketingFooter;
};

export function newsletterConfirmSubject(_data: NewsletterConfirmData, ctx: EmailContext): string {
  return ctx.t("newsletter.confirm.subject", { brand: ctx.t("common.brand") });
}

export function NewsletterConfirm({ data, language, intlLocale }: TemplateProps<NewsletterConfirmData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  return (
    <EmailLayout ctx={ctx} preview={t("newsletter.confirm.preview")} reason="newsletter">
      <Title ctx={ctx}>{t("newsletter.confirm.heading")}</Title>
      <Paragraph ctx={ctx}>{t("newsletter.confirm.intro", { brand: t("common.brand") })}</Paragraph>
      <ActionButton ctx={ctx} href={data.url}>
        {t("newsletter.confirm.button")}
      </ActionButton>
      <Paragraph ctx={ctx} muted>
        {t("account.validHours", { hours: data.expiresInHours })} {t("newsletter.confirm.notYou")}
      </Paragraph>
    </EmailLayout>
  );
}

export function newsletterWelcomeSubject(data: NewsletterWelcomeData, ctx: EmailContext): string {
  return ctx.t("newsletter.welcome.subject", { percent: ctx.percent(data.percentBp) });
}

export function NewsletterWelcome({ data, language, intlLocale }: TemplateProps<NewsletterWelcomeData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const percent = ctx.percent(data.percentBp);
  return (
    <EmailLayout ctx={ctx} preview={t("newsletter.welcome.preview", { percent })} reason="newsletter" footerExtra={<MarketingFooterLines ctx={ctx} footer={data.footer} />}>
      <Title ctx={ctx}>{t("newsletter.welcome.heading")}</Title>
      <Paragraph ctx={ctx}>{t("newsletter.welcome.intro", { percent })}</Paragraph>
      <Notice ctx={ctx}>{t("newsletter.welcome.code", { code: data.code })}</Notice>
      <ActionButton ctx={ctx} href={data.shopUrl}>
        {t("newsletter.welcome.button")}
      </ActionButton>
      <Paragraph ctx={ctx} muted>
        {t("newsletter.welcome.once")}
      </Paragraph>
    </EmailLayout>
  );
}
