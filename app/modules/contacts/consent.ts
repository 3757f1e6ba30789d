/** Consent rules shared by the server and the sign-up forms (no database here). */

/** The version of the newsletter consent wording (`newsletter.consentText` in every catalog); bump it when the wording changes. */
export const CONSENT_TEXT_VERSION = 1;

/** The stored wording's id for a language at the current version, e.g. "ctx_email_de_v1"; the forms post it. */
export function consentTextId(language: string): string {
  return `ctx_email_${language}_v${CONSENT_TEXT_VERSION}`;
}

/** The sign-up offer: 10% off the first order, in basis points. */
export const WELCOME_PERCENT_BP = 1000;

/** Where a consent change may come from; imports name their platform, e.g. "import:shopify". */
export const CONSENT_SOURCE_RE = /^(footer|popup|checkout|account|api|admin|email|import:[a-z0-9_-]{1,40})$/;

/** The honeypot field of the sign-up forms: people never see or fill it, form-filling bots do. */
export const HONEYPOT_FIELD = "website";
