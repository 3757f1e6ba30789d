/**
 * What each import source's columns mean (pure: no database). A source names, per Harbor field, the
 * column headers that may carry it, in order of preference: the first non-blank one wins, so the
 * current and the older Shopify template both work. A saved mapping puts its headers first.
 */
import { ISO_COUNTRY_CODES, isIsoCountry } from "~/lib/countries";
import { currencyExponent } from "~/lib/money";
import { isEmail } from "~/lib/validation";
import { normalizeEmail } from "~/lib/email";

export const IMPORT_SOURCES = ["shopify-customers", "shopify-orders", "marketplace-orders", "woocommerce-customers", "klaviyo-profiles", "csv"] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export function isImportSource(value: string): value is ImportSource {
  return (IMPORT_SOURCES as readonly string[]).includes(value);
}

/** The platform a source's consent and contacts are attributed to: `import:<platform>`. */
export const SOURCE_PLATFORM: Record<ImportSource, string> = {
  "shopify-customers": "shopify",
  "shopify-orders": "shopify",
  // The platform is the --mapping (amazon, ebay…): import.server.ts.
  "marketplace-orders": "marketplace",
  "woocommerce-customers": "woocommerce",
  "klaviyo-profiles": "klaviyo",
  csv: "csv",
};

export const IMPORT_FIELDS = [
  "email",
  "firstName",
  "lastName",
  "name",
  "phone",
  "country",
  "tags",
  "notes",
  "emailConsent",
  "emailConsentAt",
  "totalSpent",
  "totalOrders",
  "externalId",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export function isImportField(value: string): value is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(value);
}

type HeaderMap = Partial<Record<ImportField, string[]>>;

const SOURCE_HEADERS: Record<ImportSource, HeaderMap> = {
  // Shopify's customer export (2023 on) first, then the older import template's names.
  "shopify-customers": {
    externalId: ["Customer ID"],
    email: ["Email"],
    firstName: ["First Name"],
    lastName: ["Last Name"],
    emailConsent: ["Accepts Email Marketing", "Accepts Marketing"],
    phone: ["Phone", "Default Address Phone"],
    country: ["Default Address Country Code", "Country Code", "Country"],
    totalSpent: ["Total Spent"],
    totalOrders: ["Total Orders"],
    notes: ["Note"],
    tags: ["Tags"],
  },
  // The contact part of Shopify's order export (order columns: order-sources.ts). Its "Accepts
  // Marketing" column is deliberately not read: consent comes from the customer export (ADR 0018).
  "shopify-orders": {
    email: ["Email"],
    name: ["Billing Name", "Shipping Name"],
    phone: ["Billing Phone", "Phone", "Shipping Phone"],
    country: ["Billing Country", "Shipping Country"],
  },
  // Per platform, in order-sources.ts (MARKETPLACES), passed as the mapping.
  "marketplace-orders": {},
  // WooCommerce Analytics → Customers report, then the user-export column names (wp_users + usermeta).
  "woocommerce-customers": {
    externalId: ["Customer ID", "ID", "user_id", "customer_id"],
    email: ["Email", "user_email", "billing_email"],
    name: ["Name", "display_name"],
    firstName: ["first_name", "billing_first_name"],
    lastName: ["last_name", "billing_last_name"],
    phone: ["billing_phone", "Phone"],
    country: ["Country", "Country / Region", "billing_country"],
    totalSpent: ["Total spend", "Total Spend", "money_spent", "_money_spent"],
    totalOrders: ["Orders", "order_count", "_order_count"],
    notes: ["description"],
  },
  // Klaviyo's profile export.
  "klaviyo-profiles": {
    externalId: ["Klaviyo ID"],
    email: ["Email"],
    firstName: ["First Name"],
    lastName: ["Last Name"],
    phone: ["Phone Number"],
    country: ["Country"],
    emailConsent: ["Email Marketing Consent"],
    emailConsentAt: ["Email Marketing Consent Timestamp"],
  },
  // Any file whose headers are Harbor's field names; other headers need a saved mapping.
  csv: Object.fromEntries(IMPORT_FIELDS.map((f) => [f, [f]])),
};

