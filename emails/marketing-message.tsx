import type { TemplateProps } from "./components/layout";
import { MarketingMessage, marketingMessageSubject, type MarketingMessageData } from "./marketing-parts";

const Template = Object.assign(MarketingMessage, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: {
      subject: "Neu: Teeschalen aus Arita",
      heading: "Neu eingetroffen",
      paragraphs: ["Handgefertigte Teeschalen aus Arita, in drei Glasuren."],
      button: { label: "Ansehen", url: "https://shop.example.com/de-de" },
      footer: { postalAddress: "Kiln & Loom GmbH\nHafenstraße 1\n20457 Hamburg", unsubscribeUrl: "https://shop.example.com/unsubscribe/x", preferencesUrl: "https://shop.example.com/de-de/account/preferences" },
    },
  } satisfies TemplateProps<MarketingMessageData>,
});

export const subject = marketingMessageSubject;
export default Template;
