// Starts the production build on a fresh database for the Playwright journeys:
// a new PGlite directory, or (with DATABASE_URL) a freshly created PostgreSQL database.
// It runs before any TypeScript is loaded, so it sets process-level switches directly; the app reads
// them through app/lib/env.server.ts.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
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
  // Production mode on PostgreSQL counts as a real deployment, which refuses to start without these.
  process.env.PUBLIC_URL ??= `http://localhost:${process.env.PORT}`;
  process.env.SESSION_SECRET ??= randomBytes(32).toString("base64url");
  // The journeys pay on the offline demo page, which PostgreSQL deployments must switch on explicitly.
  process.env.HARBOR_DEMO_PAYMENTS ??= "1";
} else {
  // A subdirectory, so the generated session secret (kept beside the database) stays in the temp dir.
  process.env.PGLITE_DIR = join(mkdtempSync(join(tmpdir(), "harbor-e2e-")), "pglite");
}
if (process.env.HARBOR_HTTP_WORKER !== "1") {
  // One staff member per role (e2e/staff-accounts.ts), before the server takes the database.
  const r = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "e2e/create-staff.ts")], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(join(root, "scripts/start.mjs"));
