/**
 * The admin's product form ↔ the catalog write input. Input names are the write API's field paths
 * (`translations.de.title`, `variants.0.prices.JPY`, `hsCode`), so an error or a listing warning
 * names the input it belongs to. Client-safe and pure.
 */
import { UserError } from "~/lib/errors";
import { LANGS, PRODUCT_STATUSES, type Lang, type OptionInput, type ProductInput, type ProductStatus, type ProductTranslationInput, type VariantInput } from "./catalog-input";

interface FormLike {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
}

/** What the form starts from: the stored product (edit) or nothing (new). */
export interface ProductFormContext {
  existing?: Pick<ProductInput, "translations" | "options" | "images" | "variants"> | null;
  /** Currencies prices may be given in (inputs `variants.N.prices.CUR`). */
  currencies: readonly string[];
  /** Location codes (inputs `variants.N.stock.CODE`). */
  locations: readonly string[];
}

const str = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** "Size: S, M, L" → one option per line; the English names and labels of the product's options. */
export function optionsToText(options: readonly OptionInput[]): string {
  return options.map((o) => `${o.names.en ?? o.code}: ${o.values.map((v) => v.labels.en ?? v.code).join(", ")}`).join("\n");
}

/**
 * Parses the options text (one "Name: value, value" per line). Names and labels are English; the
 * other languages of an option or value that already existed are kept.
 */
export function parseOptionsText(text: string, existing: readonly OptionInput[] = []): OptionInput[] {
  const options: OptionInput[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const m = /^([^:]+):(.*)$/.exec(line);
    const name = m?.[1]?.trim() ?? "";
    const values = (m?.[2] ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    if (!m || !slug(name) || !values.length) {
      throw new UserError("invalid_options", `Line ${i + 1}: write an option as "Name: value, value", e.g. "Size: S, M, L".`, 400, "options");
    }
    const code = slug(name);
    const before = existing.find((o) => o.code === code);
    options.push({
      code,
      names: { ...before?.names, en: name },
      values: values.map((label) => {
        const valueCode = slug(label) || label;
        const old = before?.values.find((v) => v.code === valueCode);
        return { code: valueCode, labels: { ...old?.labels, en: label }, ...(old?.swatch ? { swatch: old.swatch } : {}) };
      }),
    });
  }
  return options;
}

function wholeNumber(form: FormLike, name: string, what: string): number | undefined {
  const raw = str(form, name);
  if (raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw new UserError("invalid_number", `${what} is a whole number, 0 or more.`, 400, name);
  return Number(raw);
}

/** The write input the submitted form describes (status and confirmation are read separately). */
export function productInputFromForm(form: FormLike, ctx: ProductFormContext): Omit<ProductInput, "id" | "key" | "status"> & { status: ProductStatus } {
  const status = PRODUCT_STATUSES.find((s) => s === str(form, "status")) ?? "draft";

  const translations: Partial<Record<Lang, ProductTranslationInput>> = {};
  for (const lang of LANGS) {
    const title = str(form, `translations.${lang}.title`);
    const handle = str(form, `translations.${lang}.handle`);
    const description = str(form, `translations.${lang}.description`);
    if (!title && !handle && !description) continue;
    const before = ctx.existing?.translations[lang];
    translations[lang] = {
      title,
      // A new translation without a handle gets one from its title (romanise ja/ar by hand).
      handle: handle || slug(title),
      description,
      ...(before?.seoTitle ? { seoTitle: before.seoTitle } : {}),
      ...(before?.seoDescription ? { seoDescription: before.seoDescription } : {}),
    };
  }

  const options = parseOptionsText(str(form, "options"), ctx.existing?.options);

  const images: ProductInput["images"] = [];
  const imageIndex = new Map<number, number>();
  for (let i = 0; form.get(`images.${i}.url`) !== null; i++) {
    if (str(form, `images.${i}.remove`)) continue;
    const before = ctx.existing?.images[i];
    imageIndex.set(i, images.length);
    images.push({
      url: str(form, `images.${i}.url`),
      width: wholeNumber(form, `images.${i}.width`, "Width") ?? before?.width ?? 1,
      height: wholeNumber(form, `images.${i}.height`, "Height") ?? before?.height ?? 1,
      alt: { ...before?.alt, en: str(form, `images.${i}.alt`) },
    });
  }

  const variants: VariantInput[] = [];
  for (let i = 0; form.get(`variants.${i}.sku`) !== null; i++) {
    const sku = str(form, `variants.${i}.sku`);
    if (!sku || str(form, `variants.${i}.remove`)) continue;
    const prices: Record<string, string> = {};
    const compareAt: Record<string, string> = {};
    for (const c of ctx.currencies) {
      const p = str(form, `variants.${i}.prices.${c}`);
      const ca = str(form, `variants.${i}.compareAt.${c}`);
      if (p) prices[c] = p;
      if (ca) compareAt[c] = ca;
    }
    const stock: Record<string, number> = {};
    for (const code of ctx.locations) {
      const n = wholeNumber(form, `variants.${i}.stock.${code}`, "Stock");
      if (n !== undefined) stock[code] = n;
    }
    const opts: Record<string, string> = {};
    for (const o of options) {
      const v = str(form, `variants.${i}.options.${o.code}`);
      if (v) opts[o.code] = v;
    }
    const image = str(form, `variants.${i}.image`);
    const imageAt = image === "" ? undefined : imageIndex.get(Number(image));
    const weight = wholeNumber(form, `variants.${i}.weightGrams`, "Weight");
    variants.push({
      sku,
      options: opts,
      weightGrams: weight ?? 0,
      prices,
      ...(Object.keys(compareAt).length ? { compareAt } : {}),
      stock,
      ...(imageAt !== undefined ? { image: imageAt } : {}),
    });
  }

  return {
    status,
    vendor: str(form, "vendor"),
    productType: str(form, "productType"),
    tags: str(form, "tags")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    hsCode: str(form, "hsCode") || null,
    countryOfOrigin: str(form, "countryOfOrigin").toUpperCase() || null,
    releasedAt: releaseTime(str(form, "releasedAt")),
    collections: form.getAll("collections").filter((c): c is string => typeof c === "string" && c !== ""),
    translations,
    options,
    images,
    variants,
  };
}

/** A datetime-local field ("2027-03-01T09:00", labelled UTC) as ISO 8601; anything else goes to the write's check as typed. */
function releaseTime(value: string): string | null {
  if (!value) return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}
