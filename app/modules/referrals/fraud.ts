/** The self-referral signals, pure: what the referrer and the friend have in common. */
import { canonicalEmail, normalizeEmail } from "~/lib/email";

export type HoldReason = "self_email" | "same_address" | "same_payment" | "same_device" | "ip_daily_limit";
export type IneligibleReason = "existing_customer" | "below_minimum" | "cap_reached";

interface PostalAddress {
  line1: string;
  line2?: string;
  postalCode?: string;
  country: string;
}

/** One key per street address: case, spacing and punctuation do not make a second address. */
function addressKey(a: PostalAddress): string {
  const squash = (s: string | undefined) => (s ?? "").normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  return [a.country.toUpperCase(), squash(a.postalCode), squash(a.line1), squash(a.line2)].join("|");
}

export interface Party {
  email: string;
  addresses: PostalAddress[];
  cardFingerprints: string[];
  devices: string[];
}

export function selfReferralSignals(referrer: Party, friend: Party): HoldReason[] {
  const reasons: HoldReason[] = [];
  const sameEmail = normalizeEmail(referrer.email) === normalizeEmail(friend.email) || canonicalEmail(referrer.email) === canonicalEmail(friend.email);
  if (sameEmail) reasons.push("self_email");
  const theirs = new Set(referrer.addresses.map(addressKey));
  if (friend.addresses.some((a) => theirs.has(addressKey(a)))) reasons.push("same_address");
  if (friend.cardFingerprints.some((f) => referrer.cardFingerprints.includes(f))) reasons.push("same_payment");
  if (friend.devices.some((d) => referrer.devices.includes(d))) reasons.push("same_device");
  return reasons;
}
