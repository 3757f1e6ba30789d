/**
 * The listing compliance check run before a product is published: claims that consumer-protection
 * law and marketplace listing policies forbid or require proof for, in every shipped language, and
 * the fields a customs declaration cannot do without. Pure: the caller passes the store's word-list
 * overrides (store settings, markets module).
 *
 * Claim kinds and the rules behind them:
 * - superlative ("best", "#1", "number one"): an objective ranking claim the seller must be able to
 *   prove. EU: Directive 2005/29/EC (Unfair Commercial Practices) Art. 6(1)(b), misleading as to the
 *   product's main characteristics; US: FTC Act §5 (15 U.S.C. §45) with the FTC Policy Statement
 *   Regarding Advertising Substantiation (1984); Japan: Act against Unjustifiable Premiums and
 *   Misleading Representations (景品表示法) Art. 5(i), which the CAA applies to "No.1" and "日本一".
 * - absolute ("guaranteed", "100% safe", "risk-free"): Directive 2005/29/EC Annex I point 10
 *   (presenting a right consumers have in law, such as the legal guarantee, as a distinctive feature
 *   of the offer) and Art. 6(1)(b) for safety promises; FTC Guides for the Advertising of Warranties
 *   and Guarantees (16 CFR Part 239): a "guarantee" must disclose its terms.
 * - medical ("cures", "heals"): Directive 2005/29/EC Annex I point 17 (falsely claiming that a
 *   product can cure illnesses, dysfunction or malformations: unfair in all circumstances);
 *   Regulation (EC) 1924/2006 Art. 10(1) (health claims on food only when authorised and listed)
 *   and Regulation (EU) 1169/2011 Art. 7(3) (food may not be said to prevent, treat or cure a human
 *   disease); US: FTC Act §5 and §12 (15 U.S.C. §52, false advertisements of food, drugs, devices,
 *   cosmetics); Japan: 医薬品医療機器等法 (PMD Act) Art. 66 and 68 (no efficacy claims for
 *   non-medicines).
 */
import { z } from "zod";
import type { Lang } from "./catalog-input";

