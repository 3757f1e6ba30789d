/** Customer account rules shared by server and browser code. */

export { normalizeEmail } from "../../lib/email";

/** How long the emailed single-use links work. */
export const TOKEN_TTL_MINUTES = {
  "verify-email": 24 * 60,
  "password-reset": 60,
  "sign-in-link": 15,
} as const;

export type CustomerTokenPurpose = keyof typeof TOKEN_TTL_MINUTES;

/** A session (cookie or API access token) lasts this long without being renewed. */
export const SESSION_TTL_DAYS = 30;
