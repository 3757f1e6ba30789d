import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { loadEnvOrExit } from "./app/lib/env.server";
import { pageCacheMiddleware } from "./app/lib/page-cache.server";
import { applyProxySettings } from "./app/lib/proxy.server";
import { plainErrorHandler, securityHeadersMiddleware } from "./app/lib/security-headers.server";
import { startWorker } from "./app/modules/jobs/jobs.server";
import { MARKET_COOKIE } from "./app/modules/markets/markets.server";
import { registerAllJobHandlers } from "./app/server/job-handlers.server";
import { openAndPrepare } from "./db/setup";

// Configuration first: a bad value stops the server with the env module's message, before anything
// opens the database. (No module reads configuration as it loads, so plain imports are safe.)
const env = loadEnvOrExit();

const dev = process.argv.includes("--dev");
const database = { url: env.database.url ?? undefined, pgliteDir: env.database.pgliteDir };
// Several HTTP processes only make sense on PostgreSQL: an embedded PGlite directory has one owner.
const processes = database.url && !dev ? env.server.webConcurrency : 1;
const log = (s: string) => console.log(`[harbor] ${s}`);

if (processes > 1 && cluster.isPrimary) {
  // Primary: migrate + seed once, run the job worker, and fork the HTTP workers.
  const opened = await openAndPrepare({ ...database, seed: env.database.seed, log });
  registerAllJobHandlers();
  const stopWorker = env.jobs.inWebProcess ? startWorker({ intervalMs: 1000 }) : null;
  for (let i = 0; i < processes; i++) cluster.fork({ HARBOR_HTTP_WORKER: "1" });
  log(`storefront ready at http://localhost:${env.server.port} with ${processes} HTTP processes`);
  const shutdown = async () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
    await stopWorker?.();
    await opened.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
} else {
  await serve(env.server.clusterWorker);
}

async function serve(clusterWorker: boolean) {
  const opened = await openAndPrepare({
    ...database,
    seed: clusterWorker ? "none" : env.database.seed,
    migrate: !clusterWorker,
    log: clusterWorker ? () => {} : log,
  });

  // The web process runs a job worker too (emails, reservation expiry); HARBOR_WORKER=0 turns it off
  // when workers run separately (`npm run worker`). In cluster mode the primary runs it.
  registerAllJobHandlers();
  const stopWorker = clusterWorker || !env.jobs.inWebProcess ? null : startWorker({ intervalMs: 1000 });

  const app = express();
  app.disable("x-powered-by");
  applyProxySettings(app, env.server.trustProxy);
  app.use(securityHeadersMiddleware({ stripe: env.payments.stripeSecretKey !== null, production: env.server.production, dev }));
  app.use(compression());

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
    app.use(express.static("build/client", { maxAge: "1h" }));
    build = (await import(serverBuild.href)) as ServerBuild;
  }
  if (env.server.pageCacheEntries > 0 && !dev) {
    // The remembered market only matters for `/`, which is never cached.
    app.use(pageCacheMiddleware({ maxEntries: env.server.pageCacheEntries, ttlMs: env.server.catalogCacheMs, neutralCookies: [MARKET_COOKIE] }));
  }

  app.all(
    "*",
    createRequestHandler({
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

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    if (!clusterWorker) log(`${signal}: shutting down`);
    server.close();
    await stopWorker?.();
    await opened.close().catch(() => {});
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
