/** Validators shared by pages, the API, jobs and checkout (client-safe: zod only). */
import { z } from "~/lib/zod";

/** RFC 5321 §4.5.3.1.3: a path (and so a usable address) is at most 254 characters. */
const EMAIL_MAX_LENGTH = 254;

/** The one definition of a valid email address (zod's pattern: a dotted domain with a TLD). */
export const emailSchema = z.email({ error: "must be an email address" }).max(EMAIL_MAX_LENGTH, { error: "must be an email address" });

export function isEmail(value: unknown): value is string {
  return emailSchema.safeParse(value).success;
}
