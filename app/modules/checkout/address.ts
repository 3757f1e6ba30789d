/**
 * Shipping addresses, per country: which fields a form shows (and in what order), the state /
 * province / prefecture lists, and one zod schema per country that validates and normalizes
 * (postal codes to their canonical form, regions to their codes). Shared by server and client:
 * nothing here touches the database.
 *
 * Errors are message KEYS (`address.errors.*`), translated by the UI.
 */
import { BoundedMap } from "~/lib/bounded-map";
import { z } from "~/lib/zod";
import type { Address } from "../cart/cart";
import type { MessageKeyIn } from "~/lib/i18n";
import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { getExampleNumber, isValidPhoneNumber, parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js/min";
import phoneExamples from "libphonenumber-js/mobile/examples";
import { REGION_NAMES } from "./region-names";
import { zipMatchesState } from "./us-zip-prefixes";


type AddressField = "name" | "line1" | "line2" | "city" | "region" | "postalCode" | "country" | "phone";

export const ADDRESS_ERRORS = {
  required: "address.errors.required",
  tooLong: "address.errors.tooLong",
  invalid: "address.errors.invalid",
  countryInvalid: "address.errors.countryInvalid",
  countryNotServed: "address.errors.countryNotServed",
  regionRequired: "address.errors.regionRequired",
  regionInvalid: "address.errors.regionInvalid",
  postalCodeRequired: "address.errors.postalCodeRequired",
  postalCodeInvalid: "address.errors.postalCodeInvalid",
  postalCodeFormat: "address.errors.postalCodeFormat",
  postalCodeRegion: "address.errors.postalCodeRegion",
  phoneInvalid: "address.errors.phoneInvalid",
} as const;
type AddressErrorKey = (typeof ADDRESS_ERRORS)[keyof typeof ADDRESS_ERRORS];
const E = ADDRESS_ERRORS;

const MAX: Record<AddressField, number> = { name: 100, line1: 120, line2: 120, city: 80, region: 80, postalCode: 16, country: 2, phone: 32 };

// ------------------------------------------------------------------------------------------- regions
export interface Region {
  /** ISO 3166-2 code without the country prefix ("CA", "13"). */
  code: string;
  /** The ISO 3166-2 name (English, or the country's own language for BR). */
  name: string;
  /** Names in other languages where they differ, e.g. ja 東京都 (JIS X 0401). */
  names?: Readonly<Record<string, string>>;
}

const REGIONS: Record<string, Region[]> = Object.fromEntries(
  Object.entries(REGION_NAMES).map(([country, rows]) => [country, rows.map(([code, name, names]) => (names ? { code, name, names } : { code, name }))]),
);

/** A region's name in a language, falling back to its ISO 3166-2 name; the code itself when unknown. */
export function regionName(country: string, code: string, language: string): string {
  const region = REGIONS[country.toUpperCase()]?.find((x) => x.code === code);
  return region ? (region.names?.[language] ?? region.name) : code;
}

/** Other spellings people type (and older/postal abbreviations), by country → alias → code. */
const REGION_ALIASES: Record<string, Record<string, string>> = {
  US: { "Washington DC": "DC", "Washington D.C.": "DC" },
  CA: {
    "Colombie-Britannique": "BC", "Nouveau-Brunswick": "NB", "Terre-Neuve-et-Labrador": "NL", Newfoundland: "NL",
    "Nouvelle-Écosse": "NS", "Territoires du Nord-Ouest": "NT", "Île-du-Prince-Édouard": "PE", PEI: "PE", "Yukon Territory": "YT",
  },
  AU: {},
  JP: { "Tokyo Metropolis": "13" },
  BR: {},
  MX: {
    CDMX: "CMX", DF: "CMX", "Distrito Federal": "CMX", "Mexico City": "CMX", México: "MEX", "State of Mexico": "MEX",
    AGS: "AGU", BC: "BCN", CAMP: "CAM", CHIS: "CHP", CHIH: "CHH", COAH: "COA", "Coahuila de Zaragoza": "COA", DGO: "DUR",
    GTO: "GUA", HGO: "HID", MICH: "MIC", "Michoacán de Ocampo": "MIC", NL: "NLE", QRO: "QUE", QROO: "ROO", "Q ROO": "ROO",
    TAMPS: "TAM", TLAX: "TLA", "Veracruz de Ignacio de la Llave": "VER",
  },
};

/** Lower-case, accents and punctuation removed: "Québec" → "quebec", "US-TX" → "ustx", "東京都" stays. */
function fold(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

const regionIndex = new Map<string, Map<string, string>>();
function regionLookup(country: string): Map<string, string> | null {
  const list = REGIONS[country];
  if (!list) return null;
  let index = regionIndex.get(country);
  if (index) return index;
  index = new Map();
  const add = (alias: string, code: string) => {
    const k = fold(alias);
    if (k && !index!.has(k)) index!.set(k, code);
  };
  for (const reg of list) {
    add(reg.code, reg.code);
    add(`${country}-${reg.code}`, reg.code);
    add(reg.name, reg.code);
    for (const local of Object.values(reg.names ?? {})) {
      add(local, reg.code);
      if (country === "JP") add(local.replace(/[都府県]$/, ""), reg.code); // 東京都 → 東京 (北海道 keeps its 道)
    }
    if (country === "JP") {
      add(String(Number(reg.code)), reg.code); // "1" → "01"
      for (const suffix of ["ken", "fu", "to", "prefecture"]) add(`${reg.name}${suffix}`, reg.code); // "Aichi-ken", "Tokyo-to"
    }
  }
  for (const [alias, code] of Object.entries(REGION_ALIASES[country] ?? {})) add(alias, code);
  regionIndex.set(country, index);
  return index;
}

/** The state / province / prefecture list for a country's region select, or null (free text or not used). */
export function regionsFor(country: string): Region[] | null {
  const list = REGIONS[country.trim().toUpperCase()];
  return list ? list.map((x) => ({ ...x })) : null;
}

/** Region choices for a select, named in `language` (東京都 in Japanese, Tokyo elsewhere). */
function regionOptions(country: string, language: string): { code: string; label: string }[] | null {
  return regionsFor(country)?.map((x) => ({ code: x.code, label: x.names?.[language] ?? x.name })) ?? null;
}

/** "California", "ca", "US-CA" → "CA"; "Tokyo", "東京都", "13" → "13". Null when not a region of that country. */
export function normalizeRegion(country: string, value: string): string | null {
  const index = regionLookup(country.trim().toUpperCase());
  if (!index) return null;
  return index.get(fold(value)) ?? null;
}

// -------------------------------------------------------------------------------------- postal codes
type PostalUse = "required" | "optional" | "none";
interface PostalRule {
  use: PostalUse;
  /** Canonical form from the compact form (upper case, no spaces or dashes), or null if invalid. */
  parse: (compact: string) => string | null;
  /** Shown as a format hint. */
  example?: string;
}

const digits = (n: number, format: (d: string) => string = (d) => d) => (c: string) => (new RegExp(`^\\d{${n}}$`).test(c) ? format(c) : null);
const split = (at: number, sep: string) => (d: string) => `${d.slice(0, at)}${sep}${d.slice(at)}`;
const rule = (use: PostalUse, parse: PostalRule["parse"], example?: string): PostalRule => ({ use, parse, example });

const FOUR = rule("required", digits(4), "1010");
const FIVE = rule("required", digits(5), "10115");
const SIX = rule("required", digits(6), "100001");
const THREE_TWO = rule("required", digits(5, split(3, " ")), "114 55");
const NONE = rule("none", () => null);

const CA_RE = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;
const GB_RE = /^(GIR|[A-Z]{1,2}\d[A-Z\d]?)(\d[ABD-HJLNP-UW-Z]{2})$/;
const EIRCODE_RE = /^([AC-FHKNPRTV-Y]\d{2}|D6W)[0-9AC-FHKNPRTV-Y]{4}$/;

const POSTAL: Record<string, PostalRule> = {
  US: rule("required", (c) => (/^\d{5}(\d{4})?$/.test(c) ? (c.length === 9 ? split(5, "-")(c) : c) : null), "10118"),
  CA: rule("required", (c) => (CA_RE.test(c) ? split(3, " ")(c) : null), "K1A 0B1"),
  GB: rule("required", (c) => (GB_RE.test(c) ? split(c.length - 3, " ")(c) : null), "SW1A 1AA"),
  IE: rule("optional", (c) => (EIRCODE_RE.test(c) ? split(3, " ")(c) : null), "D02 X285"),
  JP: rule("required", digits(7, split(3, "-")), "100-0001"),
  BR: rule("required", digits(8, split(5, "-")), "01310-100"),
  PT: rule("required", digits(7, split(4, "-")), "1000-001"),
  PL: rule("required", digits(5, split(2, "-")), "00-950"),
  NL: rule("required", (c) => (/^[1-9]\d{3}[A-Z]{2}$/.test(c) ? split(4, " ")(c) : null), "1012 AB"),
  MT: rule("required", (c) => (/^[A-Z]{3}\d{4}$/.test(c) ? split(3, " ")(c) : null), "VLT 1117"),
  LV: rule("required", digits(4, (d) => `LV-${d}`), "LV-1050"),
  LT: rule("required", digits(5, (d) => `LT-${d}`), "LT-01100"),
  SE: THREE_TWO, CZ: THREE_TWO, SK: THREE_TWO, GR: THREE_TWO,
  DE: FIVE, FR: FIVE, ES: FIVE, IT: FIVE, FI: FIVE, EE: FIVE, HR: FIVE, MX: FIVE, MY: FIVE, TH: FIVE, TR: FIVE,
  AT: FOUR, BE: FOUR, BG: FOUR, CY: FOUR, DK: FOUR, HU: FOUR, LU: FOUR, SI: FOUR, AU: FOUR, NZ: FOUR, CH: FOUR, NO: FOUR, ZA: FOUR,
  SG: SIX, RO: SIX, CN: SIX, IN: rule("required", (c) => (/^[1-9]\d{5}$/.test(c) ? c : null), "110001"),
  // Kuwait has 5-digit codes that hardly anyone uses; the Gulf states and Hong Kong have none.
  KW: rule("optional", digits(5), "13001"),
  AE: NONE, QA: NONE, HK: NONE,
};
/** Anything else: optional, letters/digits/spaces/dashes, kept as typed (upper-cased). */
const GENERIC_POSTAL: PostalRule = { use: "optional", parse: (c) => (/^[A-Z0-9]{2,10}$/.test(c) ? c : null) };

function postalRule(country: string): PostalRule {
  return POSTAL[country] ?? GENERIC_POSTAL;
}

function cleanPostal(raw: string): string {
  // NFKC turns full-width "１２３－４５６７" into ASCII; "〒" is the Japanese postal mark.
  return raw.normalize("NFKC").replace(/〒/g, "").trim().toUpperCase().replace(/\s+/g, " ");
}

/**
 * The canonical postal code for a country ("k1a0b1" → "K1A 0B1", "1000001" → "100-0001"), or null
 * when it is not valid there. Accepts a leading country code ("NL-1234 AB", "LT-01100").
 */
export function normalizePostalCode(country: string, raw: string): string | null {
  const cc = country.trim().toUpperCase();
  const ruleFor = postalRule(cc);
  const cleaned = cleanPostal(raw);
  const compact = cleaned.replace(/[\s\-‐‑‒–—―.]/g, "");
  if (!compact) return null;
  let canonical = ruleFor.parse(compact);
  if (canonical && ruleFor === GENERIC_POSTAL) canonical = cleaned;
  if (!canonical && compact.startsWith(cc) && ruleFor !== GENERIC_POSTAL) canonical = ruleFor.parse(compact.slice(cc.length));
  return canonical && libraryAccepts(cc, canonical) ? canonical : null;
}

/** postcode-validator's per-country pattern, where it has one (it throws for countries it does not know). */
function libraryAccepts(country: string, code: string): boolean {
  // Royal Mail's one non-geographic postcode (Girobank), which postcode-validator's pattern leaves out.
  if (country === "GB" && code === "GIR 0AA") return true;
  try {
    return !postcodeValidatorExistsForCountry(country) || postcodeValidator(code, country);
  } catch {
    return true;
  }
}

/** What a country's postal codes look like, for the error message: "5 digits, e.g. 10115"; null where unknown. */
export function postalCodeFormat(country: string): { digits: number; example: string } | null {
  const example = postalRule(country.trim().toUpperCase()).example;
  if (!example) return null;
  return { digits: /^[\d -]+$/.test(example) ? example.replace(/\D/g, "").length : 0, example };
}

/** An example mobile number of the country in international format ("+49 1512 3456789"), for error messages. */
function exampleNumber(country: string): string | null {
  try {
    return getExampleNumber(country as CountryCode, phoneExamples)?.formatInternational() ?? null;
  } catch {
    return null;
  }
}

/** A phone number in international format ("050 123 4567" in AE → "+971 50 123 4567"), or null when not valid there. */
function normalizePhone(country: string, raw: string): string | null {
  try {
    if (!isValidPhoneNumber(raw, country as CountryCode)) return null;
    return parsePhoneNumberWithError(raw, country as CountryCode).formatInternational();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------- form layout
/** Message key of a field label, e.g. "address.zipCode". */
type AddressLabelKey = Exclude<MessageKeyIn<"address">, MessageKeyIn<"address.errors">>;

export interface AddressFieldSpec {
  name: AddressField;
  /** Message key for the label. */
  label: AddressLabelKey;
  required: boolean;
  autoComplete: string;
  maxLength: number;
  /** A select (state / province / prefecture) instead of a text input, named in the form's language. */
  options?: { code: string; label: string }[];
  /** Format hint for postal codes, e.g. "100-0001". */
  example?: string;
  /** Values for the field's error message ({digits, example} of a postal code). */
  errorValues?: Record<string, string | number>;
  inputMode?: "text" | "numeric" | "tel";
}

interface CountryFormat {
  /** The address block between name and phone, in the country's order. */
  order: AddressField[];
  postalLabel: AddressLabelKey;
  regionLabel: AddressLabelKey;
  cityLabel: AddressLabelKey;
  /** Show a free-text region (optional) where the country has no list. */
  freeRegion?: boolean;
  /** City is implied (city-states): hidden and filled in. */
  impliedCity?: string;
}

const US_ORDER: AddressField[] = ["line1", "line2", "city", "region", "postalCode"];
const EU_ORDER: AddressField[] = ["line1", "line2", "postalCode", "city", "region"];

const FORMATS: Record<string, Partial<CountryFormat>> = {
  US: { order: US_ORDER, postalLabel: "address.zipCode", regionLabel: "address.state" },
  CA: { order: US_ORDER, regionLabel: "address.province" },
  AU: { order: US_ORDER, postalLabel: "address.postcode", regionLabel: "address.state", cityLabel: "address.suburb" },
  GB: { order: US_ORDER, postalLabel: "address.postcode" },
  IE: { order: US_ORDER, postalLabel: "address.eircode", regionLabel: "address.county", freeRegion: true },
  JP: { order: ["postalCode", "region", "city", "line1", "line2"], regionLabel: "address.prefecture" },
  BR: { order: ["postalCode", "line1", "line2", "city", "region"], regionLabel: "address.state" },
  MX: { order: ["line1", "line2", "postalCode", "city", "region"], regionLabel: "address.state" },
  IT: { regionLabel: "address.province", freeRegion: true },
  ES: { regionLabel: "address.province", freeRegion: true },
  SG: { order: ["line1", "line2", "postalCode"], impliedCity: "Singapore" },
  AE: { order: ["line1", "line2", "city"] },
  KW: { order: ["line1", "line2", "city", "postalCode"] },
};

function formatOf(country: string): CountryFormat {
  const f = FORMATS[country] ?? {};
  return {
    order: f.order ?? EU_ORDER,
    postalLabel: f.postalLabel ?? "address.postalCode",
    regionLabel: f.regionLabel ?? "address.region",
    cityLabel: f.cityLabel ?? "address.city",
    freeRegion: f.freeRegion,
    impliedCity: f.impliedCity,
  };
}

/**
 * The fields a shipping-address form shows for a country, in order, with label keys: country and
 * name first, phone last. E.g. JP: country, name, postalCode, region (prefecture select), city,
 * line1, line2, phone; AE has no postal code; SG has no city.
 */
export function addressFieldsFor(country: string, language = "en"): AddressFieldSpec[] {
  const cc = country.trim().toUpperCase();
  const fmt = formatOf(cc);
  const postal = postalRule(cc);
  const regions = regionOptions(cc, language);
  const out: AddressFieldSpec[] = [
    { name: "country", label: "address.country", required: true, autoComplete: "country", maxLength: MAX.country },
    { name: "name", label: "address.name", required: true, autoComplete: "name", maxLength: MAX.name },
  ];
  for (const f of fmt.order) {
    switch (f) {
      case "line1":
        out.push({ name: f, label: "address.line1", required: true, autoComplete: "address-line1", maxLength: MAX.line1 });
        break;
      case "line2":
        out.push({ name: f, label: "address.line2", required: false, autoComplete: "address-line2", maxLength: MAX.line2 });
        break;
      case "city":
        if (!fmt.impliedCity) out.push({ name: f, label: fmt.cityLabel, required: true, autoComplete: "address-level2", maxLength: MAX.city });
        break;
      case "region":
        if (regions) out.push({ name: f, label: fmt.regionLabel, required: true, autoComplete: "address-level1", maxLength: MAX.region, options: regions });
        else if (fmt.freeRegion) out.push({ name: f, label: fmt.regionLabel, required: false, autoComplete: "address-level1", maxLength: MAX.region });
        break;
      case "postalCode": {
        if (postal.use === "none") break;
        const numeric = postal.example !== undefined && /^[\d -]+$/.test(postal.example);
        out.push({
          name: f,
          label: fmt.postalLabel,
          required: postal.use === "required",
          autoComplete: "postal-code",
          maxLength: MAX.postalCode,
          ...(postal.example ? { example: postal.example, errorValues: postalCodeFormat(cc)! } : {}),
          inputMode: numeric ? "numeric" : "text",
        });
        break;
      }
    }
  }
  const phoneExample = exampleNumber(cc);
  out.push({ name: "phone", label: "address.phone", required: false, autoComplete: "tel", maxLength: MAX.phone, inputMode: "tel", ...(phoneExample ? { errorValues: { example: phoneExample } } : {}) });
  return out;
}

// ------------------------------------------------------------------------------------------- schema
const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

const requiredText = (max: number) =>
  z
    .string({ error: E.required })
    .overwrite(collapse)
    .min(1, { error: E.required, abort: true })
    .max(max, { error: E.tooLong });

const optionalText = (max: number) =>
  z
    .string({ error: E.invalid })
    .overwrite(collapse)
    .max(max, { error: E.tooLong })
    .nullish()
    .transform((v) => v || undefined);

const optionalRaw = () =>
  z
    .string({ error: E.invalid })
    .nullish()
    .transform((v) => collapse(v ?? ""));

const PHONE_RE = /^\+?[\d\s().\-/]+$/;

function buildSchema(cc: string) {
  const fmt = formatOf(cc);
  const postal = postalRule(cc);
  const regions = regionLookup(cc);

  const city = fmt.impliedCity ? optionalText(MAX.city).transform((v) => v ?? fmt.impliedCity!) : requiredText(MAX.city);

  const region = optionalRaw().transform((v, ctx): string | undefined => {
    if (!regions) {
      if (v.length > MAX.region) ctx.addIssue({ code: "custom", message: E.tooLong });
      return v || undefined;
    }
    if (!v) {
      ctx.addIssue({ code: "custom", message: E.regionRequired });
      return z.NEVER;
    }
    const code = regions.get(fold(v));
    if (!code) {
      ctx.addIssue({ code: "custom", message: E.regionInvalid });
      return z.NEVER;
    }
    return code;
  });

  const postalCode = optionalRaw().transform((v, ctx): string | undefined => {
    if (postal.use === "none") return undefined; // not used there: a stale value is dropped
    if (!v) {
      if (postal.use === "required") {
        ctx.addIssue({ code: "custom", message: E.postalCodeRequired });
        return z.NEVER;
      }
      return undefined;
    }
    const canonical = v.length <= MAX.postalCode * 2 ? normalizePostalCode(cc, v) : null;
    if (!canonical) {
      ctx.addIssue({ code: "custom", message: postal.example ? E.postalCodeFormat : E.postalCodeInvalid });
      return z.NEVER;
    }
    return canonical;
  });

  const phone = optionalRaw().transform((v, ctx): string | undefined => {
    if (!v) return undefined;
    const phone = v.length <= MAX.phone && PHONE_RE.test(v) ? normalizePhone(cc, v) : null;
    if (!phone) {
      ctx.addIssue({ code: "custom", message: E.phoneInvalid });
      return z.NEVER;
    }
    return phone;
  });

  const country = z
    .string({ error: E.required })
    .trim()
    .toUpperCase()
    .min(1, { error: E.required, abort: true })
    .regex(/^[A-Z]{2}$/, { error: E.countryInvalid, abort: true })
    .refine((v) => v === cc, { error: E.countryInvalid });

  return z
    .object({
      name: requiredText(MAX.name),
      line1: requiredText(MAX.line1),
      line2: optionalText(MAX.line2),
      city,
      region,
      postalCode,
      country,
      phone,
    })
    .superRefine((a, ctx) => {
      if (cc === "US" && a.postalCode && a.region && !zipMatchesState(a.postalCode, a.region)) {
        ctx.addIssue({ code: "custom", path: ["postalCode"], message: E.postalCodeRegion });
      }
    });
}

export type AddressSchema = ReturnType<typeof buildSchema>;
// Keyed by the country a form or API client sends: bounded, since that is anyone's string.
const schemas = new BoundedMap<string, AddressSchema>(300);

/**
 * The zod schema for a shipping address in `country` (ISO 3166-1 alpha-2): per-country required
 * fields, postal code format and region list. Output is normalized (postal code canonical, region
 * as its code, whitespace collapsed). Use with conform: `parseWithZod(formData, { schema: addressSchema(country) })`.
 */
export function addressSchema(country: string): AddressSchema {
  const cc = country.trim().toUpperCase();
  let s = schemas.get(cc);
  if (!s) {
    s = buildSchema(cc);
    schemas.set(cc, s);
  }
  return s;
}

export type AddressErrors = Partial<Record<AddressField, AddressErrorKey>>;
export type AddressValidation = { ok: true; address: Address } | { ok: false; errors: AddressErrors };

const FIELDS = new Set<string>(["name", "line1", "line2", "city", "region", "postalCode", "country", "phone"]);
const KEYS = new Set<string>(Object.values(ADDRESS_ERRORS));

/**
 * Validates and normalizes an address with its country's rules. Errors are keyed by field, one
 * message key each. With `countries`, a country outside the list is `address.errors.countryNotServed`.
 */
export function validateAddress(input: unknown, opts: { countries?: readonly string[] } = {}): AddressValidation {
  const obj = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const country = typeof obj.country === "string" ? obj.country.trim().toUpperCase() : "";
  const result = addressSchema(country).safeParse(obj);
  const errors: AddressErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (!FIELDS.has(field)) continue;
      const f = field as AddressField;
      if (!errors[f]) errors[f] = KEYS.has(issue.message) ? (issue.message as AddressErrorKey) : E.invalid;
    }
  }
  if (!errors.country && opts.countries && country && !opts.countries.includes(country)) errors.country = E.countryNotServed;
  if (!result.success || Object.keys(errors).length) {
    if (!Object.keys(errors).length) errors.country = E.invalid; // a root-level issue: should not happen
    return { ok: false, errors };
  }
  const a = result.data;
  const address: Address = { name: a.name, line1: a.line1, city: a.city, country: a.country };
  if (a.line2) address.line2 = a.line2;
  if (a.region) address.region = a.region;
  if (a.postalCode) address.postalCode = a.postalCode;
  if (a.phone) address.phone = a.phone;
  return { ok: true, address };
}
