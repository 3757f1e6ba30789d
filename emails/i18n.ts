import ar from "../app/locales/email/ar.json";
import de from "../app/locales/email/de.json";
import en from "../app/locales/email/en.json";
import es from "../app/locales/email/es.json";
import fr from "../app/locales/email/fr.json";
import ja from "../app/locales/email/ja.json";
import pt from "../app/locales/email/pt.json";
import { catalogTranslator, type Catalog } from "../app/lib/i18n";
import { formatMoney } from "../app/lib/money";

/** Email message catalogs (ICU MessageFormat), one per language; same keys in all of them. */

export const emailCatalogs: Record<string, Catalog> = { en, fr, de, es, ja, pt, ar };
const RTL = new Set(["ar", "he", "fa", "ur"]);


const DATE_TIME: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };

type EmailTranslate = (key: string, values?: Record<string, string | number | Date>) => string;

/** Same pattern as app/lib/i18n.ts: missing keys fall back to English, then to the key itself. */
/** Same rules as the UI: missing keys fall back to English, then to the key itself. */
function createEmailTranslator(language: string, intlLocale: string = language): EmailTranslate {
  return catalogTranslator(emailCatalogs as Record<string, Catalog>, language, intlLocale);
}

/** Money as it travels in job payloads: minor units as a decimal integer string + ISO 4217 code. */
export type EmailMoney = { amount: string; currency: string };

/** What every template needs to speak the recipient's language. */
export interface EmailContext {
  language: string;
  intlLocale: string;
  dir: "ltr" | "rtl";
  t: EmailTranslate;
  money(m: EmailMoney): string;
  /** A calendar date (ISO string or Date), e.g. "12 Mar 2025". */
  date(d: string | Date): string;
  /** A date range, e.g. "4–8 Mar 2025". */
  dateRange(from: string | Date, to: string | Date): string;
  /** A date and time with its zone, e.g. a voucher's expiry (timeZone: IANA name, default UTC). */
  dateTime(d: string | Date, timeZone?: string): string;
  /** Basis points → a localized percentage ("19 %", "8.875%"). */
  percent(basisPoints: number): string;
  /** ISO country code → its name in the recipient's language. */
  country(code: string): string;
  /** A tax line's name as the tax engine records it ("VAT", "GST"…) → the recipient's usual name for it. */
  taxName(name: string): string;
}

function emailDir(language: string): "ltr" | "rtl" {
  return RTL.has(language) ? "rtl" : "ltr";
}

export function createEmailContext(language: string, intlLocale: string = language): EmailContext {
  const lang = language in emailCatalogs ? language : "en";
  const t = createEmailTranslator(lang, intlLocale);
  const dateFmt = new Intl.DateTimeFormat(intlLocale, { dateStyle: "medium", timeZone: "UTC" });
  const pct = new Intl.NumberFormat(intlLocale, { style: "percent", maximumFractionDigits: 3 });
  let regions: Intl.DisplayNames | null = null;
  const toDate = (d: string | Date) => (d instanceof Date ? d : new Date(d));
  return {
    language: lang,
    intlLocale,
    dir: emailDir(lang),
    t,
    money: (m) => formatMoney({ amount: BigInt(m.amount), currency: m.currency }, intlLocale),
    date: (d) => dateFmt.format(toDate(d)),
    dateRange: (from, to) => {
      const a = toDate(from);
      const b = toDate(to);
      return a.getTime() === b.getTime() ? dateFmt.format(a) : dateFmt.formatRange(a, b);
    },
    dateTime: (d, timeZone = "UTC") => {
      let fmt: Intl.DateTimeFormat;
      try {
        fmt = new Intl.DateTimeFormat(intlLocale, { ...DATE_TIME, timeZone });
      } catch {
        fmt = new Intl.DateTimeFormat(intlLocale, { ...DATE_TIME, timeZone: "UTC" });
      }
      return fmt.format(toDate(d));
    },
    percent: (bp) => pct.format(bp / 10_000),
    taxName: (name) => {
      // A name the catalogs do not know (e.g. from another tax provider) is shown as recorded.
      const key = `taxNames.${name}`;
      const worded = t(key);
      return worded === key ? name : worded;
    },
    country: (code) => {
      try {
        regions ??= new Intl.DisplayNames(intlLocale, { type: "region" });
        return regions.of(code.toUpperCase()) ?? code;
      } catch {
        return code;
      }
    },
  };
}
