import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadEnvOrExit } from "./app/lib/env.server";
import { pageCacheMiddleware } from "./app/lib/page-cache.server";
import { applyProxySettings } from "./app/lib/proxy.server";
import { plainErrorHandler, securityHeadersMiddleware } from "./app/lib/security-headers.server";
import { startWorker } from "./app/modules/jobs/jobs.server";
import { countStaff, ensureFirstOwner } from "./app/modules/staff/staff.server";
import { MARKET_COOKIE } from "./app/modules/markets/markets.server";
import { registerAllJobHandlers } from "./app/server/job-handlers.server";
import { remixRequestHandler } from "./app/server/request-handler.server";
import { openAndPrepare } from "./db/setup";

// Configuration first: a bad value stops the server with the env module's message, before anything
// opens the database. (No module reads configuration as it loads, so plain imports are safe.)
const env = loadEnvOrExit();

const dev = process.argv.includes("--dev");
const database = { url: env.database.url ?? undefined, pgliteDir: env.database.pgliteDir };
// Several HTTP processes only make sense on PostgreSQL: an embedded PGlite directory has one owner.
const processes = database.url && !dev ? env.server.webConcurrency : 1;
const log = (s: string) => console.log(`[harbor] ${s}`);

/**
 * First run on a database without staff: an owner with a generated password, printed once. A
 * deployment (PostgreSQL in production) never gets a default password; it is told how to create one.
 */
async function firstOwner() {
  const deployed = env.server.production && env.database.url !== null;
  const created = await ensureFirstOwner({ deployed });
  const adminUrl = `${env.server.publicUrl ?? `http://localhost:${env.server.port}`}/admin`;
  if (created) console.log(`admin: ${adminUrl}  email: ${created.email} password: ${created.password}`);
  else if (deployed && (await countStaff()) === 0) log(`admin: ${adminUrl} (no staff yet? create the first owner: npm run harbor -- staff create --email you@example.com --role owner)`);
}

if (processes > 1 && cluster.isPrimary) {
  // Primary: migrate + seed once, run the job worker, and fork the HTTP workers.
  const opened = await openAndPrepare({ ...database, seed: env.database.seed, log });
  await firstOwner();
  registerAllJobHandlers();
  const stopWorker = env.jobs.inWebProcess ? startWorker({ intervalMs: 1000 }) : null;
  for (let i = 0; i < processes; i++) cluster.fork({ HARBOR_HTTP_WORKER: "1" });
  log(`storefront ready at http://localhost:${env.server.port} with ${processes} HTTP processes`);
  const shutdown = async () => {
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = Promise.all(workers.map((w) => new Promise((resolve) => (w.isDead() ? resolve(null) : w.once("exit", resolve)))));
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all([exited, stopWorker?.()]);
    await opened.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
} else {
  await serve(env.server.clusterWorker);
  if (!env.server.clusterWorker) answerMetricsOverIpc();
}

/**
 * When a parent started this process with an IPC channel (bench/soak.ts), it may ask for memory and
 * event-loop delay; nothing is exposed over HTTP. The delay histogram restarts at every answer.
 */
function answerMetricsOverIpc() {
  if (!process.send) return;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on("message", (m: { type?: string } | null) => {
    if (m?.type !== "harbor:metrics") return;
    const mem = process.memoryUsage();
    process.send?.({ type: "harbor:metrics", rss: mem.rss, heapUsed: mem.heapUsed, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 });
    loop.reset();
  });
  // The channel must not keep a stopping server alive.
  process.channel?.unref();
}

async function serve(clusterWorker: boolean) {
  const opened = await openAndPrepare({
    ...database,
    seed: clusterWorker ? "none" : env.database.seed,
    migrate: !clusterWorker,
    log: clusterWorker ? () => {} : log,
  });
  if (!clusterWorker) await firstOwner();

  // The web process runs a job worker too (emails, reservation expiry); HARBOR_WORKER=0 turns it off
  // when workers run separately (`npm run worker`). In cluster mode the primary runs it.
  registerAllJobHandlers();
  const stopWorker = clusterWorker || !env.jobs.inWebProcess ? null : startWorker({ intervalMs: 1000 });

  const app = express();
  app.disable("x-powered-by");
  applyProxySettings(app, env.server.trustProxy);
  app.use(securityHeadersMiddleware({ stripe: env.payments.stripeSecretKey !== null, production: env.server.production, dev }));
  app.use(compression());

  // Uploaded images: names are generated once per file, so they never change and may be cached long.
  app.use("/uploads", express.static(env.storage.uploadsDir, { immutable: true, maxAge: "1y", index: false, dotfiles: "deny" }));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite");
    const server = await vite.createServer({ server: { middlewareMode: true } });
    app.use(server.middlewares);
    build = () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const serverBuild = new URL("./build/server/index.js", import.meta.url);
    if (!existsSync(serverBuild)) throw new Error("No production build: run `npm run build` (npm start does it for you).");
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    const publicFiles = express.static("build/client", { maxAge: "1h" });
    // Every public file has an extension and no page path does: pages skip the file-system lookup.
    app.use((req, res, next) => (/\.[^/]+$/.test(req.path) ? publicFiles(req, res, next) : next()));
    build = (await import(serverBuild.href)) as ServerBuild;
  }
  if (env.server.pageCacheEntries > 0 && !dev) {
    // The remembered market only matters for `/`, which is never cached.
    app.use(pageCacheMiddleware({ maxEntries: env.server.pageCacheEntries, ttlMs: env.server.catalogCacheMs, neutralCookies: [MARKET_COOKIE] }));
  }

  let closing = false;
  // While shutting down, answers still go out but keep-alive connections are not reused.
  app.use((_req, res, next) => {
    if (closing) res.setHeader("Connection", "close");
    next();
  });
  app.all(
    "*",
    remixRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  app.use(plainErrorHandler);

  const server = app.listen(env.server.port, env.server.host, () => {
    if (clusterWorker) return;
    const url = `http://localhost:${env.server.port}`;
    log(`storefront ready at ${url}  (API: ${url}/api/v1/openapi.json)`);
    log(`demo payments and emails are offline: pay on the test payment page; emails go to the outbox table`);
  });

  // SIGTERM: stop accepting, let in-flight requests and the job batch finish (SHUTDOWN_TIMEOUT_MS at
  // most), then close the pool and exit 0. A load balancer or the cluster primary sends new requests
  // elsewhere meanwhile.
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    if (!clusterWorker) log(`${signal}: finishing in-flight requests and jobs`);
    const timeout = setTimeout(() => {
      console.error(`[harbor] ${signal}: requests or jobs still running after ${env.server.shutdownTimeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, env.server.shutdownTimeoutMs);
    timeout.unref();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    await Promise.all([drained, stopWorker?.()]);
    clearInterval(idle);
    await opened.close().catch(() => {});
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
