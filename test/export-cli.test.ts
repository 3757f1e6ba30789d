/**
 * `npm run harbor -- export <contacts|orders|points> [--out FILE]` (issue #11), spawned as a person runs
 * it: the CSV on standard output, or in a file with a one-line summary on standard error; a bad kind or
 * an unwritable file is a usage error (exit 2) naming what to fix.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateDb, type Database } from "~db/index";
import { createTestDatabase } from "~db/testing";

const root = new URL("..", import.meta.url).pathname;
let env: Record<string, string> = {};
let dir = "";
let postgresDb: (Database & { url?: string }) | null = null;

function harbor(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/harbor.ts"), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", NODE_ENV: "development", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "harbor-export-"));
  let d: Database;
  if (process.env.DATABASE_URL) {
    postgresDb = await createTestDatabase();
    env = { DATABASE_URL: postgresDb.url! };
    d = postgresDb;
  } else {
    env = { PGLITE_DIR: join(dir, "pglite") };
    d = await createDb({ pgliteDir: env.PGLITE_DIR });
    await migrateDb(d);
  }
  await d.db.execute(sql`insert into contacts (id, email, canonical_email, locale, source, name, notes) values ('con_cli_1', 'ana@cli.example', 'ana@cli.example', 'es', 'test', 'Ana García', '=1+1')`);
  if (!postgresDb) await d.close();
}, 120_000);

afterAll(async () => {
  await postgresDb?.close();
});

describe("npm run harbor -- export", () => {
  it("writes the contacts CSV to standard output: BOM, header, neutralised cells", async () => {
    const r = await harbor(["export", "contacts"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith("\uFEFFEmail,First Name,Last Name,")).toBe(true);
    const line = r.stdout.split("\r\n").find((l) => l.startsWith("ana@cli.example"))!;
    expect(line.split(",").slice(0, 3)).toEqual(["ana@cli.example", "Ana", "García"]);
    expect(line).toContain(",'=1+1,");
  }, 120_000);

  it("writes to --out and says so on standard error; an unknown kind or an unwritable file exits 2", async () => {
    const file = join(dir, "orders.csv");
    const r = await harbor(["export", "orders", "--out", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^orders: \d+ bytes written to .*orders\.csv/);
    expect(readFileSync(file, "utf8")).toBe("\uFEFFNumber,Date,Email,Market,Currency,Total,Tax,Shipping,Status,Refunded,Base Currency,Base Total,Imported From,External ID\r\n");

    const unknown = await harbor(["export", "customers"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "export customers"');

    const unwritable = await harbor(["export", "points", "--out", join(dir, "missing-dir", "points.csv")]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/--out: cannot write .*points\.csv/);
  }, 180_000);
});
