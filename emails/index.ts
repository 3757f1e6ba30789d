import { render } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import type { TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";
import type { AccountLinkData, SignUpAttemptData } from "./account-parts";
import AccountPasswordReset, { subject as accountPasswordResetSubject } from "./account-password-reset";
import AccountSignInLink, { subject as accountSignInLinkSubject } from "./account-sign-in-link";
import AccountSignUpAttempt, { subject as accountSignUpAttemptSubject } from "./account-sign-up-attempt";
import CampaignMessage, { subject as campaignMessageSubject } from "./marketing-campaign";
import type { CampaignMessageData } from "./campaign-parts";
import AccountVerifyEmail, { subject as accountVerifyEmailSubject } from "./account-verify-email";
import MarketingMessage, { subject as marketingMessageSubject } from "./marketing-message";
import type { MarketingMessageData } from "./marketing-parts";
import NewsletterConfirm, { subject as newsletterConfirmSubject } from "./newsletter-confirm";
import type { NewsletterConfirmData, NewsletterWelcomeData } from "./newsletter-parts";
import NewsletterWelcome, { subject as newsletterWelcomeSubject } from "./newsletter-welcome";
import OrderConfirmation, { orderConfirmationSubject, type OrderConfirmationData } from "./order-confirmation";
import PointsExpiryWarning, { pointsExpiryWarningSubject, type PointsExpiryWarningData } from "./points-expiry-warning";
import PaymentPending, { paymentPendingSubject, type PaymentPendingData } from "./payment-pending";
import RefundConfirmation, { PaymentRefunded, refundSubject, type RefundConfirmationData } from "./refund-confirmation";
import ShippingConfirmation, { shippingConfirmationSubject, type ShippingConfirmationData } from "./shipping-confirmation";
import StaffInvitation, { subject as staffInvitationSubject, type StaffInvitationData } from "./staff-invitation";
import TierChange, { subject as tierChangeSubject, type TierChangeData } from "./tier-change";

export type { EmailMoney } from "./i18n";
export type { OrderConfirmationData };

/** Template name → the shape of its `data`. */
export interface EmailTemplateData {
  "order-confirmation": OrderConfirmationData;
  "payment-pending": PaymentPendingData;
  "shipping-confirmation": ShippingConfirmationData;
  "refund-confirmation": RefundConfirmationData;
  "payment-refunded": RefundConfirmationData;
  "account-verify-email": AccountLinkData;
  "account-password-reset": AccountLinkData;
  "account-sign-in-link": AccountLinkData;
  "account-sign-up-attempt": SignUpAttemptData;
  "staff-invitation": StaffInvitationData;
  "newsletter-confirm": NewsletterConfirmData;
  "newsletter-welcome": NewsletterWelcomeData;
  "points-expiry-warning": PointsExpiryWarningData;
  "tier-change": TierChangeData;
  "marketing-message": MarketingMessageData;
  "marketing-campaign": CampaignMessageData;
}
export type EmailTemplateName = keyof EmailTemplateData;

type TemplateDef<D> = { component: ComponentType<TemplateProps<D>>; subject: (data: D, ctx: EmailContext) => string };

export const emailTemplates: { [K in EmailTemplateName]: TemplateDef<EmailTemplateData[K]> } = {
  "order-confirmation": { component: OrderConfirmation, subject: orderConfirmationSubject },
  "payment-pending": { component: PaymentPending, subject: paymentPendingSubject },
  "shipping-confirmation": { component: ShippingConfirmation, subject: shippingConfirmationSubject },
  "refund-confirmation": { component: RefundConfirmation, subject: refundSubject("refund") },
  "payment-refunded": { component: PaymentRefunded, subject: refundSubject("unfulfillable") },
  "account-verify-email": { component: AccountVerifyEmail, subject: accountVerifyEmailSubject },
  "account-password-reset": { component: AccountPasswordReset, subject: accountPasswordResetSubject },
  "account-sign-in-link": { component: AccountSignInLink, subject: accountSignInLinkSubject },
  "account-sign-up-attempt": { component: AccountSignUpAttempt, subject: accountSignUpAttemptSubject },
  "staff-invitation": { component: StaffInvitation, subject: staffInvitationSubject },
  "newsletter-confirm": { component: NewsletterConfirm, subject: newsletterConfirmSubject },
  "newsletter-welcome": { component: NewsletterWelcome, subject: newsletterWelcomeSubject },
  "points-expiry-warning": { component: PointsExpiryWarning, subject: pointsExpiryWarningSubject },
  "tier-change": { component: TierChange, subject: tierChangeSubject },
  "marketing-message": { component: MarketingMessage, subject: marketingMessageSubject },
  "marketing-campaign": { component: CampaignMessage, subject: campaignMessageSubject },
};

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders a template for a language ("de") and an Intl locale ("de-AT"): subject, HTML and plain text. */
export async function renderEmail<K extends EmailTemplateName>(
  template: K,
  data: EmailTemplateData[K],
  locale: { language: string; intlLocale: string },
): Promise<RenderedEmail> {
  const def = emailTemplates[template] as unknown as TemplateDef<EmailTemplateData[K]>;
  if (!def) throw new Error(`Unknown email template "${template}"`);
  const ctx = createEmailContext(locale.language, locale.intlLocale);
  const element = createElement(def.component, { data, language: ctx.language, intlLocale: locale.intlLocale });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: def.subject(data, ctx), html, text };
}
