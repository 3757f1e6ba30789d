import { describe, expect, it } from "vitest";
import { demoMarkets } from "~db/seed/reference";
import type { Market } from "./markets";
import { parseAcceptLanguage, pickMarket } from "./markets.server";

const markets: Market[] = demoMarkets.map((m) => ({
  handle: m.handle,
  name: m.name,
  language: m.language,
  country: m.country,
  currency: m.currency,
  localeFallback: m.localeFallback,
  shipTo: m.shipTo,
  taxDisplay: m.taxDisplay,
  taxLabel: "generic",
  units: m.units,
  roundingRule: m.roundingRule ?? "none",
  dutyMode: m.dutyMode ?? "DDU",
  dutyRateBp: 0,
  defaultShipping: null,
  position: m.position ?? 0,
}));
const config = { markets, byHandle: new Map(markets.map((m) => [m.handle, m])), defaultMarket: "en-us" };
const pick = (input: { cookie?: string; geo?: string; lang?: string }) =>
  pickMarket(config, { cookie: input.cookie ?? null, geoCountry: input.geo ?? null, acceptLanguage: input.lang ?? null }).handle;

describe("market resolution", () => {
  it("remembers the visitor's choice first", () => {
    expect(pick({ cookie: "a=1; harbor_market=ja-jp", geo: "DE", lang: "de-DE" })).toBe("ja-jp");
  });
  it("ignores a remembered market that no longer exists", () => {
    expect(pick({ cookie: "harbor_market=xx-yy", geo: "FR" })).toBe("fr-fr");
  });
  it("uses the geo country, choosing the language among that country's markets", () => {
    expect(pick({ geo: "CA", lang: "fr-CA,fr;q=0.9" })).toBe("fr-ca");
    expect(pick({ geo: "CA", lang: "en" })).toBe("en-ca");
    expect(pick({ geo: "CA" })).toBe("en-ca");
    expect(pick({ geo: "AT", lang: "de-AT" })).toBe("de-de");
    expect(pick({ geo: "IT", lang: "it" })).toBe("en-eu");
    expect(pick({ geo: "kw" })).toBe("ar-kw");
  });
  it("falls back to Accept-Language when the country is not served", () => {
    expect(pick({ geo: "ZZ", lang: "ja,en;q=0.5" })).toBe("ja-jp");
    expect(pick({ lang: "es-MX,es;q=0.8" })).toBe("es-mx");
    expect(pick({ lang: "pt" })).toBe("pt-br");
    expect(pick({ lang: "de-CH" })).toBe("de-de");
    expect(pick({ lang: "sv-SE,de;q=0.3,en;q=0.4" })).toBe("en-us");
  });
  it("defaults to en-us", () => {
    expect(pick({})).toBe("en-us");
    expect(pick({ lang: "zz" })).toBe("en-us");
  });
  it("parses Accept-Language weights", () => {
    expect(parseAcceptLanguage("fr;q=0.5, de-DE, en;q=0.8, *;q=0.1")).toEqual(["de-de", "en", "fr"]);
    expect(parseAcceptLanguage(null)).toEqual([]);
  });
});
