import { LANGS, type Lang, type ProductTranslationInput } from "./catalog-input";

const FIELDS = ["title", "handle", "description", "seoTitle", "seoDescription"] as const;
type TranslationField = (typeof FIELDS)[number];
// SEO fields fall back to title and description, so leaving them out is not a gap.
const REQUIRED: readonly TranslationField[] = ["title", "handle", "description"];

export interface TranslationTable {
  languages: readonly Lang[];
  rows: { field: TranslationField; values: Record<Lang, string | null>; missing: Lang[] }[];
  /** Languages with no translation at all (shoppers see the fallback language). */
  untranslated: Lang[];
}

/** A product's translations side by side, one row per field, with the languages missing each one. */
export function productTranslationTable(translations: Partial<Record<Lang, ProductTranslationInput>>): TranslationTable {
  const rows = FIELDS.map((field) => {
    const values = Object.fromEntries(LANGS.map((l) => [l, translations[l]?.[field]?.trim() || null])) as Record<Lang, string | null>;
    return { field, values, missing: REQUIRED.includes(field) ? LANGS.filter((l) => !values[l]) : [] };
  });
  return { languages: LANGS, rows, untranslated: LANGS.filter((l) => !translations[l]) };
}
