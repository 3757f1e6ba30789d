/**
 * npm run bench:soak [--minutes N] (default 10) — mixed traffic against one production-build Harbor
 * process on PostgreSQL (DATABASE_URL): catalog pages in several markets, API lists and product
 * lookups, search (mostly one-off words, as real visitors type them), carts created and filled, and
 * checkouts paid on the demo provider's page. Every 10 s it samples the server's RSS and heap, its
 * event-loop delay (p99 and max), the open database connections (pg_stat_activity), request p50/p99
 * and errors, prints one table row, and at the end a verdict:
 *   after the first 2 minutes RSS grows < 10 % and stays < 400 MB, p99 does not drift upward, 0 errors.
 * `--no-build` reuses an existing build. SOAK_USERS sets the concurrent virtual shoppers (default 8).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";

const root = new URL("..", import.meta.url).pathname;
const PORT = Number(process.env.SOAK_PORT ?? 3210);
const BASE = `http://127.0.0.1:${PORT}`;
const USERS = Number(process.env.SOAK_USERS ?? 8);
const SAMPLE_MS = 10_000;
const WARMUP_MS = 120_000;
const DB_NAME = "harbor_soak";

function minutesArg(): number {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === "--minutes" || a.startsWith("--minutes="));
  const raw = i < 0 ? (argv.find((a) => /^\d+(\.\d+)?$/.test(a)) ?? process.env.npm_config_minutes) : argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : 10;
}

type ServerMetrics = { rss: number; heapUsed: number; loopP99Ms: number; loopMaxMs: number };

class Server {
  private waiting: ((m: ServerMetrics) => void)[] = [];
  constructor(readonly child: ChildProcess) {
    child.on("message", (m: { type?: string } & ServerMetrics) => {
      if (m?.type === "harbor:metrics") this.waiting.shift()?.(m);
    });
  }
  metrics(): Promise<ServerMetrics> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("the server did not report metrics")), 5000);
      this.waiting.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
      this.child.send({ type: "harbor:metrics" });
    });
  }
  /** RSS straight from the kernel, as a cross-check of what the process reports. */
  kernelRss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  }
}

/** The V8 flags `npm start` runs with (the heap cap), so the soak measures what production runs. */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  return start.match(/--max-old-space-size=\d+/g) ?? [];
}

