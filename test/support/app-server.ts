/**
 * The real web process as `npm start` runs it (production build, rebuilt first when the sources are
 * newer) on a database of the test's choosing, for tests that stop databases or kill processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

export interface AppServer {
  base: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startAppServer(opts: { port: number; env: Record<string, string> }): AppServer {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("VITEST") && !["DATABASE_URL", "NODE_ENV", "PORT", "TEST"].includes(k)) env[k] = v;
  }
  const child = spawn(process.execPath, ["--max-old-space-size=256", join(root, "scripts/start.mjs")], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${opts.port}`,
      SESSION_SECRET: "outage-test-secret-0123456789abcdefghij",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    base: `http://127.0.0.1:${opts.port}`,
    child,
    output: () => log,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForOk(url: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      if (r.ok) return Date.now() - t0;
    } catch {}
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} not OK after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
