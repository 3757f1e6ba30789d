/**
 * npm run bench:storefront — production build, then autocannon (50 connections, 10 s) on a product page
 * and on GET /api/v1/products?first=20, each beside a bare node:http server returning the same bytes,
 * measured in the same run. Uses DATABASE_URL (PostgreSQL) when set, else the embedded PGlite.
 * With DATABASE_URL it also times search at 10,000 products, typo-tolerant against as-typed
 * (bench/search-at-scale.ts); BENCH_ONLY=search runs just that part.
 */
import autocannon from "autocannon";
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchSearchAtScale } from "./search-at-scale";

const root = new URL("..", import.meta.url).pathname;
const APP_PORT = 3200;
const BARE_PORT = 3201;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

function build() {
  console.log("[bench] production build…");
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error("build failed");
}

async function waitFor(url: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${url}`);
}

function startApp(): ChildProcess {
  const child = spawn(process.execPath, [join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    env: { WEB_CONCURRENCY: "2", ...process.env, PORT: String(APP_PORT), NODE_ENV: "production", HARBOR_FRESH_DB_NAME: "harbor_bench" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

async function run(title: string, url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx };
}

async function main() {
  if (process.env.BENCH_ONLY !== "search") await benchHttp();
  if (process.env.DATABASE_URL) for (const line of await benchSearchAtScale(process.env.DATABASE_URL)) console.log(line);
  else console.log("\n[bench] search at 10,000 products needs DATABASE_URL (PostgreSQL); skipped");
}

async function benchHttp() {
  build();
  const app = startApp();
  const stop: (() => void)[] = [() => app.kill("SIGTERM")];
  try {
    await waitFor(`http://127.0.0.1:${APP_PORT}/healthz`);
    const health = await (await fetch(`http://127.0.0.1:${APP_PORT}/healthz`)).json();
    const list = await (await fetch(`http://127.0.0.1:${APP_PORT}/api/v1/products?market=de-de&first=1&sort=best-selling`)).json();
    const handle: string = list.nodes?.[0]?.handle ?? list.products?.[0]?.handle;
    if (!handle) throw new Error("no product to benchmark");
    const productPath = `/de-de/products/${handle}`;
    const apiPath = `/api/v1/products?market=de-de&first=20`;
    const dir = mkdtempSync(join(tmpdir(), "harbor-bench-"));
    const files: string[] = [];
    for (const [path, type] of [
      [productPath, "text/html; charset=utf-8"],
      [apiPath, "application/json"],
    ] as const) {
      const body = Buffer.from(await (await fetch(`http://127.0.0.1:${APP_PORT}${path}`)).arrayBuffer());
      const file = join(dir, `${files.length}.bin`);
      writeFileSync(file, body);
      files.push(`${path}|${file}|${type}`);
    }
    const bare = fork(join(root, "bench/bare-server.mjs"), [String(BARE_PORT), ...files], { stdio: "inherit" });
    stop.push(() => bare.kill("SIGTERM"));
    await new Promise((r) => bare.once("message", r));

    // Warm-up, so JIT and caches are in the same state for both.
    await autocannon({ url: `http://127.0.0.1:${APP_PORT}${productPath}`, connections: 10, duration: 2 });
    const rows = [];
    for (const [name, path] of [
      ["product page", productPath],
      ["API list first=20", apiPath],
    ] as const) {
      const appResult = await run(`${name} (Harbor)`, `http://127.0.0.1:${APP_PORT}${path}`);
      const bareResult = await run(`${name} (bare node:http)`, `http://127.0.0.1:${BARE_PORT}${path}`);
      rows.push({ ...appResult, ratio: appResult.rps / bareResult.rps }, { ...bareResult, ratio: 1 });
    }
    console.log(`\n[bench] database: ${health.db}; ${CONNECTIONS} connections × ${DURATION}s each; load generator on the same machine`);
    console.log("| target | req/s | p50 ms | p99 ms | errors/non-2xx | ratio to bare |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.ratio.toFixed(3)} |`);
    }
  } finally {
    for (const s of stop) s();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
