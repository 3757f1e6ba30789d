import type { Market } from "../markets/markets";
import { consentState, subscribe, unsubscribe, type ConsentContext, type ConsentState } from "./consent.server";
import { contactForCustomer, findContactByEmail } from "./contacts.server";

/** The account holder as the consent pages know them (customers' row shape, without importing it). */
interface AccountHolder {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
}

async function accountContact(customer: AccountHolder) {
  return (await contactForCustomer(customer.id)) ?? (await findContactByEmail(customer.email));
}

/** The account's newsletter status for /account/preferences. */
export async function accountConsent(customer: AccountHolder): Promise<ConsentState> {
  const contact = await accountContact(customer);
  return contact ? consentState(contact.id) : { status: "unsubscribed", source: null, since: null };
}

/** The account's one-click subscribe or unsubscribe; a verified account's address needs no confirmation email. */
export async function setAccountConsent(customer: AccountHolder, market: Market, intent: "subscribe" | "unsubscribe", ctx: ConsentContext): Promise<void> {
  if (intent === "subscribe") {
    await subscribe({ email: customer.email, customerId: customer.id, market: market.handle, source: "account", verifiedAddress: customer.emailVerifiedAt !== null, ...ctx });
    return;
  }
  const contact = await accountContact(customer);
  if (contact) await unsubscribe(contact.id, { source: "account", ...ctx });
}
