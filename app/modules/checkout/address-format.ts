/**
 * An address as its country writes it, one string per line, for pages and emails. Layout from
 * @fragaria/address-formatter (OpenCage's address-formatting templates); region codes are written
 * out in the reader's language; the phone is kept apart (it is not part of a postal address).
 */
import * as addressFormatter from "@fragaria/address-formatter";
import type { Address } from "../cart/cart";
import { regionName } from "./address";

// A CommonJS package: Node's ESM loader exposes it as the default export only.
const { format } = (addressFormatter as unknown as { default?: typeof addressFormatter }).default ?? addressFormatter;

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

export function formatAddressLines(a: Address, language: string): string[] {
  const state = a.region ? regionName(a.country, a.region, language) : undefined;
  // The templates write Japan in the Latin order ("Shibuya, Tokyo 150-0001"). An address written in
  // Japanese goes from the largest unit to the smallest, as Japan Post asks: 〒, prefecture + city, street.
  if (a.country === "JP" && CJK.test(`${a.city}${a.line1}${state ?? ""}`)) {
    return [a.postalCode ? `〒${a.postalCode}` : "", `${state ?? ""}${a.city}`, a.line1, a.line2 ?? "", a.name].filter(Boolean);
  }
  const lines = format(
    {
      attention: a.name,
      road: a.line1,
      city: a.city,
      postcode: a.postalCode,
      state,
      stateCode: a.region,
      countryCode: a.country,
    },
    { output: "array" },
  );
  if (a.line2) {
    const at = lines.indexOf(a.line1);
    lines.splice(at < 0 ? lines.length : at + 1, 0, a.line2);
  }
  return lines;
}
