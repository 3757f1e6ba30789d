import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "~/lib/env.server";
import { switchMarketPath } from "~/modules/catalog/localized-paths.server";
import { getStoreConfig, marketCookie, pickMarket } from "~/modules/markets/markets.server";

const LocalizationForm = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, "Choose a country or region"),
  language: z.string().regex(/^[a-z]{2}$/, "Choose a language"),
  from: z.string().optional(),
  redirectTo: z.string().optional(),
});

/** Switches market from the header form (works without JavaScript) and remembers the choice. */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = LocalizationForm.safeParse(form);
  if (!parsed.success) {
    return new Response(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"), { status: 400 });
  }
  const config = await getStoreConfig();
  const { country, language } = parsed.data;
  const serving = config.markets.some((m) => m.country === country || m.shipTo.includes(country));
  if (!serving) return new Response(`We do not ship to ${country} yet.`, { status: 400 });
  const market = pickMarket(config, { cookie: null, geoCountry: country, acceptLanguage: language });
  const redirectTo = parsed.data.redirectTo?.startsWith("/") && !parsed.data.redirectTo.startsWith("//") ? parsed.data.redirectTo : "/";
  const target = await switchMarketPath(redirectTo, market);
  return redirect(target, {
    headers: { "Set-Cookie": marketCookie(market.handle, getEnv().server.production && new URL(request.url).protocol === "https:") },
  });
}

export async function loader() {
  return redirect("/");
}
