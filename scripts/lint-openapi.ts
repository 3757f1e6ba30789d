/**
 * Lints the generated OpenAPI document with Redocly's recommended ruleset (redocly.yaml). The
 * document is built from the endpoint declarations (no server, no database) and written to
 * .cache/openapi/openapi.json (gitignored; a fixed path so .redocly.lint-ignore.yaml can name it).
 * Redocly exits 0 on warnings; this script fails on any error or warning.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { openApiDocument } from "../app/api/registry.server";

const FILE = ".cache/openapi/openapi.json";

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

mkdirSync(".cache/openapi", { recursive: true });
// A relative server URL: the document as served fills in the request's origin.
writeFileSync(FILE, `${JSON.stringify(openApiDocument(""), null, 2)}\n`);

const run = spawnSync("redocly", ["lint", FILE, "--format", "json"], { encoding: "utf8", env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
let report: LintReport;
try {
  report = JSON.parse(run.stdout) as LintReport;
} catch {
  process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
  throw new Error(`redocly lint did not produce a report (exit ${run.status})`);
}
for (const p of report.problems) console.log(`${p.severity}\t${p.ruleId}\t${p.location[0]?.pointer ?? ""}\t${p.message}`);
const { errors, warnings, ignored } = report.totals;
console.log(`redocly lint (recommended) on ${FILE}: ${errors} errors, ${warnings} warnings, ${ignored} ignored`);
if (errors + warnings > 0) process.exitCode = 1;
