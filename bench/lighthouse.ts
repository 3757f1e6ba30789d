/**
 * npm run bench:lighthouse — production build on a fresh demo database, then Lighthouse (mobile
 * preset: its default emulated phone, simulated slow 4G and 4× CPU slowdown) in Debian's Chromium on
 * the en-us home, a collection and a product page. Prints the four category scores, TBT, LCP and
 * the JavaScript per page (gzip bodies, and Lighthouse's transfer size with headers); `--runs N` keeps the median run by Performance.
 * Options: --no-build (reuse build/), --runs N, --json FILE (the summary rows as JSON).
 * Targets (issue #8): Performance ≥ 95, Accessibility, Best Practices and SEO 100; product JS ≤ 100 KB.
 */
import lighthouse from "lighthouse";
import { spawn } from "node:child_process";
import { get } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { build, startApp, waitFor } from "./app-server";

const PORT = Number(process.env.BENCH_LIGHTHOUSE_PORT ?? 3211);
const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Headless Chromium with a DevTools port for Lighthouse to drive. */
async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "harbor-lighthouse-"));
  const child = spawn(
    CHROMIUM,
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync", "--disable-component-update", `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`chromium exited (${code}): ${err.slice(-500)}`)));
  });
  return {
    port,
    async close() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

type Row = {
  page: string;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  tbtMs: number;
  lcpMs: number;
  /** The scripts' gzip bodies as the server sends them. */
  jsKb: number;
  /** What Lighthouse counts: the same plus each response's headers. */
  jsTransferKb: number;
  failing: string[];
};

/** The gzip-encoded body size of one URL as this server sends it. */
function gzipBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
      let n = 0;
      res.on("data", (d: Buffer) => (n += d.length));
      res.on("end", () => resolve(n));
    }).on("error", reject);
  });
}

async function audit(port: number, page: string, url: string): Promise<Row> {
  const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`no Lighthouse result for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Row["scores"];
  const summary = (lhr.audits["resource-summary"]?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items ?? [];
  const jsTransfer = summary.find((i) => i.resourceType === "script")?.transferSize ?? 0;
  const requests = (lhr.audits["network-requests"]?.details as { items?: { url: string; resourceType?: string }[] } | undefined)?.items ?? [];
  const scripts = requests.filter((r) => r.resourceType === "Script").map((r) => r.url);
  let jsGzip = 0;
  for (const src of scripts) jsGzip += await gzipBytes(src);
  // The audits that cost points outside Performance (Performance's own opportunities are in the full report).
  const failing = CATEGORIES.filter((c) => c !== "performance").flatMap((c) =>
    (lhr.categories[c]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${c}: ${ref.id}`),
  );
  return {
    page,
    path: new URL(url).pathname,
    scores,
    tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
    lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
    jsKb: Math.round(jsGzip / 102.4) / 10,
    jsTransferKb: Math.round(jsTransfer / 102.4) / 10,
    failing,
  };
}

async function main() {
  const runs = Math.max(1, Number(option("--runs") ?? 1));
  if (!process.argv.includes("--no-build")) build();
  const app = startApp(PORT, { HARBOR_FRESH_DB_NAME: "harbor_bench_lighthouse" });
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitFor(`${base}/healthz`);
    const collections = await (await fetch(`${base}/api/v1/collections?market=en-us`)).json();
    const products = await (await fetch(`${base}/api/v1/products?market=en-us&first=1&sort=best-selling`)).json();
    const collection: string | undefined = (collections.nodes ?? collections.collections ?? collections)[0]?.handle;
    const product: string | undefined = (products.nodes ?? products.products)?.[0]?.handle;
    if (!collection || !product) throw new Error("the demo store has no collection or product to audit");
    const pages = [
      ["home", `${base}/en-us`],
      ["collection", `${base}/en-us/collections/${collection}`],
      ["product", `${base}/en-us/products/${product}`],
    ] as const;
    // Warm the server's caches so the first audit does not pay for them.
    for (const [, url] of pages) await fetch(url);
    chromium = await launchChromium();
    const rows: Row[] = [];
    for (const [page, url] of pages) {
      const results: Row[] = [];
      for (let i = 0; i < runs; i++) results.push(await audit(chromium.port, page, url));
      results.sort((a, b) => a.scores.performance - b.scores.performance);
      rows.push(results[Math.floor(results.length / 2)]!);
    }
    const load = loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`\n[lighthouse] mobile preset, Chromium ${CHROMIUM}; ${runs} run(s) per page, median by Performance; load average ${load}`);
    console.log("| page | path | Performance | Accessibility | Best Practices | SEO | TBT ms | LCP ms | JS KB gzip | JS KB transferred (with headers) |");
    console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(`| ${r.page} | ${r.path} | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${r.scores.seo} | ${r.tbtMs} | ${r.lcpMs} | ${r.jsKb} | ${r.jsTransferKb} |`);
    }
    for (const r of rows) if (r.failing.length) console.log(`[lighthouse] ${r.page}: ${r.failing.join(", ")}`);
    const json = option("--json");
    if (json) writeFileSync(json, JSON.stringify(rows, null, 2));
  } finally {
    app.kill("SIGTERM");
    await chromium?.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
