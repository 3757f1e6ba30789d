import { enforceRateLimits, newsletterSignUpLimits } from "../ratelimit/ratelimit.server";
import { subscribe, type SubscribeInput } from "./consent.server";

/**
 * A sign-up from the open web (footer, popup, the Storefront API): counted per IP first, so a bot
 * gets 429; a filled-in honeypot is taken like any sign-up but does nothing, so the bot learns nothing.
 */
export async function acceptSignUp(input: SubscribeInput & { ip: string; honeypot?: string | null }): Promise<void> {
  await enforceRateLimits(newsletterSignUpLimits(input.ip));
  if (input.honeypot) return;
  await subscribe(input);
}
