import type { TemplateProps } from "./components/layout";
import { NewsletterConfirm, newsletterConfirmSubject, type NewsletterConfirmData } from "./newsletter-parts";

const Template = Object.assign(NewsletterConfirm, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { url: "https://shop.example.com/de-de/newsletter/confirm?token=abc123", expiresInHours: 72 },
  } satisfies TemplateProps<NewsletterConfirmData>,
});

export const subject = newsletterConfirmSubject;
export default Template;
