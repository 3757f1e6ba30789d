import type { MessageKey } from "~/lib/i18n";

const CODES = [
  "invalid_form",
  "invalid_name",
  "default_market",
  "unsupported_currency",
  "currency_without_rate",
  "ship_to_required",
  "invalid_country",
  "invalid_rounding_rule",
  "invalid_default_shipping",
  "invalid_amount",
  "threshold_required",
  "base_currency_rate",
  "invalid_rate",
  "invalid_date",
  "base_currency_locked",
  "unknown_market",
  "invalid_sender_name",
  "invalid_email",
  "sender_address_required",
  "invalid_days",
  "bands_required",
  "invalid_weight",
  "invalid_region",
  "invalid_registration_number",
  "duplicate_registration",
  "invalid_postal_address",
] as const;

/** The translated message for a markets/settings write's error code (unknown codes: the generic form message). */
export function settingsErrorKey(code: string): MessageKey {
  const known = (CODES as readonly string[]).includes(code) ? (code as (typeof CODES)[number]) : "invalid_form";
  return `admin.settingsErrors.${known}`;
}
