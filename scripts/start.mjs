// `npm start`: build the app if the build is missing or older than the sources, then serve it.
// Plain JavaScript that runs before any TypeScript: it reads HARBOR_SKIP_BUILD and defaults NODE_ENV
// itself; everything else is read by app/lib/env.server.ts.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const buildFile = join(root, "build/server/index.js");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ["app", "db", "public", "emails"].map((d) => join(root, d)).filter(existsSync);
const stale =
  !existsSync(buildFile) ||
  Math.max(...sources.map(newestMtime), statSync(join(root, "vite.config.ts")).mtimeMs) > statSync(buildFile).mtimeMs;

if (stale && process.env.HARBOR_SKIP_BUILD !== "1") {
  console.log("[harbor] building the storefront (first start or sources changed)…");
  const r = spawnSync(process.execPath, [join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

process.env.NODE_ENV ??= "production";
const { register } = await import("tsx/esm/api");
register();
await import(join(root, "server.ts"));
