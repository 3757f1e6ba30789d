import type { TemplateProps } from "./components/layout";
import { NewsletterWelcome, newsletterWelcomeSubject, type NewsletterWelcomeData } from "./newsletter-parts";

const Template = Object.assign(NewsletterWelcome, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { code: "WELCOME-3F9A1C2B7D4E", percentBp: 1000, shopUrl: "https://shop.example.com/de-de" },
  } satisfies TemplateProps<NewsletterWelcomeData>,
});

export const subject = newsletterWelcomeSubject;
export default Template;
