import { normalizeEmail } from "~/lib/email";
import { registerComplaintListener } from "../mail/delivery-events.server";
import { readUnsubscribeToken, registerMarketingConsentCheck } from "../mail/marketing.server";
import { suppressEmail } from "../mail/suppressions.server";
import { consentState, unsubscribe, type ConsentContext } from "./consent.server";
import { findContactByEmail, getContact } from "./contacts.server";

/**
 * The unsubscribe link of every marketing email (`/unsubscribe/:token`, RFC 8058) and the consent
 * hooks mail calls: whether a contact may be sent marketing now, and what a complaint withdraws.
 */

/** Where a consent change came from, as recorded on the consent row. */
type UnsubscribeSource = "unsubscribe_link" | "one_click";

/** The contact a genuine link names (for the page's language), or null for a forged or unknown one. */
export async function unsubscribeLinkContact(token: string) {
  const ref = readUnsubscribeToken(token);
  const contact = ref ? await getContact(ref.contactId) : null;
  if (!contact) return null;
  return { id: contact.id, locale: contact.locale, market: contact.market, status: (await consentState(contact.id)).status };
}

/**
 * Withdraws consent for the contact a genuine link names and suppresses the address for marketing.
 * Idempotent: a second request writes no second consent row. False for a forged or unknown link.
 */
export async function unsubscribeWithLink(token: string, source: UnsubscribeSource, ctx: ConsentContext): Promise<boolean> {
  const ref = readUnsubscribeToken(token);
  const contact = ref ? await getContact(ref.contactId) : null;
  if (!contact) return false;
  await unsubscribe(contact.id, { source, ...ctx });
  // An erased contact's address is a placeholder; the erasure already suppressed the real one.
  if (!contact.erasedAt) await suppressEmail(contact.email, { reason: "unsubscribed" });
  return true;
}

/** Registers the marketing consent check and the complaint listener with mail (at startup, like the job handlers). */
export function registerContactsMailHooks(): void {
  registerMarketingConsentCheck(async (contactId, email) => {
    const contact = await getContact(contactId);
    if (!contact || contact.erasedAt || contact.email !== normalizeEmail(email)) return false;
    return (await consentState(contact.id)).status === "subscribed";
  });
  // A complaint (the "report spam" button) is a withdrawal of consent as well as a suppression.
  registerComplaintListener("contacts.unsubscribe", async (email) => {
    const contact = await findContactByEmail(email);
    if (contact) await unsubscribe(contact.id, { source: "complaint" });
  });
}
