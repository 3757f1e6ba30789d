import { createHmac, timingSafeEqual } from "node:crypto";
import { getSessionSecret } from "./env.server";

/** A URL-safe signature of `purpose:value` (e.g. the order status link). */
export function sign(purpose: string, value: string): string {
  return createHmac("sha256", getSessionSecret()).update(`${purpose}:${value}`).digest("base64url");
}

export function verifySignature(purpose: string, value: string, signature: string | null | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(sign(purpose, value));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A signature that expires: `<expiry in unix seconds>.<signature of purpose:value.expiry>`. The expiry
 * is inside the signed text, so it cannot be extended without the secret.
 */
export function signExpiring(purpose: string, value: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${exp}.${sign(purpose, `${value}.${exp}`)}`;
}

/** Checks a signExpiring token in constant time (for equal lengths) and that it has not expired. */
export function verifyExpiring(purpose: string, value: string, token: string | null | undefined, now = new Date()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]+)$/.exec(token ?? "");
  if (!match) return false;
  const exp = Number(match[1]);
  const valid = verifySignature(purpose, `${value}.${exp}`, match[2]);
  return valid && exp * 1000 > now.getTime();
}
