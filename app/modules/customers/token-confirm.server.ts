import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/lib/csrf.server";
import { isUserError } from "~/lib/errors";
import { readFormData, userErrorReply } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { intlLocale } from "~/modules/markets/markets";
import { requireMarket } from "~/modules/markets/storefront.server";
import { signedInRedirect } from "./sessions.server";

/**
 * The pages a single-use emailed link opens (verify the address, sign in with a link). Opening the
 * link (GET) only shows a button; pressing it (POST) consumes the token — mail scanners follow links
 * and must not use the token up.
 */
export async function tokenConfirmLoader({ request, params }: LoaderFunctionArgs, titleKey: MessageKey) {
  const market = await requireMarket(params);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return data(
    { market: market.handle, token, title: createTranslator(market.language, intlLocale(market))(titleKey) },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
}

/** Consumes the posted token and signs the customer in, or answers the refusal (expired, used, rate-limited). */
export async function tokenConfirmAction(
  { request, params }: ActionFunctionArgs,
  consume: (token: string, userAgent: string | null) => Promise<{ session: { token: string; expiresAt: Date }; notice: "verified" | "signedIn" }>,
) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const token = String((await readFormData(request)).get("token") ?? "").slice(0, 200);
  try {
    const { session, notice } = await consume(token, request.headers.get("user-agent"));
    return signedInRedirect(request, session, `/${market.handle}/account?notice=${notice}`);
  } catch (e) {
    if (isUserError(e)) return userErrorReply(e);
    throw e;
  }
}
