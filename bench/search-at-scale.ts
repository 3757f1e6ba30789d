/**
 * Search latency at 10,000 products: its own PostgreSQL database with the demo store plus synthetic
 * German products, then listProducts (what the search page and API call) timed sequentially for a
 * query as typed and for the same query with two adjacent letters swapped.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb, migrateDb, setDatabase } from "../db/index";
import { rowsOf } from "../db/rows";
import { seedDemo } from "../db/seed";

const PRODUCTS = Number(process.env.BENCH_SEARCH_PRODUCTS ?? 10_000);
const ITERATIONS = Number(process.env.BENCH_SEARCH_ITERATIONS ?? 200);
const SYLLABLES = ["tee", "scha", "le", "kan", "ne", "por", "zel", "lan", "gla", "sur", "tel", "ler", "krug", "be", "cher", "vase", "holz", "lei", "nen", "ton", "stein", "gut", "ke", "ra", "mik", "blau", "grün", "weiß", "dose", "topf", "deckel", "schüs", "sel", "tas", "se", "lö", "ffel", "hand", "werk", "ofen"];

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same catalog. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchSearchAtScale(url: string): Promise<string[]> {
  const name = "harbor_bench_search";
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await createDb({ url: u.toString(), max: 4 });
  setDatabase(database);
  try {
    await migrateDb(database);
    await seedDemo(database);
    const rnd = random(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const vocabulary = Array.from({ length: 3000 }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(SYLLABLES)).join(""));
    const ids: string[] = [];
    const titles: string[] = [];
    const descriptions: string[] = [];
    const amounts: string[] = [];
    for (let i = 0; i < PRODUCTS; i++) {
      ids.push(`bench_${i}`);
      const words = Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => pick(vocabulary));
      titles.push(words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" "));
      descriptions.push(Array.from({ length: 25 }, () => pick(vocabulary)).join(" "));
      amounts.push(String(500 + Math.floor(rnd() * 20_000)));
    }
    const db = database.db;
    const arr = (xs: string[]) => sql`${`{${xs.map((x) => `"${x}"`).join(",")}}`}::text[]`;
    await db.execute(sql`insert into products (id, status, published_at) select 'prod_' || id, 'active', now() from unnest(${arr(ids)}) as id`);
    await db.execute(sql`
      insert into product_translations (product_id, locale, handle, title, description, search_vector)
      select 'prod_' || id, 'de', replace(id, '_', '-'), title, description,
        setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', description), 'B')
      from unnest(${arr(ids)}, ${arr(titles)}, ${arr(descriptions)}) as x(id, title, description)`);
    await db.execute(sql`insert into product_variants (id, product_id, sku, options) select 'var_' || id, 'prod_' || id, 'SKU-' || id, '{}'::jsonb from unnest(${arr(ids)}) as id`);
    await db.execute(sql`
      insert into market_prices (market, variant_id, product_id, currency, amount, source)
      select 'de-de', 'var_' || id, 'prod_' || id, 'EUR', amount::bigint, 'list' from unnest(${arr(ids)}, ${arr(amounts)}) as x(id, amount)`);
    // The same vocabulary the catalog write path records (Latin-script words, lowercased).
    await db.execute(sql`
      insert into search_words (locale, word)
      select distinct 'de', w from product_translations t, regexp_split_to_table(lower(t.title || ' ' || t.description), '[^[:alpha:]]+') as w
      where t.product_id like 'prod_bench_%' and w <> ''
      on conflict do nothing`);
    await db.execute(sql`analyze`);

    const { listProducts } = await import("../app/modules/catalog/catalog.server");
    const { getMarket } = await import("../app/modules/markets/markets.server");
    const market = (await getMarket("de-de"))!;
    const time = async (q: string) => {
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < ITERATIONS + 20; i++) {
        const t0 = performance.now();
        const r = await listProducts({ market, q, sort: "relevance", limit: 24, offset: 0 });
        if (i >= 20) samples.push(performance.now() - t0);
        total = r.total;
      }
      samples.sort((a, b) => a - b);
      return { q, total, p50: percentile(samples, 50), p99: percentile(samples, 99) };
    };
    const rows = [await time("Teeschale"), await time("Tesechale"), await time("Porzellan Teeschale"), await time("Porzelaln Tesechale")];
    const [words] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from search_words`));
    return [
      `\n[bench] search at ${PRODUCTS} products (+ demo store), ${words?.n ?? "?"} vocabulary words; ${ITERATIONS} sequential listProducts calls per query, in process`,
      "| query | kind | results | p50 ms | p99 ms |",
      "|---|---|---:|---:|---:|",
      ...rows.map((r, i) => `| ${r.q} | ${i % 2 ? "typo (fuzzy)" : "as typed (baseline)"} | ${r.total} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`),
    ];
  } finally {
    await database.close();
  }
}
