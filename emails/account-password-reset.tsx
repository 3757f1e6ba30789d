import type { TemplateProps } from "./components/layout";
import { linkTemplate, type AccountLinkData } from "./account-parts";

const template = linkTemplate("passwordReset");
const Template = Object.assign(template.component, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { customerName: "Anna", url: "https://shop.example.com/de-de/account/reset-password?token=abc123", expiresInMinutes: 60 },
  } satisfies TemplateProps<AccountLinkData>,
});

export const subject = template.subject;
export default Template;