/** Per field, the indexes of the columns that may carry it, in order of preference. */
export type ColumnPlan = { columns: Partial<Record<ImportField, { index: number; header: string }[]>> };

/** Matches the file's header row (case and surrounding spaces ignored) to the source's fields and the saved mapping's. */
export function planColumns(source: ImportSource, header: string[], mapping?: Record<string, string> | null): ColumnPlan {
  const byName = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, i);
  });
  const wanted = new Map<ImportField, string[]>();
  for (const [h, field] of Object.entries(mapping ?? {})) {
    if (isImportField(field)) wanted.set(field, [...(wanted.get(field) ?? []), h]);
  }
  for (const [field, headers] of Object.entries(SOURCE_HEADERS[source]) as [ImportField, string[]][]) {
    wanted.set(field, [...(wanted.get(field) ?? []), ...headers]);
  }
  const columns: ColumnPlan["columns"] = {};
  for (const [field, headers] of wanted) {
    const found = headers.flatMap((h) => {
      const index = byName.get(h.trim().toLowerCase());
      return index === undefined ? [] : [{ index, header: header[index]!.trim() }];
    });
    if (found.length) columns[field] = found;
  }
  return { columns };
}

/** The headers a source looks for the address under (for the message when a file has none). */
export function emailHeaders(source: ImportSource, mapping?: Record<string, string> | null): string[] {
  const mapped = Object.entries(mapping ?? {}).filter(([, f]) => f === "email").map(([h]) => h);
  return [...mapped, ...(SOURCE_HEADERS[source].email ?? [])];
}

type ImportedConsentStatus = "subscribed" | "unsubscribed";

/** One valid row, ready to be written. */
export interface ParsedRow {
  email: string;
  name: string | null;
  phone: string | null;
  country: string | null;
  tags: string[];
  notes: string | null;
  /** null: the file says no, never subscribed, or nothing (none of which subscribes anyone). */
  emailConsent: ImportedConsentStatus | null;
  emailConsentAt: string | null;
  /** Minor units of the run's currency. */
  totalSpent: bigint | null;
  totalOrders: number | null;
  externalId: string | null;
}

export type RowResult = { ok: true; row: ParsedRow } | { ok: false; field: string; reason: string };

/**
 * One data record → a row to write, or the first problem (column header and reason). Values are kept
 * as text: a cell such as `=HYPERLINK(…)` is stored as written, never evaluated.
 */
export function parseRecord(plan: ColumnPlan, record: string[], currency: string): RowResult {
  const cell = (field: ImportField): { value: string; header: string } | null => {
    for (const c of plan.columns[field] ?? []) {
      const value = (record[c.index] ?? "").trim();
      if (value) return { value, header: c.header };
    }
    return null;
  };
  const header = (field: ImportField, fallback: string) => plan.columns[field]?.[0]?.header ?? fallback;

  const emailCell = cell("email");
  if (!emailCell) return { ok: false, field: header("email", "email"), reason: "missing email address" };
  if (!isEmail(emailCell.value)) return { ok: false, field: emailCell.header, reason: `not an email address: "${emailCell.value}"` };

  const consentCell = cell("emailConsent");
  let emailConsent: ImportedConsentStatus | null = null;
  if (consentCell) {
    const parsed = parseConsent(consentCell.value);
    if (parsed === undefined) return { ok: false, field: consentCell.header, reason: `unknown consent value "${consentCell.value}" (use yes/no, or SUBSCRIBED/UNSUBSCRIBED/NEVER_SUBSCRIBED)` };
    emailConsent = parsed;
  }
  const consentAtCell = cell("emailConsentAt");
  let emailConsentAt: string | null = null;
  if (consentAtCell) {
    emailConsentAt = parseTimestamp(consentAtCell.value);
    if (!emailConsentAt) return { ok: false, field: consentAtCell.header, reason: `not a date and time: "${consentAtCell.value}"` };
  }
  const countryCell = cell("country");
  let country: string | null = null;
  if (countryCell) {
    country = countryCode(countryCell.value);
    if (!country) return { ok: false, field: countryCell.header, reason: `not a country: "${countryCell.value}" (use an ISO code such as DE, or the English name)` };
  }
  const spentCell = cell("totalSpent");
  let totalSpent: bigint | null = null;
  if (spentCell) {
    totalSpent = parseAmount(spentCell.value, currency);
    if (totalSpent === null) {
      return { ok: false, field: spentCell.header, reason: `not an amount in ${currency} (${currencyExponent(currency)} decimal places): "${spentCell.value}"` };
    }
  }
  const ordersCell = cell("totalOrders");
  let totalOrders: number | null = null;
  if (ordersCell) {
    totalOrders = /^\d{1,9}$/.test(ordersCell.value) ? Number(ordersCell.value) : null;
    if (totalOrders === null) return { ok: false, field: ordersCell.header, reason: `not a whole number: "${ordersCell.value}"` };
  }
  const first = cell("firstName")?.value;
  const last = cell("lastName")?.value;
  const name = [first, last].filter(Boolean).join(" ") || cell("name")?.value || null;
  return {
    ok: true,
    row: {
      email: normalizeEmail(emailCell.value),
      name,
      phone: unescapeExcel(cell("phone")?.value) ?? null,
      country,
      tags: (cell("tags")?.value ?? "").split(",").map((t) => t.trim()).filter(Boolean),
      notes: cell("notes")?.value ?? null,
      emailConsent,
      emailConsentAt,
      totalSpent,
      totalOrders,
      externalId: unescapeExcel(cell("externalId")?.value) ?? null,
    },
  };
}

