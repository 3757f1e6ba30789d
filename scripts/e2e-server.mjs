// Starts the production build on a fresh database for the Playwright journeys:
// a new PGlite directory, or (with DATABASE_URL) a freshly created PostgreSQL database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";

const root = new URL("..", import.meta.url).pathname;
process.env.PORT ??= "3100";
process.env.HARBOR_SKIP_BUILD = "1";
process.env.HARBOR_EXPOSE_OUTBOX ??= "1";
if (process.env.HARBOR_HTTP_WORKER === "1") {
  // A cluster worker forked by the server: the fresh database already exists.
} else if (process.env.DATABASE_URL) {
  const name = process.env.HARBOR_FRESH_DB_NAME ?? "harbor_e2e";
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
} else {
  process.env.PGLITE_DIR = mkdtempSync(join(tmpdir(), "harbor-e2e-"));
}
await import(join(root, "scripts/start.mjs"));
