/**
 * `--catalog 1000x4`: a synthetic catalog of that many products × variants, written through the
 * catalog write API like any import, with explicit prices in every market currency (USD, EUR, GBP,
 * JPY) so every market prices every variant. Deterministic: the same size gives the same catalog.
 */
import { CARE, opt, product, type ColorCode } from "../db/seed/catalog-data/helpers";
import type { Lang, ProductInput } from "../app/modules/catalog/catalog-input";
import { refreshMarketPrices, upsertProduct } from "../app/modules/catalog/catalog-write.server";

const COLORS: ColorCode[] = ["celadon", "moon-white", "tenmoku", "blue-white", "sky-blue", "rose", "zisha-purple", "zhuni-red", "iron-black", "bronze", "natural"];
const LANGS: Lang[] = ["en", "fr", "de", "es", "ja", "pt", "ar"];
const NOUN: Record<Lang, string> = { en: "Tea Bowl", fr: "Bol à thé", de: "Teeschale", es: "Cuenco de té", ja: "茶碗", pt: "Tigela de chá", ar: "وعاء شاي" };
const SLUG: Record<Lang, string> = { en: "tea-bowl", fr: "bol-a-the", de: "teeschale", es: "cuenco-de-te", ja: "chawan", pt: "tigela-de-cha", ar: "wiaa-shay" };
// Demo images the generated products reuse (the page's markup is what the benchmark measures).
const IMAGES = ["jun-glaze-teacup", "celadon-kyusu-teapot", "porcelain-gaiwan"];

export function parseCatalogSize(arg: string): { products: number; variants: number } {
  const m = /^(\d+)x(\d+)$/.exec(arg);
  const products = Number(m?.[1]);
  const variants = Number(m?.[2]);
  if (!m || products < 1 || variants < 1 || variants > COLORS.length) {
    throw new Error(`--catalog takes PRODUCTSxVARIANTS, e.g. 1000x4 (variants 1–${COLORS.length}); got "${arg}"`);
  }
  return { products, variants };
}

export function benchProduct(i: number, variants: number): ProductInput {
  const n = String(i + 1).padStart(4, "0");
  const t = Object.fromEntries(
    LANGS.map((l) => [l, [`${NOUN[l]} ${n}`, `${SLUG[l]}-${n}`, `${NOUN[l]} ${n}: a generated product for load tests, glazed and fired like the rest of the range.`]]),
  ) as Record<Lang, [string, string, string]>;
  const input = product({
    key: `bench-${n}`,
    sku: `BENCH-${n}`,
    type: "Tea bowl",
    tags: ["bench", "tea bowl"],
    hs: "691110",
    sales: (i * 7919) % 1000,
    days: 1 + (i % 300),
    collections: ["tea-ware"],
    t,
    care: CARE.porcelain,
    options: [opt.color(...COLORS.slice(0, variants))],
    usd: 20 + (i % 80),
    weight: 300,
    dims: [120, 120, 80],
    at: ["us-lax", "de-fra"],
  });
  const image = IMAGES[i % IMAGES.length]!;
  return { ...input, images: input.images.map((img, k) => ({ ...img, url: `/images/products/${image}-${(k % 2) + 1}.svg` })) };
}

/** Writes the catalog into the process database (setDatabase first), then prices every market. */
export async function writeBenchCatalog(size: { products: number; variants: number }, log: (s: string) => void) {
  const started = Date.now();
  const now = new Date();
  for (let i = 0; i < size.products; i++) {
    await upsertProduct(benchProduct(i, size.variants), { now, refreshPrices: false });
    if ((i + 1) % 200 === 0) log(`${i + 1}/${size.products} products`);
  }
  await refreshMarketPrices();
  log(`catalog ${size.products}×${size.variants} written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