/** Excel marks a cell it must keep as text (a leading zero, a "+") with a leading apostrophe: `'0123` → `0123`. */
function unescapeExcel(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.startsWith("'") ? value.slice(1).trim() || undefined : value;
}

const SUBSCRIBED = new Set(["yes", "y", "true", "1", "subscribed", "opted_in", "opted in", "ja", "oui", "si", "sí", "sim"]);
const UNSUBSCRIBED = new Set(["unsubscribed", "opted_out", "opted out"]);
const NOT_SUBSCRIBED = new Set(["no", "n", "false", "0", "nein", "non", "não", "nao", "never_subscribed", "not_subscribed", "pending", "suppressed"]);

/** yes → subscribed, an explicit opt-out → unsubscribed, no/never → null; anything else undefined (the row is rejected, never guessed). */
function parseConsent(value: string): ImportedConsentStatus | null | undefined {
  const v = value.trim().toLowerCase();
  if (SUBSCRIBED.has(v)) return "subscribed";
  if (UNSUBSCRIBED.has(v)) return "unsubscribed";
  if (NOT_SUBSCRIBED.has(v)) return null;
  return undefined;
}

/** ISO 8601, or "YYYY-MM-DD HH:MM:SS" (read as UTC, as Klaviyo writes it). */
function parseTimestamp(value: string): string | null {
  const v = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * "1234.5", "1,234.50" → minor units of the currency, exactly (no float). More decimals than the
 * currency has are refused unless they are zeros ("1200.00" JPY is 1200).
 */
export function parseAmount(value: string, currency: string): bigint | null {
  const exp = currencyExponent(currency);
  const v = value.trim().replace(/^\d{1,3}(,\d{3})+(?=\.|$)/, (m) => m.replaceAll(",", ""));
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return null;
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > exp) return null;
  const minor = BigInt(m[2]! + frac.padEnd(exp, "0"));
  return m[1] ? -minor : minor;
}

let countryNames: Map<string, string> | null = null;

/** An ISO code ("de", "DE") or an English country name ("Germany", "United Kingdom") → ISO code. */
export function countryCode(value: string): string | null {
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return isIsoCountry(v.toUpperCase()) ? v.toUpperCase() : null;
  if (!countryNames) {
    const names = new Intl.DisplayNames("en", { type: "region" });
    countryNames = new Map(ISO_COUNTRY_CODES.map((c) => [names.of(c)!.toLowerCase(), c]));
    for (const [alias, c] of Object.entries(COUNTRY_ALIASES)) countryNames.set(alias, c);
  }
  return countryNames.get(v.toLowerCase()) ?? null;
}

const COUNTRY_ALIASES: Record<string, string> = { uk: "GB", "great britain": "GB", england: "GB", scotland: "GB", wales: "GB", usa: "US", "united states of america": "US" };
