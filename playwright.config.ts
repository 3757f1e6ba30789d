import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";

function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined;
}

const executablePath = chromiumPath();
if (!executablePath && !process.env.PLAYWRIGHT_USE_BUNDLED) {
  throw new Error(
    "No Chromium found for the browser tests. Install Debian's: `apt-get update && apt-get install -y chromium` " +
      "(or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary).",
  );
}

const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Journeys on a loaded 2-core CI machine take longer than on a laptop; a stuck page still fails.
  timeout: process.env.CI ? 60_000 : 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    env: { PORT: String(PORT) },
    url: `http://localhost:${PORT}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
