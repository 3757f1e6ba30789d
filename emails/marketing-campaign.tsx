import type { TemplateProps } from "./components/layout";
import { CampaignMessage, campaignMessageSubject, type CampaignMessageData } from "./campaign-parts";

const Template = Object.assign(CampaignMessage, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: {
      subject: "Neu: Teeschalen aus Arita",
      preheader: "Drei Glasuren, handgefertigt",
      blocks: [
        { type: "heading", text: "Neu eingetroffen" },
        { type: "text", text: "Handgefertigte Teeschalen aus Arita, in drei Glasuren." },
        { type: "products", items: [{ title: "Teeschale", url: "https://shop.example.com/de-de/products/teeschale", imageUrl: null, price: { amount: "3900", currency: "EUR" } }] },
        { type: "discount", code: "ARITA10" },
        { type: "button", label: "Ansehen", url: "https://shop.example.com/de-de" },
      ],
      footer: { postalAddress: "Kiln & Loom GmbH\nHafenstraße 1\n20457 Hamburg", unsubscribeUrl: "https://shop.example.com/unsubscribe/x", preferencesUrl: "https://shop.example.com/de-de/account/preferences" },
    },
  } satisfies TemplateProps<CampaignMessageData>,
});

export const subject = campaignMessageSubject;
export default Template;
