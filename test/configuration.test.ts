/**
 * The configuration contract: README documents exactly the variables the env module reads, nothing
 * but the env module reads them, and a real deployment without its secrets does not start.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "../app/lib/env.server";

const root = join(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** Rows of the markdown tables in README's configuration section, as trimmed cells. */
function configurationTables(): string[][][] {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Configuration (environment)"));
  if (!section) throw new Error("README.md has no '## Configuration (environment)' section");
  const tables: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of section.split("\n")) {
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    const cells = line.slice(1, -1).split("|").map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    if (!current) tables.push((current = []));
    current.push(cells);
  }
  return tables.map(([, ...rows]) => rows); // drop header rows
}

const unquote = (cell: string) => /^`([A-Z][A-Z0-9_]*)`$/.exec(cell)?.[1] ?? null;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "migrations" ? [] : files(p);
    return /\.(ts|tsx|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

describe("README configuration table", () => {
  const [appTable, toolingTable] = configurationTables();

  it("lists every variable of the env schema in its group, one per row, and nothing else", () => {
    const documented = appTable!.map(([group, variable]) => `${group}:${unquote(variable!) ?? variable}`);
    const schema = Object.entries(ENV_VARIABLES).flatMap(([group, vars]) => vars.map((v) => `${group}:${v}`));
    expect(new Set(documented).size).toBe(documented.length);
    expect(documented.filter((d) => !schema.includes(d)), "documented in README but not in the env schema (or in another group)").toEqual([]);
    expect(schema.filter((s) => !documented.includes(s)), "in the env schema but missing from README").toEqual([]);
    for (const row of appTable!) expect(row[2], `default of ${row[1]}`).not.toBe("");
    for (const row of appTable!) expect(row[3]!.length, `meaning of ${row[1]}`).toBeGreaterThan(4);
  });

  it("lists the variables only scripts and test tooling read, none of which the app reads", () => {
    const tooling = toolingTable!.map(([variable]) => unquote(variable!));
    const appVars = Object.values(ENV_VARIABLES).flat();
    expect(tooling.filter((v) => v === null || appVars.includes(v))).toEqual([]);
    const scripts = [...files(join(root, "scripts")), join(root, "playwright.config.ts")];
    const read = new Set(scripts.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)));
    expect([...read].filter((v) => !appVars.includes(v) && !tooling.includes(v)), "read by a script but not in README").toEqual([]);
  });
});

describe("configuration is read in one place", () => {
  it("nothing in app/, db/, emails/ or server.ts reads process.env except app/lib/env.server.ts (tests and test setup aside)", () => {
    const sources = [...files(join(root, "app")), ...files(join(root, "db")), ...files(join(root, "emails")), join(root, "server.ts")]
      .map((f) => relative(root, f))
      .filter((f) => f !== "app/lib/env.server.ts" && !/\.test\.tsx?$/.test(f) && !f.startsWith("db/testing"));
    const offenders = sources.filter((f) => /process\.env\b/.test(readFileSync(join(root, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("no runtime code under app/ imports the test stand-ins", () => {
    const runtime = files(join(root, "app")).filter((f) => !/\.test\.tsx?$/.test(f));
    const offenders = runtime.filter((f) => /from ["'][^"']*test\/stand-ins/.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});

describe("starting the server", () => {
  it("refuses a real deployment without SESSION_SECRET and PUBLIC_URL, naming both, before touching the database", () => {
    // Port 9 (discard) on loopback: nothing may connect to it; the process must stop before trying.
    const r = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATABASE_URL: "postgres://harbor@127.0.0.1:9/harbor" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("[harbor] refusing to start. Invalid configuration:");
    expect(r.stderr).toMatch(/SESSION_SECRET: is required when DATABASE_URL is set and NODE_ENV=production/);
    expect(r.stderr).toMatch(/PUBLIC_URL: is required when DATABASE_URL is set and NODE_ENV=production/);
    expect(r.stdout).not.toContain("database:");
  });
});
