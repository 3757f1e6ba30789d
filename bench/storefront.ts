/**
 * npm run bench:storefront — production build on a fresh database, then autocannon (50 connections,
 * 10 s) on a product page and on GET /api/v1/products?first=20, each beside a bare node:http server
 * returning the same bytes, measured in the same run. Then the same product page again on a server
 * with the page cache on (HARBOR_PAGE_CACHE_ENTRIES), against the same database. Uses DATABASE_URL
 * (PostgreSQL, WEB_CONCURRENCY processes, default 2) when set, else the embedded PGlite.
 * `--catalog 1000x4` adds a generated catalog of that size (every market priced) before the run and
 * benchmarks one of its products. `--db NAME` names the bench's own PostgreSQL database (default
 * harbor_bench; dropped and recreated), `--port N` its ports (N and N + 1). With DATABASE_URL it also times search at 10,000 products,
 * typo-tolerant against as-typed (bench/search-at-scale.ts); BENCH_ONLY=search runs just that part.
 */
import autocannon from "autocannon";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { openAndPrepare } from "../db/setup";
import { build, root, waitFor } from "./app-server";
import { benchProduct, parseCatalogSize, writeBenchCatalog } from "./catalog";
import { benchSearchAtScale } from "./search-at-scale";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const PAGE_CACHE_ENTRIES = "1000";
const log = (s: string) => console.log(`[bench] ${s}`);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// `--port N`: the app on N, the bare baseline on N + 1 (default 3200), so runs can sit side by side.
const APP_PORT = Number(option("--port") ?? 3200);
const BARE_PORT = APP_PORT + 1;

/** A fresh database with the demo store (and the generated catalog), ready before any server starts. */
async function prepareDatabase(catalog: { products: number; variants: number } | null): Promise<Record<string, string>> {
  let env: Record<string, string>;
  if (process.env.DATABASE_URL) {
    // Dropped and created anew: never the database DATABASE_URL names. `--db` picks another name so
    // two runs on one PostgreSQL do not drop each other's.
    const name = option("--db") ?? "harbor_bench";
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--db: a lowercase PostgreSQL identifier, not "${name}"`);
    if (name === new URL(process.env.DATABASE_URL).pathname.slice(1)) throw new Error(`--db: ${name} is the database DATABASE_URL names; the bench drops it`);
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    env = {
      DATABASE_URL: u.toString(),
      PUBLIC_URL: `http://localhost:${APP_PORT}`,
      SESSION_SECRET: randomBytes(32).toString("base64url"),
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "2",
    };
  } else {
    env = { PGLITE_DIR: join(mkdtempSync(join(tmpdir(), "harbor-bench-")), "pglite") };
  }
  const database = await openAndPrepare({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR ?? "", seed: "demo", log });
  try {
    if (catalog) await writeBenchCatalog(catalog, log);
  } finally {
    await database.close();
  }
  return env;
}

function startApp(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(APP_PORT), NODE_ENV: "production", HARBOR_SKIP_BUILD: "1", HARBOR_WORKER: "0" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function stopApp(app: ChildProcess) {
  if (app.exitCode !== null) return;
  const exited = new Promise((r) => app.once("exit", r));
  app.kill("SIGTERM");
  await exited;
}

async function run(title: string, url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx, load: loadavg()[0]!.toFixed(1) };
}

async function main() {
  if (process.env.BENCH_ONLY !== "search") await benchHttp();
  if (process.env.DATABASE_URL) for (const line of await benchSearchAtScale(process.env.DATABASE_URL)) console.log(line);
  else console.log("\n[bench] search at 10,000 products needs DATABASE_URL (PostgreSQL); skipped");
}

type Row = Awaited<ReturnType<typeof run>> & { ratio: number };

async function benchHttp() {
  const catalogArg = option("--catalog");
  const catalog = catalogArg ? parseCatalogSize(catalogArg) : null;
  if (!process.argv.includes("--no-build")) build();
  const env = await prepareDatabase(catalog);
  const base = `http://127.0.0.1:${APP_PORT}`;
  let app = startApp({ ...env, HARBOR_PAGE_CACHE_ENTRIES: "0" });
  const stop: (() => void)[] = [];
  try {
    await waitFor(`${base}/healthz`);
    const health = await (await fetch(`${base}/healthz`)).json();
    let handle: string;
    if (catalog) {
      // A product from the middle of the generated catalog, in its German handle.
      handle = benchProduct(Math.floor(catalog.products / 2), catalog.variants).translations.de!.handle;
    } else {
      const list = await (await fetch(`${base}/api/v1/products?market=de-de&first=1&sort=best-selling`)).json();
      handle = list.nodes?.[0]?.handle ?? list.products?.[0]?.handle;
    }
    if (!handle) throw new Error("no product to benchmark");
    const productPath = `/de-de/products/${handle}`;
    const apiPath = `/api/v1/products?market=de-de&first=20`;
    const dir = mkdtempSync(join(tmpdir(), "harbor-bench-"));
    const files: string[] = [];
    for (const [path, type] of [
      [productPath, "text/html; charset=utf-8"],
      [apiPath, "application/json"],
    ] as const) {
      const res = await fetch(`${base}${path}`);
      if (!res.ok) throw new Error(`${path} answered ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      const file = join(dir, `${files.length}.bin`);
      writeFileSync(file, body);
      files.push(`${path}|${file}|${type}`);
    }
    const bare = fork(join(root, "bench/bare-server.mjs"), [String(BARE_PORT), ...files], { stdio: "inherit" });
    stop.push(() => bare.kill("SIGTERM"));
    await new Promise((r) => bare.once("message", r));

    const rows: Row[] = [];
    const measure = async (name: string, path: string) => {
      const appResult = await run(`${name} (Harbor)`, `${base}${path}`);
      const bareResult = await run(`${name} (bare node:http)`, `http://127.0.0.1:${BARE_PORT}${path}`);
      rows.push({ ...appResult, ratio: appResult.rps / bareResult.rps }, { ...bareResult, ratio: 1 });
    };
    // Warm-up, so JIT and caches are in the same state for both.
    await autocannon({ url: `${base}${productPath}`, connections: 10, duration: 2 });
    await measure("product page, no page cache", productPath);
    await measure("API list first=20", apiPath);

    await stopApp(app);
    app = startApp({ ...env, HARBOR_PAGE_CACHE_ENTRIES: PAGE_CACHE_ENTRIES });
    await waitFor(`${base}/healthz`);
    await autocannon({ url: `${base}${productPath}`, connections: 10, duration: 2 });
    const cached = await fetch(`${base}${productPath}`);
    if (cached.headers.get("x-page-cache") !== "hit") throw new Error("the page cache did not answer the product page");
    await measure(`product page, page cache (${PAGE_CACHE_ENTRIES} entries)`, productPath);

    const size = catalog ? `catalog ${catalog.products}×${catalog.variants} + demo store` : "demo store";
    console.log(`\n[bench] database: ${health.db}; ${size}; ${CONNECTIONS} connections × ${DURATION}s each; load generator on the same machine (${(await import("node:os")).cpus().length} cores)`);
    console.log("| target | req/s | p50 ms | p99 ms | errors/non-2xx | ratio to bare | load avg |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.ratio.toFixed(3)} | ${r.load} |`);
    }
  } finally {
    for (const s of stop) s();
    await stopApp(app);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
