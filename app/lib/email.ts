/** One contact, account or staff login per mailbox: the address as typed, trimmed, NFC-normalized and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/**
 * Providers that deliver `a.b+tag@` to `ab@`. The canonical form is for fraud checks only (a
 * self-referral with a `+tag` alias); mail always goes to the address as given.
 */
const DOTS_AND_TAGS = new Set(["gmail.com", "googlemail.com"]);
const TAGS_ONLY = new Set(["outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com", "fastmail.com", "proton.me", "protonmail.com", "yahoo.com"]);

export function canonicalEmail(email: string): string {
  const normalized = normalizeEmail(email);
  const at = normalized.lastIndexOf("@");
  if (at < 1) return normalized;
  let local = normalized.slice(0, at);
  let domain = normalized.slice(at + 1);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (DOTS_AND_TAGS.has(domain) || TAGS_ONLY.has(domain)) local = local.split("+")[0]!;
  // Yahoo uses "-" for its disposable aliases.
  if (domain === "yahoo.com") local = local.split("-")[0]!;
  if (DOTS_AND_TAGS.has(domain)) local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}
