// `npm run worker`: a job worker on its own (the web process runs one too).
//   tsx worker.ts [--once]
// With the embedded PGlite database only one process may open the data directory, so a separate
// worker needs DATABASE_URL (PostgreSQL) unless the web server is not running (pass --pglite).
import { hostname } from "node:os";
import { loadEnvOrExit } from "./app/lib/env.server";
import { registeredKinds, runDueJobs, startWorker } from "./app/modules/jobs/jobs.server";
import { registerAllJobHandlers } from "./app/server/job-handlers.server";
import { openAndPrepare } from "./db/setup";

// Configuration first (as in server.ts): a bad value stops the worker before the database is opened.
const env = loadEnvOrExit();

const log = (s: string) => console.log(`[worker] ${s}`);
const once = process.argv.includes("--once");

if (!env.database.url && !process.argv.includes("--pglite")) {
  console.error(
    "[worker] DATABASE_URL is not set. The embedded PGlite database can be opened by one process only, and the web server already runs a worker.\n" +
      "         Set DATABASE_URL to run workers separately, or pass --pglite when the web server is stopped.",
  );
  process.exit(1);
}

const database = await openAndPrepare({ url: env.database.url ?? undefined, pgliteDir: env.database.pgliteDir, seed: "none", log });
registerAllJobHandlers();
const workerId = `${hostname()}:${process.pid}`;
log(`${workerId} handling: ${registeredKinds().join(", ")}`);

if (once) {
  let total = 0;
  for (;;) {
    const r = await runDueJobs({ workerId, limit: 50 });
    total += r.claimed;
    if (r.claimed === 0) break;
  }
  log(`ran ${total} job(s)`);
  await database.close();
  process.exit(0);
}

const intervalMs = env.jobs.pollMs;
const stop = startWorker({ intervalMs, workerId, limit: env.jobs.batchSize, log });
log(`polling every ${intervalMs} ms`);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log(`${signal}: finishing the current batch`);
  await stop();
  await database.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