function startServer(databaseUrl: string): Server {
  const child = spawn(process.execPath, [...startFlags(), join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      NODE_ENV: "production",
      WEB_CONCURRENCY: "1",
      HARBOR_FRESH_DB_NAME: DB_NAME,
      HARBOR_EXPOSE_OUTBOX: "0",
      // Shoppers arrive from many addresses (X-Forwarded-For below), as behind a proxy.
      TRUST_PROXY: "loopback",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Server(child);
}

async function waitFor(url: string, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${url}`);
}

// ------------------------------------------------------------------------------------------- traffic

interface Window {
  latencies: number[];
  errors: number;
  requests: number;
  lastError: string | null;
}
let win: Window = { latencies: [], errors: 0, requests: 0, lastError: null };

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
let ipCounter = 0;
const nextIp = () => `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}`;

/** One timed request; `ok` lists the statuses this step expects (anything else is an error). */
async function req(path: string, init: RequestInit & { ip: string; ok?: number[] }): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("X-Forwarded-For", init.ip);
  const t0 = performance.now();
  let res: Response;
  try {
    res = await fetch(BASE + path, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    await res.clone().arrayBuffer();
  } catch (e) {
    win.requests++;
    win.errors++;
    win.lastError = `${init.method ?? "GET"} ${path}: ${(e as Error).message}`;
    throw e;
  }
  win.requests++;
  win.latencies.push(performance.now() - t0);
  const ok = init.ok ?? [200];
  if (!ok.includes(res.status)) {
    win.errors++;
    win.lastError = `${init.method ?? "GET"} ${path}: ${res.status} ${(await res.clone().text()).slice(0, 160)}`;
    throw new Error(win.lastError);
  }
  return res;
}

const json = (body: unknown, token?: string): RequestInit => ({
  body: JSON.stringify(body),
  headers: { "Content-Type": "application/json", ...(token ? { "X-Cart-Token": token } : {}) },
});

interface Catalog {
  markets: string[];
  handles: Record<string, string[]>;
  collections: Record<string, string[]>;
  variants: Record<string, string[]>;
}

const WORDS = ["tea", "bowl", "cup", "linen", "oak", "vase", "blue", "glaze", "mug", "plate", "kettle", "towel"];
const ADDRESSES: Record<string, Record<string, string>> = {
  "de-de": { name: "Soak Shopper", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
  "en-us": { name: "Soak Shopper", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001", country: "US" },
};

async function loadCatalog(): Promise<Catalog> {
  const ip = nextIp();
  const all = (await (await req("/api/v1/markets", { ip })).json()) as { nodes?: { handle: string }[]; markets?: { handle: string }[] };
  const handles = (all.nodes ?? all.markets ?? []).map((m) => m.handle);
  const preferred = ["de-de", "en-us", "fr-fr", "ja-jp", "en-gb"].filter((h) => handles.includes(h));
  const markets = (preferred.length >= 2 ? preferred : handles).slice(0, 4);
  const cat: Catalog = { markets, handles: {}, collections: {}, variants: {} };
  for (const m of markets) {
    const list = (await (await req(`/api/v1/products?market=${m}&first=50`, { ip })).json()) as { nodes: { handle: string; availableForSale: boolean }[] };
    cat.handles[m] = list.nodes.map((p) => p.handle);
    cat.variants[m] = [];
    for (const p of list.nodes.filter((x) => x.availableForSale).slice(0, 12)) {
      const detail = (await (await req(`/api/v1/products/${p.handle}?market=${m}`, { ip })).json()) as { variants: { id: string; availableForSale: boolean }[] };
      cat.variants[m]!.push(...detail.variants.filter((v) => v.availableForSale).map((v) => v.id));
    }
    const cols = (await (await req(`/api/v1/collections?market=${m}`, { ip })).json()) as { collections: { handle: string }[] };
    cat.collections[m] = cols.collections.map((c) => c.handle);
  }
  return cat;
}

async function browse(cat: Catalog) {
  const ip = nextIp();
  const m = pick(cat.markets);
  const r = rnd(6);
  if (r === 0) await req(`/${m}`, { ip });
  else if (r === 1 && cat.collections[m]!.length) await req(`/${m}/collections/${pick(cat.collections[m]!)}?sort=${pick(["price-asc", "newest", "best-selling"])}`, { ip });
  else if (r === 2) await req(`/${m}/products/${pick(cat.handles[m]!)}`, { ip });
  else if (r === 3) await req(`/api/v1/products?market=${m}&first=${pick([10, 20, 50])}`, { ip });
  else if (r === 4) await req(`/api/v1/products/${pick(cat.handles[m]!)}?market=${m}`, { ip });
  // Search: a known word or a one-off one, the keys visitors really send (each a new cache key).
  else await req(`/${m}/search?q=${encodeURIComponent(Math.random() < 0.5 ? pick(WORDS) : `${pick(WORDS)}${rnd(1e6)}`)}`, { ip });
}

async function shop(cat: Catalog, pay: boolean) {
  const ip = nextIp();
  const m = pick(Object.keys(ADDRESSES).filter((x) => cat.markets.includes(x)));
  const created = (await (await req("/api/v1/carts", { method: "POST", ip, ok: [201], ...json({ market: m }) })).json()) as { id: string; token: string };
  const { id, token } = created;
  for (let i = 0, n = 1 + rnd(3); i < n; i++) {
    await req(`/api/v1/carts/${id}/lines`, { method: "POST", ip, ok: [201], ...json({ variantId: pick(cat.variants[m]!), quantity: 1 }, token) });
  }
  await req(`/api/v1/carts/${id}`, { ip, headers: { "X-Cart-Token": token } });
  if (!pay) return;
  await req(`/api/v1/carts/${id}/email`, { method: "PUT", ip, ...json({ email: `soak${rnd(1e9)}@example.com` }, token) });
  const addressed = (await (await req(`/api/v1/carts/${id}/shipping-address`, { method: "PUT", ip, ...json(ADDRESSES[m], token) })).json()) as {
    shippingMethods: { code: string }[];
  };
  await req(`/api/v1/carts/${id}/shipping-method`, { method: "PUT", ip, ...json({ method: addressed.shippingMethods[0]!.code }, token) });
  const payment = (await (await req(`/api/v1/carts/${id}/payment`, { method: "POST", ip, ok: [201], ...json({}, token) })).json()) as { redirectUrl: string };
  const url = new URL(payment.redirectUrl);
  const form = new URLSearchParams({ outcome: "succeed", token: url.searchParams.get("token") ?? "" });
  await req(url.pathname, { method: "POST", ip, ok: [302, 303], body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

async function shopper(cat: Catalog, until: number) {
  while (Date.now() < until) {
    const r = Math.random();
    await (r < 0.75 ? browse(cat) : shop(cat, r < 0.85)).catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------ sampling

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  loopP99: number;
  loopMax: number;
  dbConns: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
}

const quantile = (xs: number[], q: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const mb = (b: number) => b / 1024 / 1024;

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("bench:soak runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).");
  const minutes = minutesArg();
  if (!process.argv.includes("--no-build")) {
    console.log("[soak] production build…");
    const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error("build failed");
  }
  const server = startServer(url);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${DB_NAME}`;
  let admin: postgres.Sql | null = null;
  try {
    await waitFor(`${BASE}/healthz`);
    admin = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
    // Enough stock that ten minutes of checkouts never run a variant dry (sold out is not what we measure).
    await admin`update inventory_levels set on_hand = 1000000`;
    const cat = await loadCatalog();
    console.log(`[soak] ${minutes} min, ${USERS} concurrent shoppers, node ${startFlags().join(" ") || "(no flags)"}, markets ${cat.markets.join(", ")}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
    const t0 = Date.now();
    const until = t0 + minutes * 60_000;
    const samples: Sample[] = [];
    const traffic = Promise.all(Array.from({ length: USERS }, () => shopper(cat, until)));
    console.log("| t s | RSS MB | heap MB | loop p99 ms | loop max ms | DB conns | req | p50 ms | p99 ms | errors |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let lastError: string | null = null;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, Math.min(SAMPLE_MS, until - Date.now())));
      const w = win;
      win = { latencies: [], errors: 0, requests: 0, lastError: null };
      const m = await server.metrics();
      const [{ n }] = await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = ${DB_NAME} and application_name = 'harbor'`;
      const s: Sample = {
        t: Math.round((Date.now() - t0) / 1000),
        rssMb: mb(server.kernelRss() || m.rss),
        heapMb: mb(m.heapUsed),
        loopP99: m.loopP99Ms,
        loopMax: m.loopMaxMs,
        dbConns: n,
        requests: w.requests,
        p50: quantile(w.latencies, 0.5),
        p99: quantile(w.latencies, 0.99),
        errors: w.errors,
      };
      samples.push(s);
      lastError = w.lastError ?? lastError;
      console.log(
        `| ${s.t} | ${s.rssMb.toFixed(0)} | ${s.heapMb.toFixed(0)} | ${s.loopP99.toFixed(1)} | ${s.loopMax.toFixed(1)} | ${s.dbConns} | ${s.requests} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} | ${s.errors} |`,
      );
    }
    await traffic;
    verdict(samples, lastError);
  } finally {
    await admin?.end().catch(() => {});
    server.child.kill("SIGTERM");
  }
}

function verdict(samples: Sample[], lastError: string | null) {
  const after = samples.filter((s) => s.t * 1000 >= WARMUP_MS);
  const base = after.length ? after : samples;
  const start = base[0]!;
  const peakRss = Math.max(...base.map((s) => s.rssMb));
  const growth = (peakRss - start.rssMb) / start.rssMb;
  const third = Math.max(1, Math.floor(base.length / 3));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const earlyP99 = mean(base.slice(0, third).map((s) => s.p99));
  const lateP99 = mean(base.slice(-third).map((s) => s.p99));
  // Drift: the last third's p99 above the first third's by more than half (and 20 ms, to ignore noise on tiny numbers).
  const drift = lateP99 > earlyP99 * 1.5 && lateP99 - earlyP99 > 20;
  const errors = samples.reduce((a, s) => a + s.errors, 0);
  const checks = [
    [`RSS growth after ${after.length ? "minute 2" : "the first sample (run shorter than 2 min)"}: ${(growth * 100).toFixed(1)} % (< 10 %)`, growth < 0.1],
    [`peak RSS ${peakRss.toFixed(0)} MB (< 400 MB)`, peakRss < 400],
    [`p99 first third ${earlyP99.toFixed(0)} ms → last third ${lateP99.toFixed(0)} ms (no upward drift)`, !drift],
    [`errors ${errors} (0)${lastError ? `; last: ${lastError}` : ""}`, errors === 0],
  ] as const;
  console.log("");
  for (const [text, ok] of checks) console.log(`[soak] ${ok ? "PASS" : "FAIL"} ${text}`);
  const pass = checks.every(([, ok]) => ok);
  console.log(`[soak] verdict: ${pass ? "PASS" : "FAIL"}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  process.exitCode = pass ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
