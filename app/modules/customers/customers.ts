/** Customer account rules shared by server and browser code. */

/** One account per mailbox: the address as typed, trimmed, NFC-normalized and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** How long the emailed single-use links work. */
export const TOKEN_TTL_MINUTES = {
  "verify-email": 24 * 60,
  "password-reset": 60,
  "sign-in-link": 15,
} as const;

export type CustomerTokenPurpose = keyof typeof TOKEN_TTL_MINUTES;

/** A session (cookie or API access token) lasts this long without being renewed. */
export const SESSION_TTL_DAYS = 30;
