import { readFormData } from "~/lib/http.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";
import type { MessageKey } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { regionNames } from "~/lib/intl";
import { switchMarketPath } from "~/modules/catalog/localized-paths.server";
import { LocalizationForm } from "~/modules/markets/localization-form";
import { isUserError } from "~/lib/errors";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { setCartMarket } from "~/modules/cart/cart.server";
import { intlLocale, type Market } from "~/modules/markets/markets";
import { getMarket, getStoreConfig, marketCookie, pickMarket } from "~/modules/markets/markets.server";

/** Switches market from the header form (works without JavaScript) and remembers the choice. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const config = await getStoreConfig();
  // Refusals are worded in the language of the store the shopper came from.
  const from = (await getMarket(String(formData.get("from") ?? ""))) ?? config.byHandle.get(config.defaultMarket) ?? config.markets[0]!;
  const t = createTranslator(from.language, intlLocale(from));
  const submission = parseWithZod(formData, { schema: LocalizationForm });
  if (submission.status !== "success") {
    const messages = Object.values(submission.error ?? {}).flatMap((m) => m ?? []);
    return new Response(messages.map((key) => t(key as MessageKey)).join("\n"), { status: 400 });
  }
  const { country, language } = submission.value;
  const serving = config.markets.some((m) => m.country === country || m.shipTo.includes(country));
  if (!serving) return new Response(t("localization.errors.notServed", { country: regionNames(intlLocale(from)).of(country) ?? country }), { status: 400 });
  const market = pickMarket(config, { cookie: null, geoCountry: country, acceptLanguage: language });
  const redirectTo = submission.value.redirectTo?.startsWith("/") && !submission.value.redirectTo.startsWith("//") ? submission.value.redirectTo : "/";
  const target = await switchMarketPath(redirectTo, market);
  await moveCart(request, market);
  return redirect(target, {
    headers: { "Set-Cookie": marketCookie(market.handle, getEnv().server.production && new URL(request.url).protocol === "https:") },
  });
}

/** The shopper's cart follows the market switch when its items are sold there; otherwise it stays put. */
async function moveCart(request: Request, market: Market): Promise<void> {
  const cart = await cartFromRequest(request);
  if (!cart || cart.status === "completed" || cart.market === market.handle) return;
  try {
    await setCartMarket(cart, market);
  } catch (e) {
    if (!isUserError(e)) throw e;
  }
}

export async function loader() {
  return redirect("/");
}
