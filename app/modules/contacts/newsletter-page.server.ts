import { data } from "@remix-run/node";
import { isUserError } from "~/lib/errors";
import { clientIp, readFormData } from "~/lib/http.server";
import { isEmail } from "~/lib/validation";
import { marketDoubleOptIn } from "../markets/markets.server";
import type { Market } from "../markets/markets";
import { CONSENT_SOURCE_RE, HONEYPOT_FIELD } from "./consent";
import { acceptSignUp } from "./signup.server";
import { readFirstTouch } from "./first-touch";

/**
 * The footer's and the popup's POST: the same answer for every address (pending confirmation or
 * subscribed, by the market's rule), 400 for an address that is not one, 429 past the per-IP limit.
 */
export async function newsletterFormAction(request: Request, market: Market) {
  const form = await readFormData(request);
  const email = String(form.get("email") ?? "").trim();
  const doubleOptIn = await marketDoubleOptIn(market.handle);
  if (!isEmail(email)) return data({ ok: false as const, error: { code: "invalid_email", message: "Enter a valid email address." } }, { status: 400 });
  const source = String(form.get("source") ?? "");
  const firstTouch = readFirstTouch(request.headers.get("cookie"));
  try {
    await acceptSignUp({
      email,
      market: market.handle,
      source: CONSENT_SOURCE_RE.test(source) ? source : "footer",
      consentTextId: String(form.get("consentTextId") ?? "") || null,
      honeypot: String(form.get(HONEYPOT_FIELD) ?? ""),
      ip: clientIp(request),
      userAgent: request.headers.get("user-agent"),
      utm: firstTouch?.utm ?? null,
      landingPage: firstTouch?.landingPage ?? null,
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    const headers: Record<string, string> = e.retryAfterSeconds !== undefined ? { "Retry-After": String(Math.ceil(e.retryAfterSeconds)) } : {};
    return data({ ok: false as const, error: { code: e.code, message: e.message } }, { status: e.status, headers });
  }
  return data({ ok: true as const, doubleOptIn });
}
