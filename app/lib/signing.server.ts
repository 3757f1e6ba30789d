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
