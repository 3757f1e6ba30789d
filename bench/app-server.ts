/** Starting the production build for a benchmark: the same way the Playwright journeys start it. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname;

export function build() {
  console.log("[bench] production build…");
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error("build failed");
}

export async function waitFor(url: string, timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** scripts/e2e-server.mjs on a fresh database (PGlite, or a new PostgreSQL database with DATABASE_URL). */
export function startApp(port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}
