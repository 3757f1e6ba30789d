import { createHash } from "node:crypto";
import { sign, verifySignature } from "~/lib/signing.server";
import { emailLinkOrigin } from "~/lib/http.server";
import { processWide } from "~/lib/process-wide";

/**
 * Marketing mail: the per-recipient unsubscribe token, the RFC 8058 / RFC 2369 headers, the consent
 * check a marketing send must pass, and tracked links.
 */

const UNSUBSCRIBE_PURPOSE = "mail-unsubscribe";
const CLICK_PURPOSE = "mail-click";

interface UnsubscribeRef {
  contactId: string;
  /** The campaign or flow the message belonged to, when known. */
  campaignId?: string | null;
}

/**
 * `<payload>.<signature>`: payload is base64url of `contactId|campaignId`, signed with the app's
 * secret. No expiry: an unsubscribe link in an old email must keep working (RFC 8058 §3.1 requires
 * the URI to identify the recipient, and CAN-SPAM §7704(a)(3) keeps it valid for 30 days at least).
 */
function unsubscribeToken(ref: UnsubscribeRef): string {
  const payload = Buffer.from(`${ref.contactId}|${ref.campaignId ?? ""}`, "utf8").toString("base64url");
  return `${payload}.${sign(UNSUBSCRIBE_PURPOSE, payload)}`;
}

/** The contact (and campaign) of a genuine token, or null for anything forged, truncated or malformed. */
export function readUnsubscribeToken(token: string | null | undefined): UnsubscribeRef | null {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{20,100})$/.exec(token ?? "");
  if (!match || !verifySignature(UNSUBSCRIBE_PURPOSE, match[1]!, match[2])) return null;
  const [contactId, campaignId] = Buffer.from(match[1]!, "base64url").toString("utf8").split("|");
  return contactId ? { contactId, campaignId: campaignId || null } : null;
}

export function unsubscribeUrl(ref: UnsubscribeRef): string {
  return `${emailLinkOrigin()}/unsubscribe/${unsubscribeToken(ref)}`;
}

/** The domain part of a From value such as `Kiln & Loom <news@kiln.example>`. */
function senderDomain(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf("@") + 1).trim().toLowerCase();
}

/**
 * The headers every marketing message carries: an https URI for one-click unsubscribe
 * (RFC 8058 §3.1: `List-Unsubscribe` with an https URI plus `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click`) and a mailto fallback (RFC 2369 §3.2), both naming the recipient.
 */
export function listUnsubscribeHeaders(ref: UnsubscribeRef, from: string): Record<string, string> {
  const token = unsubscribeToken(ref);
  return {
    "List-Unsubscribe": `<${emailLinkOrigin()}/unsubscribe/${token}>, <mailto:unsubscribe@${senderDomain(from)}?subject=unsubscribe-${token}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/**
 * The outbox id of a message, derived from its idempotency key: known before the message is
 * rendered (its tracked links name it) and the same on every retry, so a retried render is
 * byte-identical.
 */
export function messageIdFor(idempotencyKey: string): string {
  const digest = createHash("sha256").update(idempotencyKey).digest();
  let id = "";
  for (let i = 0; i < 22; i++) id += "0123456789abcdefghjkmnpqrstvwxyz"[digest[i]! % 32];
  return `eml_${id}`;
}

// ------------------------------------------------------------------------------ consent check

/** Whether a contact may get marketing mail at this address now (registered by contacts, which owns consent). */
type MarketingConsentCheck = (contactId: string, email: string) => Promise<boolean>;
const consentCheck = processWide<{ check: MarketingConsentCheck | null }>("mail.marketing-consent", () => ({ check: null }));

export function registerMarketingConsentCheck(check: MarketingConsentCheck): void {
  consentCheck.check = check;
}

/** Without a registered check nothing is sent: a marketing send fails closed. */
export async function marketingConsentGiven(contactId: string, email: string): Promise<boolean> {
  return consentCheck.check ? consentCheck.check(contactId, email) : false;
}

// ------------------------------------------------------------------------------ tracked links

/** A link is tracked only when it leads to the store itself: the redirect can never send anyone elsewhere. */
export function isTrackableUrl(url: string): boolean {
  try {
    const target = new URL(url);
    return target.origin === new URL(emailLinkOrigin()).origin && (target.protocol === "https:" || target.protocol === "http:");
  } catch {
    return false;
  }
}

/** `/c/<payload>.<signature>`: the payload names the message and the target URL. */
export function trackedUrl(messageId: string, url: string): string {
  if (!isTrackableUrl(url)) throw new Error(`Only links to the store can be tracked: ${url}`);
  const payload = Buffer.from(JSON.stringify([messageId, url]), "utf8").toString("base64url");
  return `${emailLinkOrigin()}/c/${payload}.${sign(CLICK_PURPOSE, payload)}`;
}

/** The message and target of a genuine tracked link whose target is still the store's; null otherwise. */
export function readClickToken(token: string | null | undefined): { messageId: string; url: string } | null {
  const match = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{20,100})$/.exec(token ?? "");
  if (!match || !verifySignature(CLICK_PURPOSE, match[1]!, match[2])) return null;
  try {
    const [messageId, url] = JSON.parse(Buffer.from(match[1]!, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof messageId !== "string" || typeof url !== "string" || !isTrackableUrl(url)) return null;
    return { messageId, url };
  } catch {
    return null;
  }
}
