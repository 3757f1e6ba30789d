/**
 * Lints the generated OpenAPI documents (Storefront API and Admin API) with Redocly's recommended
 * ruleset (redocly.yaml). Each document is built from the endpoint declarations (no server, no
 * database) and written under .cache/openapi/ (gitignored; fixed paths so .redocly.lint-ignore.yaml
 * can name them). Redocly exits 0 on warnings; this script fails on any error or warning.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { adminOpenApiDocument } from "../app/api/admin/registry.server";
import { openApiDocument } from "../app/api/registry.server";

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

// Relative server URLs: the documents as served fill in the request's origin.
const DOCUMENTS = {
  ".cache/openapi/openapi.json": openApiDocument(""),
  ".cache/openapi/admin-openapi.json": adminOpenApiDocument(""),
};

mkdirSync(".cache/openapi", { recursive: true });
for (const [file, document] of Object.entries(DOCUMENTS)) {
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  const run = spawnSync("redocly", ["lint", file, "--format", "json"], { encoding: "utf8", env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
  let report: LintReport;
  try {
    report = JSON.parse(run.stdout) as LintReport;
  } catch {
    process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
    throw new Error(`redocly lint did not produce a report for ${file} (exit ${run.status})`);
  }
  for (const p of report.problems) console.log(`${p.severity}\t${p.ruleId}\t${p.location[0]?.pointer ?? ""}\t${p.message}`);
  const { errors, warnings, ignored } = report.totals;
  console.log(`redocly lint (recommended) on ${file}: ${errors} errors, ${warnings} warnings, ${ignored} ignored`);
  if (errors + warnings > 0) process.exitCode = 1;
}
