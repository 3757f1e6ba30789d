import type { ContactUtm } from "~db/schema/contacts";
import { readCookie } from "~/lib/cookies";

/** The first visit that carried UTM parameters: kept in a first-party cookie until a sign-up or order reads it. */
export interface FirstTouch {
  utm: ContactUtm;
  landingPage: string;
}

const COOKIE = "harbor_first_touch";
const KEYS = ["source", "medium", "campaign", "term", "content"] as const;
const MAX_AGE_DAYS = 90;

function utmOf(url: URL): ContactUtm | null {
  const utm: ContactUtm = {};
  for (const key of KEYS) {
    const value = url.searchParams.get(`utm_${key}`)?.trim();
    if (value) utm[key] = value.slice(0, 200);
  }
  return Object.keys(utm).length ? utm : null;
}

/**
 * The Set-Cookie for a page request that carries utm_* parameters when no first touch is kept yet;
 * null otherwise (a later campaign visit never replaces the first).
 */
export function firstTouchCookie(request: Request): string | null {
  if (request.method !== "GET" || readCookie(request.headers.get("cookie"), COOKIE)) return null;
  const url = new URL(request.url);
  const utm = utmOf(url);
  if (!utm) return null;
  const value: FirstTouch = { utm, landingPage: `${url.pathname}${url.search}`.slice(0, 500) };
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return `${COOKIE}=${encodeURIComponent(JSON.stringify(value))}; Path=/; Max-Age=${MAX_AGE_DAYS * 86_400}; SameSite=Lax; HttpOnly${secure}`;
}

/** The kept first touch, or null (no cookie, or one that is not ours). */
export function readFirstTouch(cookieHeader: string | null): FirstTouch | null {
  const raw = readCookie(cookieHeader, COOKIE);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<FirstTouch>;
    if (typeof parsed.landingPage !== "string" || !parsed.utm || typeof parsed.utm !== "object") return null;
    const utm: ContactUtm = {};
    for (const key of KEYS) {
      const v = (parsed.utm as Record<string, unknown>)[key];
      if (typeof v === "string") utm[key] = v.slice(0, 200);
    }
    return { utm, landingPage: parsed.landingPage.slice(0, 500) };
  } catch {
    return null;
  }
}
