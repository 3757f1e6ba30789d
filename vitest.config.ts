import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~db": fileURLToPath(new URL("./db", import.meta.url)),
      "~": fileURLToPath(new URL("./app", import.meta.url)),
    },
  },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "emails/**/*.test.ts", "bench/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./db/testing.global.ts"],
    setupFiles: ["./test/setup/env.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
