import { ActionButton, Greeting, Paragraph, Title } from "./components/blocks";
import { EmailLayout, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";

/** An invitation to the store admin: one single-use link where the invited person sets their password. */
export type StaffInvitationData = {
  /** The invited person's name, when the inviter gave one. */
  name?: string | null;
  /** Who invited them: name, else email. */
  inviter: string;
  role: "owner" | "marketer" | "support" | "catalog";
  /** Absolute URL of /admin/accept-invite with the single-use token. */
  url: string;
  /** How long the link works, in hours. */
  expiresInHours: number;
};

function staffInvitationSubject(_data: StaffInvitationData, ctx: EmailContext): string {
  return ctx.t("staffInvitation.subject", { brand: ctx.t("common.brand") });
}

function StaffInvitation({ data, language, intlLocale }: TemplateProps<StaffInvitationData>) {
  const ctx = createEmailContext(language, intlLocale);
  const { t } = ctx;
  const role = t(`staffInvitation.roles.${data.role}`);
  return (
    <EmailLayout ctx={ctx} preview={t("staffInvitation.preview", { role })} reason="staff" helpValues={{ inviter: data.inviter }}>
      <Title ctx={ctx}>{t("staffInvitation.heading")}</Title>
      <Greeting ctx={ctx} name={data.name} />
      <Paragraph ctx={ctx}>{t("staffInvitation.intro", { inviter: data.inviter, brand: t("common.brand"), role })}</Paragraph>
      <ActionButton ctx={ctx} href={data.url}>
        {t("staffInvitation.button")}
      </ActionButton>
      <Paragraph ctx={ctx} muted>
        {t("account.validHours", { hours: data.expiresInHours })} {t("staffInvitation.notYou")}
      </Paragraph>
    </EmailLayout>
  );
}

const Template = Object.assign(StaffInvitation, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { name: "Jonas", inviter: "Mia Berger", role: "catalog", url: "https://shop.example.com/admin/accept-invite?token=abc123", expiresInHours: 72 },
  } satisfies TemplateProps<StaffInvitationData>,
});

export const subject = staffInvitationSubject;
export default Template;
