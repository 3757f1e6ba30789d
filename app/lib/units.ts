import { numberFormat } from "~/lib/intl";

export type Units = "metric" | "imperial";

function unitFormat(locale: string, unit: string, digits: number) {
  return numberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: digits });
}

export function formatWeight(grams: number, units: Units, locale: string): string {
  if (units === "imperial") {
    const ounces = grams / 28.349523125;
    if (ounces < 16) return unitFormat(locale, "ounce", 1).format(ounces);
    return unitFormat(locale, "pound", 1).format(ounces / 16);
  }
  if (grams < 1000) return unitFormat(locale, "gram", 0).format(grams);
  return unitFormat(locale, "kilogram", 2).format(grams / 1000);
}

export function formatDimensions(mm: [number, number, number], units: Units, locale: string): string {
  const unit = units === "imperial" ? "inch" : "centimeter";
  const factor = units === "imperial" ? 25.4 : 10;
  const num = numberFormat(locale, { maximumFractionDigits: 1 });
  const parts = mm.map((v) => num.format(v / factor));
  const last = unitFormat(locale, unit, 1).format(mm[2] / factor);
  return `${parts[0]} × ${parts[1]} × ${last}`;
}
