import { now } from "~/lib/clock.server";
import { readCookie } from "~/lib/cookies";
import { getEnv } from "~/lib/env.server";
import { signExpiring, verifyExpiring } from "~/lib/signing.server";
import { applyDeliveryEvent } from "./delivery-events.server";
import { readClickToken } from "./marketing.server";

/** The last tracked email click: `<message id>.<expiry>.<signature>`; orders are attributed to it later. */
const ATTRIBUTION_COOKIE = "harbor_mclick";
const ATTRIBUTION_PURPOSE = "mail-click-attribution";

/**
 * A tracked link was opened: records the click on its message and answers where to go and the
 * attribution cookie to set. Null for a forged token or one whose target is not the store.
 */
export async function openTrackedLink(token: string, request: Request): Promise<{ url: string; cookie: string } | null> {
  const click = readClickToken(token);
  if (!click) return null;
  await applyDeliveryEvent({ type: "clicked", source: "redirect", outboxEmailId: click.messageId, occurredAt: now(), detail: { link: click.url.slice(0, 2000) } });
  const days = getEnv().mail.attributionDays;
  const value = `${click.messageId}.${signExpiring(ATTRIBUTION_PURPOSE, click.messageId, new Date(now().getTime() + days * 86_400_000))}`;
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return { url: click.url, cookie: `${ATTRIBUTION_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=${days * 86_400}; HttpOnly; SameSite=Lax${secure}` };
}

/** The message of a valid, unexpired attribution cookie (for attributing an order), or null. */
export function attributedMessageId(request: Request): string | null {
  const match = /^(eml_[0-9a-z]{22})\.(.+)$/.exec(readCookie(request.headers.get("cookie"), ATTRIBUTION_COOKIE) ?? "");
  return match && verifyExpiring(ATTRIBUTION_PURPOSE, match[1]!, match[2], now()) ? match[1]! : null;
}
