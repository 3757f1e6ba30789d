import { registerEarlyAccessCheck } from "~/modules/cart/early-access.server";
import { registerCheckoutConsentListener } from "~/modules/contacts/checkout-consent.server";
import { registerConsentListener } from "~/modules/contacts/consent.server";
import { registerContactOrderListener } from "~/modules/contacts/contacts.server";
import { registerContactsMailHooks } from "~/modules/contacts/unsubscribe-link.server";
import { awardSignupBonus } from "~/modules/loyalty/earning.server";
import { registerLoyalty } from "~/modules/loyalty/register.server";
import { registerTiers } from "~/modules/loyalty/tiers.server";
import { registerCheckoutJobs } from "~/modules/checkout/checkout-jobs.server";
import { registerMailJobs } from "~/modules/mail/send-email.server";
import { registerCampaignJobs } from "~/modules/marketing/campaigns.server";
import { registerOrderEmailJobs } from "~/modules/orders/order-emails.server";
import { registerReferralJobs } from "~/modules/referrals/rewards.server";
import { registerSettingsJobs } from "~/modules/settings/settings.server";
import { customerHasEarlyAccess } from "./early-access.server";

/**
 * Registers every job handler this process should run. The web process and `npm run worker` both
 * call it before starting a worker. Each module that owns job kinds exports its register function
 * and is wired here, above the modules: the jobs module itself knows none of its clients.
 */
export function registerAllJobHandlers(): void {
  registerMailJobs();
  registerOrderEmailJobs();
  registerCheckoutJobs();
  registerSettingsJobs();
  // Order listeners (run inside the order's transaction), registered with the same call.
  registerContactOrderListener();
  registerCheckoutConsentListener();
  registerLoyalty();
  // After the contacts listener: a first order's buyer is a contact by then.
  registerTiers();
  registerReferralJobs();
  registerCampaignJobs();
  // A confirmed first subscription earns the sign-up bonus (contacts may not import loyalty).
  // Marketing sends ask contacts for consent; a complaint withdraws it (mail may not import contacts).
  registerContactsMailHooks();
  registerConsentListener("loyalty.signup-bonus", { subscribed: (tx, contact) => awardSignupBonus(tx, contact.id) });
  // Products before their release are for early-access tiers only (cart may not import loyalty).
  registerEarlyAccessCheck(customerHasEarlyAccess);
}
