import { ActionButton, Greeting, Paragraph, Title } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";

/** The account emails: each carries one single-use link that expires. */
export type AccountLinkData = {
  customerName?: string | null;
  /** Absolute URL with the single-use token. */
  url: string;
  /** How long the link works, in minutes. */
  expiresInMinutes: number;
};

/** Someone tried to sign up with an address that already has an account: no link to a new account, only to sign in or reset. */
export type SignUpAttemptData = {
  customerName?: string | null;
  /** Absolute URL of the sign-in page. */
  signInUrl: string;
  /** Absolute URL of the forgot-password page. */
  resetUrl: string;
};

type LinkKind = "verifyEmail" | "passwordReset" | "signInLink";

export function linkTemplate(kind: LinkKind) {
  const subject = (_data: AccountLinkData, ctx: EmailContext) => ctx.t(`account.${kind}.subject`);
  function Template({ data, language, intlLocale }: TemplateProps<AccountLinkData>) {
    const ctx = createEmailContext(language, intlLocale);
    const { t } = ctx;
    const hours = data.expiresInMinutes / 60;
    const validity = Number.isInteger(hours) ? t("account.validHours", { hours }) : t("account.validMinutes", { minutes: data.expiresInMinutes });
    return (
      <EmailLayout ctx={ctx} preview={t(`account.${kind}.preview`)} reason="account">
        <Title ctx={ctx}>{t(`account.${kind}.heading`)}</Title>
        <Greeting ctx={ctx} name={data.customerName} />
        <Paragraph ctx={ctx}>{t(`account.${kind}.intro`)}</Paragraph>
        <ActionButton ctx={ctx} href={data.url}>
          {t(`account.${kind}.button`)}
        </ActionButton>
        <Paragraph ctx={ctx} muted>
          {validity} {t("account.notYou")}
        </Paragraph>
      </EmailLayout>
    );
  }
  return { component: Template, subject };
}

export function signUpAttemptSubject(_data: SignUpAttemptData, ctx: EmailContext): string {
  return ctx.t("account.signUpAttempt.subject");
}

export function SignUpAttempt({ data, language, intlLocale }: TemplateProps<SignUpAttemptData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  return (
    <EmailLayout ctx={ctx} preview={t("account.signUpAttempt.preview")} reason="account">
      <Title ctx={ctx}>{t("account.signUpAttempt.heading")}</Title>
      <Greeting ctx={ctx} name={data.customerName} />
      <Paragraph ctx={ctx}>{t("account.signUpAttempt.intro")}</Paragraph>
      <ActionButton ctx={ctx} href={data.signInUrl}>
        {t("account.signUpAttempt.button")}
      </ActionButton>
      <Paragraph ctx={ctx}>{t("account.signUpAttempt.reset", { url: data.resetUrl })}</Paragraph>
      <Paragraph ctx={ctx} muted>
        {t("account.notYou")}
      </Paragraph>
    </EmailLayout>
  );
}
