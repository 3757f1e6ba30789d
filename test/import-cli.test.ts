/**
 * `npm run harbor -- import …` (issue #11), spawned as a person would run it: with --json exactly the
 * summary object on stdout, the human summary otherwise, exit 2 naming the argument on bad input,
 * and saved mappings. Expected counts are read off test/fixtures/imports/shopify-customers.csv.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database } from "~db/index";
import { createTestDatabase } from "~db/testing";

const root = new URL("..", import.meta.url).pathname;
const fixtures = join(root, "test/fixtures/imports");
let env: Record<string, string> = {};
let postgresDb: Database | null = null;

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
  if (process.env.DATABASE_URL) {
    const d = await createTestDatabase();
    postgresDb = d;
    env = { DATABASE_URL: d.url! };
  } else {
    env = { PGLITE_DIR: join(mkdtempSync(join(tmpdir(), "harbor-import-cli-")), "pglite") };
  }
}, 120_000);

afterAll(async () => {
  await postgresDb?.close();
});

const expected = (dryRun: boolean) => ({
  source: "shopify-customers",
  file: "shopify-customers.csv",
  rowsRead: 9,
  // Rows 2, 3, 7, 9, 10 new; row 4 is row 2's address in other case; rows 5, 6, 8 rejected.
  contacts: { created: 5, merged: 1, unchanged: 0 },
  orders: { created: 0, unchanged: 0 },
  rejected: [
    { row: 5, field: "Email", reason: 'not an email address: "not-an-email"' },
    { row: 6, field: "Email", reason: "missing email address" },
    { row: 8, field: "Total Spent", reason: 'not an amount in EUR (2 decimal places): "12,34"' },
  ],
  conflicts: [{ row: 4, email: "anna.schmidt@example.de", field: "name", kept: "Anna Schmidt", incoming: "Anna Schmidt-Weber" }],
  dryRun,
});

describe("npm run harbor -- import", () => {
  it("--dry-run --json prints exactly the summary; the real run prints the same; a second run is all unchanged", async () => {
    const file = join(fixtures, "shopify-customers.csv");
    const dry = await harbor(["import", "shopify-customers", file, "--dry-run", "--json", "--currency", "EUR"]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    // Nothing else on stdout: the whole output is one JSON document with exactly these keys, in this order.
    expect(Object.keys(JSON.parse(dry.stdout))).toEqual(["source", "file", "rowsRead", "contacts", "orders", "rejected", "conflicts", "dryRun"]);
    expect(JSON.parse(dry.stdout)).toEqual(expected(true));

    const real = await harbor(["import", "shopify-customers", file, "--json", "--currency", "EUR"]);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual(expected(false));

    const again = await harbor(["import", "shopify-customers", file, "--currency", "EUR"]);
    expect(again.code).toBe(0);
    const lines = again.stdout.trim().split("\n");
    expect(lines).toContain("Rows read: 9");
    expect(lines).toContain("Contacts: 0 created, 0 merged, 6 unchanged");
    expect(lines).toContain("Orders: 0 created, 0 unchanged");
    expect(lines).toContain("Rejected rows: 3");
    expect(lines).toContain("  row 6, Email: missing email address");
    expect(lines).toContain('  row 4, anna.schmidt@example.de, name: kept "Anna Schmidt", file has "Anna Schmidt-Weber"');
    // Anna (DE) and Oliver (GB) subscribed on Shopify, which exports no consent time.
    expect(lines.some((l) => l.startsWith("Re-permission: 2 EU/UK contacts"))).toBe(true);
  }, 120_000);

  it("bad input exits 2 naming the argument, before or without writing", async () => {
    const cases: [string[], RegExp][] = [
      [["import", "magento", "x.csv"], /<source> must be one of shopify-customers, shopify-orders, marketplace-orders, woocommerce-customers, klaviyo-profiles, csv/],
      [["import", "csv"], /missing <file>/],
      [["import", "csv", join(fixtures, "nope.csv")], /<file>: cannot read .*nope\.csv: no such file/],
      [["import", "csv", join(fixtures, "csv-german-mapping.csv"), "--currency", "EURO"], /--currency must be a three-letter code/],
      [["import", "csv", join(fixtures, "csv-german-mapping.csv"), "--currency", "XYZ"], /--currency: unknown currency "XYZ"/],
      [["import", "csv", join(fixtures, "csv-german-mapping.csv"), "--mapping", "nope"], /--mapping: no saved mapping "nope"/],
      [["import", "csv", join(fixtures, "csv-german-mapping.csv")], /<file>: csv-german-mapping\.csv has no email column/],
      [["import-mapping", "save", "de", "--map", "E-Mail=mail"], /--map: unknown field "mail"/],
    ];
    for (const [args, message] of cases) {
      const r = await harbor(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  }, 180_000);

  it("import-mapping save, list, and an import through the mapping", async () => {
    const saved = await harbor(["import-mapping", "save", "de-shop", "--map", "E-Mail=email,Vorname=firstName,Nachname=lastName,Newsletter=emailConsent,Land=country"]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain("saved mapping de-shop: E-Mail → email");
    const list = await harbor(["import-mapping", "list"]);
    // jsonb keeps its own key order, so the pairs are compared as a set.
    const [name, pairs] = list.stdout.trim().split(": ");
    expect(name).toBe("de-shop");
    expect(pairs!.split(",").sort()).toEqual(["E-Mail=email", "Land=country", "Nachname=lastName", "Newsletter=emailConsent", "Vorname=firstName"]);
    const r = await harbor(["import", "csv", join(fixtures, "csv-german-mapping.csv"), "--mapping", "de-shop", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: "csv", rowsRead: 3, contacts: { created: 3, merged: 0, unchanged: 0 }, rejected: [], conflicts: [], dryRun: false });
  }, 120_000);
});
