/**
 * `npm run harbor` (issue #9), spawned as a person would run it: exit codes, output lines, --json,
 * messages naming the flag, only a token's hash stored, and the embedded database refused while
 * another process holds it. With DATABASE_URL the commands run against a PostgreSQL database that
 * this process keeps connections open to, as a running server would.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "~db/index";
import { apiTokensTable, staffTable } from "~db/schema/staff";
import { createTestDatabase } from "~db/testing";

const root = new URL("..", import.meta.url).pathname;
const usePostgres = Boolean(process.env.DATABASE_URL);
let env: Record<string, string> = {};
let pgliteDir = "";
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

/** Reads the database the CLI wrote (the PGlite directory is free again once the CLI exited). */
async function withDatabase<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  if (postgresDb) return fn(postgresDb);
  const d = await createDb({ pgliteDir });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  if (usePostgres) {
    postgresDb = await createTestDatabase();
    env = { DATABASE_URL: postgresDb.url! };
  } else {
    pgliteDir = join(mkdtempSync(join(tmpdir(), "harbor-cli-")), "pglite");
    env = { PGLITE_DIR: pgliteDir };
  }
}, 120_000);

afterAll(async () => {
  await postgresDb?.close();
});

describe("npm run harbor", () => {
  it("--help lists every command; no command at all is a usage error", async () => {
    const help = await harbor(["--help"]);
    expect(help.code).toBe(0);
    for (const c of ["staff create", "staff list", "staff token"]) expect(help.stdout).toContain(c);
    const none = await harbor([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("usage: npm run harbor -- <command>");
  });

  it("names the flag on bad input, before touching the database", async () => {
    const cases: [string[], RegExp][] = [
      [["staff", "create", "--email", "x@example.com", "--role", "boss"], /--role must be one of owner, marketer, support, catalog/],
      [["staff", "create", "--role", "owner"], /missing --email/],
      [["staff", "create", "--email", "not-an-email", "--role", "owner"], /--email must be an email address/],
      [["staff", "create", "--email", "x@example.com", "--role", "owner", "--password", "short"], /--password must be 8 to 256 characters/],
      [["staff", "list", "--colour"], /unknown option --colour/],
      [["staff", "token"], /missing --email/],
      [["staff", "fire"], /unknown command "staff fire"/],
    ];
    for (const [args, message] of cases) {
      const r = await harbor(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
  }, 120_000);

  it("creates staff (printing a generated password once), lists them, issues a token once (--json) and stores only its hash", async () => {
    const created = await harbor(["staff", "create", "--email", "Owner@Shop.Example", "--role", "owner"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split("\n");
    expect(lines[0]).toBe("created owner@shop.example owner");
    expect(lines[1]).toMatch(/^password: [A-Za-z0-9_-]{24}$/);

    const withPassword = await harbor(["staff", "create", "--email", "mia@shop.example", "--role", "marketer", "--password", "a-chosen-password"]);
    expect(withPassword.code).toBe(0);
    expect(withPassword.stdout).toBe("created mia@shop.example marketer\n");

    const again = await harbor(["staff", "create", "--email", "mia@shop.example", "--role", "support"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--email: mia@shop.example already has a staff account/);

    const list = await harbor(["staff", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe("mia@shop.example marketer\nowner@shop.example owner\n");

    const bare = await harbor(["staff", "token", "--email", "mia@shop.example"]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/^hbr_[A-Za-z0-9_-]{32}\n$/);

    const json = await harbor(["staff", "token", "--email", "owner@shop.example", "--name", "zapier", "--json"]);
    expect(json.code).toBe(0);
    const { token } = JSON.parse(json.stdout) as { token: string };
    expect(token).toMatch(/^hbr_/);

    const unknown = await harbor(["staff", "token", "--email", "nobody@shop.example"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--email: no staff member with the email nobody@shop.example/);

    await withDatabase(async (d) => {
      const rows = await d.db.select().from(apiTokensTable);
      expect(rows).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toContain(token);
      const zapier = rows.find((r) => r.name === "zapier")!;
      expect(zapier.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
      const [owner] = await d.db.select().from(staffTable).where(eq(staffTable.email, "owner@shop.example"));
      expect(owner!.passwordHash).toMatch(/^\$argon2id\$/);
    });
  }, 300_000);

  it("refuses the embedded database while another process holds it; shares PostgreSQL with a running server", async () => {
    if (postgresDb) {
      // This process keeps its pool open on the same database, as the server would.
      await postgresDb.db.select().from(staffTable);
      const r = await harbor(["staff", "list"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("owner@shop.example owner");
      return;
    }
    const holder = await createDb({ pgliteDir });
    try {
      const r = await harbor(["staff", "list"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/the embedded database at .* is in use by process \d+/);
      expect(r.stderr).toMatch(/DATABASE_URL/);
    } finally {
      await holder.close();
    }
    expect((await harbor(["staff", "list"])).code).toBe(0);
  }, 120_000);
});
