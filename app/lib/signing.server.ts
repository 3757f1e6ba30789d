import { createHmac, timingSafeEqual } from "node:crypto";

let warned = false;

function secret(): string {
  const s = process.env.SESSION_SECRET;
  if (s && s.length >= 16) return s;
  if (!warned && process.env.NODE_ENV === "production" && !process.env.CI) {
    warned = true;
    console.warn("[harbor] SESSION_SECRET is not set: signed links use a development secret. Set it in production.");
  }
  return "harbor-development-secret-change-me";
}

/** A URL-safe signature of `purpose:value` (e.g. the order status link). */
export function sign(purpose: string, value: string): string {
  return createHmac("sha256", secret()).update(`${purpose}:${value}`).digest("base64url");
}

export function verifySignature(purpose: string, value: string, signature: string | null | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(sign(purpose, value));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
