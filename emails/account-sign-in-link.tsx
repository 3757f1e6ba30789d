import type { TemplateProps } from "./components/layout";
import { linkTemplate, type AccountLinkData } from "./account-parts";

const template = linkTemplate("signInLink");
const Template = Object.assign(template.component, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { customerName: "Anna", url: "https://shop.example.com/de-de/account/sign-in/link?token=abc123", expiresInMinutes: 15 },
  } satisfies TemplateProps<AccountLinkData>,
});

export const subject = template.subject;
export default Template;
