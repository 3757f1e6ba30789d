import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { existsSync } from "node:fs";
import { getEnv } from "./app/lib/env.server";
import { registerAllJobHandlers } from "./app/modules/jobs/handlers.server";
import { startWorker } from "./app/modules/jobs/jobs.server";
import { openAndPrepare } from "./db/setup";

const dev = process.argv.includes("--dev");
const env = getEnv();

const database = await openAndPrepare({
  url: env.DATABASE_URL,
  pgliteDir: env.PGLITE_DIR,
  seed: env.HARBOR_SEED,
  log: (s) => console.log(`[harbor] ${s}`),
});

// The web process runs a job worker too (emails, reservation expiry); HARBOR_WORKER=0 turns it off
// when workers run separately (`npm run worker`).
registerAllJobHandlers();
const stopWorker = process.env.HARBOR_WORKER === "0" ? null : startWorker({ intervalMs: 1000 });

const app = express();
app.disable("x-powered-by");
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

app.all("*", createRequestHandler({ build, mode: dev ? "development" : "production" }));

const server = app.listen(env.PORT, env.HOST, () => {
  const url = `http://localhost:${env.PORT}`;
  console.log(`[harbor] storefront ready at ${url}  (API: ${url}/api/v1/openapi.json)`);
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`[harbor] ${signal}: shutting down`);
  server.close();
  await stopWorker?.();
  await database.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