const CLAIM_KINDS = ["superlative", "absolute", "medical"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export type ClaimTerms = Record<Lang, Record<ClaimKind, readonly string[]>>;

/**
 * Default word lists per language. Latin-script and Arabic terms match whole words only (so
 * "bestellen" is not "beste"); Japanese terms match anywhere (no spaces between words). Inflected
 * forms are listed because a whole-word match does not stem.
 */
export const DEFAULT_CLAIM_TERMS: ClaimTerms = {
  en: {
    superlative: ["best", "#1", "no. 1", "number one", "world's best", "best-selling", "unbeatable", "miracle"],
    absolute: ["guaranteed", "guarantee", "100% safe", "completely safe", "risk-free", "risk free"],
    medical: ["cure", "cures", "cured of", "heal", "heals", "healing", "remedy for", "treats disease", "prevents disease"],
  },
  de: {
    superlative: ["beste", "bester", "bestes", "besten", "nr. 1", "nummer 1", "nummer eins", "testsieger", "unschlagbar", "wundermittel"],
    absolute: ["garantiert", "100% sicher", "absolut sicher", "völlig sicher", "risikofrei", "ohne risiko"],
    medical: ["heilt", "heilen", "heilend", "heilwirkung", "heilung", "kuriert", "gegen krankheiten"],
  },
  fr: {
    superlative: ["le meilleur", "la meilleure", "les meilleurs", "les meilleures", "n°1", "n° 1", "numéro 1", "numéro un", "imbattable", "miracle"],
    absolute: ["garanti", "garantis", "100% sûr", "100% sans risque", "sans aucun risque", "totalement sûr"],
    medical: ["guérit", "guérir", "guérison", "guérissent", "soigne les", "traite les maladies"],
  },
  es: {
    superlative: ["el mejor", "la mejor", "los mejores", "las mejores", "n.º 1", "nº 1", "número 1", "número uno", "insuperable", "milagroso"],
    absolute: ["garantizado", "garantizada", "garantizados", "100% seguro", "100% segura", "sin riesgo", "sin riesgos"],
    medical: ["cura", "curan", "curar", "curativo", "curativa", "sana las", "trata enfermedades"],
  },
  pt: {
    superlative: ["o melhor", "a melhor", "os melhores", "as melhores", "nº 1", "número 1", "número um", "imbatível", "milagroso"],
    absolute: ["garantido", "garantida", "garantidos", "100% seguro", "100% segura", "sem risco", "sem riscos"],
    medical: ["cura", "curam", "curar", "curativo", "curativa", "trata doenças"],
  },
  ja: {
    superlative: ["最高", "最強", "最上級", "日本一", "世界一", "no.1", "ナンバーワン", "ナンバー1", "業界一"],
    absolute: ["絶対", "保証", "100%安全", "完全無欠", "安全性100%"],
    medical: ["治る", "治す", "治療", "完治", "病気が治", "効能"],
  },
  ar: {
    superlative: ["أفضل", "رقم 1", "رقم واحد", "الأول عالميا", "لا يضاهى"],
    absolute: ["مضمون", "مضمونة", "آمن 100%", "آمن تماما", "بدون مخاطر"],
    medical: ["يشفي", "تشفي", "شفاء", "يعالج", "تعالج", "علاج"],
  },
};

/** The store's replacements: a list given for a language and kind replaces that default list. */
export const ClaimTermOverridesSchema = z
  .partialRecord(
    z.enum(["en", "fr", "de", "es", "ja", "pt", "ar"]),
    z.partialRecord(z.enum(CLAIM_KINDS), z.array(z.string().trim().min(1).max(80)).max(200)),
  )
  .default({});
export type ClaimTermOverrides = z.output<typeof ClaimTermOverridesSchema>;

export function claimTermsWith(overrides: ClaimTermOverrides | null | undefined): ClaimTerms {
  const terms = structuredClone(DEFAULT_CLAIM_TERMS) as Record<Lang, Record<ClaimKind, string[]>>;
  for (const [lang, kinds] of Object.entries(overrides ?? {}) as [Lang, Partial<Record<ClaimKind, string[]>>][]) {
    for (const [kind, list] of Object.entries(kinds) as [ClaimKind, string[]][]) terms[lang][kind] = list;
  }
  return terms;
}

// Scripts that separate words with spaces: a term whose edge is one of these letters (or a digit)
// must not continue into another such letter. Han and kana have no word separators.
const SPACED = String.raw`\p{sc=Latin}\p{sc=Arabic}\p{sc=Greek}\p{sc=Cyrillic}\p{N}`;
const FOLDABLE_RUN = new RegExp(`[${SPACED}][${SPACED}\\p{M}]*`, "gu");
const SPACED_CHAR = new RegExp(`[${SPACED}]`, "u");

/**
 * Case and diacritics folding: NFKC (full-width "ＮＯ．１" → "NO.1"), accents stripped from Latin
 * and Arabic runs only (Japanese voiced marks carry meaning), lower case, ß → ss, Arabic letter
 * variants unified (alef forms, alef maqsura, ta marbuta, tatweel), whitespace collapsed.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(FOLDABLE_RUN, (run) => run.normalize("NFKD").replace(/\p{M}/gu, ""))
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/\u0640/g, "")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, " ");
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Arabic attaches conjunctions, prepositions and the article to the next word (و ف ب ل ك ال).
const ARABIC_PROCLITICS = "(?:[وف])?(?:[بلك])?(?:ال|ل)?";

function termPattern(term: string): RegExp | null {
  const folded = foldText(term).trim();
  if (!folded) return null;
  // A space in a term matches any run of spaces, and "100%" also "100 %" (French typography).
  const parts = folded.split(" ");
  let body = "";
  for (const [i, part] of parts.entries()) {
    if (i > 0) {
      // "no. 1" also matches "No.1": spaces next to punctuation or digits are optional.
      const joint = /[\p{L}]$/u.test(parts[i - 1]!) && /^[\p{L}]/u.test(part);
      body += joint ? "\\s+" : "\\s*";
    }
    body += escape(part).replace(/%/g, "\\s?%");
  }
  const first = folded[0]!;
  const last = folded[folded.length - 1]!;
  const arabic = /\p{sc=Arabic}/u.test(first) ? ARABIC_PROCLITICS : "";
  const before = SPACED_CHAR.test(first) ? `(?<![${SPACED}])` : "";
  const after = SPACED_CHAR.test(last) ? `(?![${SPACED}])` : "";
  return new RegExp(`${before}${arabic}${body}${after}`, "u");
}

/** One finding: `field` names the input path, e.g. `translations.de.description` or `hsCode`. */
export interface ListingWarning {
  field: string;
  code: string;
  message: string;
}

export interface ListingForCheck {
  hsCode?: string | null;
  countryOfOrigin?: string | null;
  translations: Partial<Record<Lang, { title: string; description: string; seoTitle?: string | null; seoDescription?: string | null }>>;
  variants: readonly { sku: string; weightGrams: number }[];
}

const TEXT_FIELDS = ["title", "description", "seoTitle", "seoDescription"] as const;

const CLAIM_MESSAGES: Record<ClaimKind, (term: string) => string> = {
  superlative: (t) =>
    `"${t}" is a superlative claim: remove it or keep proof ready (EU Directive 2005/29/EC Art. 6, FTC Act §5 substantiation); marketplaces reject unproven rankings.`,
  absolute: (t) =>
    `"${t}" is an absolute promise: remove it or state the guarantee's terms (EU Directive 2005/29/EC Annex I point 10, FTC 16 CFR Part 239).`,
  medical: (t) =>
    `"${t}" is a medical claim: a product may not be said to cure or heal unless it is an authorised medicine (EU Directive 2005/29/EC Annex I point 17, Regulation (EC) 1924/2006, FTC Act §§5, 12).`,
};

/** Latin-script scripts a term is matched in; a compiled list per call keeps overrides simple. */
function compile(terms: ClaimTerms): Map<Lang, { kind: ClaimKind; term: string; re: RegExp }[]> {
  const out = new Map<Lang, { kind: ClaimKind; term: string; re: RegExp }[]>();
  for (const [lang, kinds] of Object.entries(terms) as [Lang, Record<ClaimKind, readonly string[]>][]) {
    const list: { kind: ClaimKind; term: string; re: RegExp }[] = [];
    for (const kind of CLAIM_KINDS) {
      for (const term of kinds[kind]) {
        const re = termPattern(term);
        if (re) list.push({ kind, term, re });
      }
    }
    out.set(lang, list);
  }
  return out;
}

/** Claims found in one text with one language's list: kind and the term (as listed) that matched. */
export function findClaims(text: string, lang: Lang, terms: ClaimTerms = DEFAULT_CLAIM_TERMS): { kind: ClaimKind; term: string }[] {
  const folded = foldText(text);
  return (compile(terms).get(lang) ?? []).filter((c) => c.re.test(folded)).map(({ kind, term }) => ({ kind, term }));
}

// HS codes: the WCO Harmonized System fixes 6 digits worldwide; national tariffs add up to 4
// (EU CN 8, US HTS 10). EU ICS2 requires at least the 6-digit code on every consignment.
const HS_CODE_RE = /^\d{6}(\d{2}){0,2}$/;
// ISO 3166-1 alpha-2: customs declarations (CN22/CN23, EU UCC Art. 59-61, 19 CFR 134) name the
// country of origin, not a region.
const COUNTRY_RE = /^[A-Z]{2}$/;

/**
 * Warnings for a listing: claims in each translation (checked with that language's list) and the
 * customs fields an international shipment needs (HS code, country of origin, weight per variant).
 */
export function checkListing(listing: ListingForCheck, terms: ClaimTerms = DEFAULT_CLAIM_TERMS): ListingWarning[] {
  const warnings: ListingWarning[] = [];
  const compiled = compile(terms);
  for (const [lang, t] of Object.entries(listing.translations) as [Lang, NonNullable<ListingForCheck["translations"][Lang]>][]) {
    if (!t) continue;
    for (const field of TEXT_FIELDS) {
      const text = t[field];
      if (!text) continue;
      const folded = foldText(text);
      const seen = new Set<string>();
      for (const c of compiled.get(lang) ?? []) {
        if (seen.has(c.kind) || !c.re.test(folded)) continue;
        seen.add(c.kind);
        warnings.push({ field: `translations.${lang}.${field}`, code: `${c.kind}_claim`, message: CLAIM_MESSAGES[c.kind](c.term) });
      }
    }
  }

  const hs = listing.hsCode?.replace(/[\s.]/g, "") ?? "";
  if (!hs) {
    warnings.push({ field: "hsCode", code: "missing_hs_code", message: "Add the HS code (at least 6 digits): customs declarations need it to classify the goods." });
  } else if (!HS_CODE_RE.test(hs)) {
    warnings.push({ field: "hsCode", code: "invalid_hs_code", message: "An HS code has 6, 8 or 10 digits (e.g. 6912.00 or 691200); check the tariff classification." });
  }
  const origin = listing.countryOfOrigin?.trim() ?? "";
  if (!origin) {
    warnings.push({ field: "countryOfOrigin", code: "missing_country_of_origin", message: "Add the country of origin: customs declarations and duty rates depend on it." });
  } else if (!COUNTRY_RE.test(origin)) {
    warnings.push({ field: "countryOfOrigin", code: "invalid_country_of_origin", message: "Give the country of origin as a two-letter ISO 3166 code, e.g. CN or DE." });
  }
  for (const [i, v] of listing.variants.entries()) {
    if (!(v.weightGrams > 0)) {
      warnings.push({ field: `variants.${i}.weightGrams`, code: "missing_weight", message: `Add the weight of ${v.sku}: customs declarations and shipping rates need it.` });
    }
  }
  return warnings;
}
