import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import net from "node:net";
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
/** SIGTERM: idle keep-alive connections a proxy has not reused are closed this long before SHUTDOWN_TIMEOUT_MS. */
const IDLE_CLOSE_BEFORE_DEADLINE_MS = 2000;

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
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${processes} HTTP processes and the job worker`);
    // The HTTP processes keep their own SHUTDOWN_TIMEOUT_MS; this one covers the primary's job batch.
    const timeout = setTimeout(() => {
      console.error(`[harbor] ${signal}: HTTP processes or jobs still running after ${env.server.shutdownTimeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, env.server.shutdownTimeoutMs + 1000);
    timeout.unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = Promise.all(
      workers.map((w) => new Promise<number | null>((resolve) => (w.isDead() ? resolve(w.process.exitCode ?? null) : w.once("exit", (code: number | null) => resolve(code))))),
    );
    // The signal itself, not worker.kill(): that disconnects first, and a worker the primary
    // disconnects exits at once (Node's cluster), dropping its in-flight requests.
    for (const w of workers) w.process.kill("SIGTERM");
    const [codes] = await Promise.all([exited, stopWorker?.()]);
    await opened.close().catch(() => {});
    // An HTTP process that had to cut work short exited 1: so does the whole server.
    process.exit(codes.every((c) => c === 0) ? 0 : 1);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
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
  let closing = false;
  // While shutting down, every answer (static files and cached pages too) ends its connection, so a
  // proxy does not send the next request on a connection that is about to close.
  app.use((_req, res, next) => {
    if (closing) res.setHeader("Connection", "close");
    next();
  });
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
  // A proxy reuses idle connections for up to its own idle timeout (60 s at AWS ALB and nginx); if
  // Harbor closed them sooner (Node's default is 5 s) a request sent on a closing one is reset.
  server.keepAliveTimeout = env.server.keepAliveTimeoutMs;
  // Node times the headers of a request on a reused connection from when it went idle: keep this
  // timer above keepAliveTimeout so it never cuts an idle connection short.
  server.headersTimeout = env.server.keepAliveTimeoutMs + 1000;

  // SIGTERM (docs/architecture.md, "Shutdown"): stop accepting connections at once (a balancer's new
  // connection is refused and retried on another process: nothing was sent), answer what arrives on
  // open connections with `Connection: close`, let the job batch finish, then close the pool and exit
  // 0 — or exit 1 after SHUTDOWN_TIMEOUT_MS with whatever is still running.
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    if (!clusterWorker) log(`${signal}: finishing in-flight requests and jobs`);
    const { shutdownTimeoutMs } = env.server;
    const timeout = setTimeout(() => {
      console.error(`[harbor] ${signal}: requests or jobs still running after ${shutdownTimeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, shutdownTimeoutMs);
    timeout.unref();
    // net.Server's close, not http.Server's: the latter also drops idle keep-alive connections at once,
    // and a proxy may be writing a request on one at that moment (reset after sending: a lost request).
    const drained = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
    // Idle keep-alive connections stay open: a proxy sending on one gets its answer with
    // `Connection: close`, so a busy proxy empties its pool by itself. Only connections it leaves
    // unused until shortly before the deadline are closed then (the proxy is least likely to pick
    // those), and any that go idle later, every 100 ms.
    let sweep: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      server.closeIdleConnections();
      sweep = setInterval(() => server.closeIdleConnections(), 100);
    }, Math.max(shutdownTimeoutMs / 2, shutdownTimeoutMs - IDLE_CLOSE_BEFORE_DEADLINE_MS));
    await Promise.all([drained, stopWorker?.()]);
    clearTimeout(grace);
    clearInterval(sweep);
    await opened.close().catch(() => {});
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
