/**
 * Marketplaces hand sellers relay addresses that forward to the buyer only for the order's own
 * messages; their terms forbid marketing to them (ADR 0018). One list, by domain suffix: a contact
 * with such an address is never mailed marketing.
 */
const RELAY_DOMAINS = [
  // Amazon: <id>@marketplace.amazon.com, .de, .co.uk, .co.jp …
  "marketplace.amazon.",
  // eBay: <id>@members.ebay.com, .de, .co.uk …
  "members.ebay.",
  // AliExpress buyer relay.
  "aliexpress-buyer.com",
  "members.aliexpress.com",
  // TikTok Shop masked buyer addresses.
  "scs.tiktokw.us",
  "tiktokshop-buyer.com",
  // Shopee masked buyer addresses.
  "buyer.shopee.com",
] as const;

export function isRelayAddress(email: string): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return RELAY_DOMAINS.some((d) => (d.endsWith(".") ? domain.startsWith(d) : domain === d || domain.endsWith(`.${d}`)));
}
