// `npm run lint:deps`: dependency-cruiser with the rules in .dependency-cruiser.cjs.
//   node scripts/lint-deps.mjs [--config .dependency-cruiser.cjs] [--output-type err|json|text|…] <paths…>
// Calls dependency-cruiser's API rather than its `depcruise` binary: the binary refuses to run on
// Node 20, which this project still supports (package.json engines), while the API works there.
import { resolve } from "node:path";
import { cruise } from "dependency-cruiser";
import extractDepcruiseConfig from "dependency-cruiser/config-utl/extract-depcruise-config";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const args = process.argv.slice(2);
let configFile = ".dependency-cruiser.cjs";
let outputType = "err";
const paths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--config") configFile = args[++i];
  else if (args[i] === "--output-type") outputType = args[++i];
  else paths.push(args[i]);
}
if (!paths.length) paths.push("app", "db");

const ruleSet = await extractDepcruiseConfig(resolve(configFile));
const tsConfigFile = ruleSet.options?.tsConfig?.fileName;
const result = await cruise(
  paths,
  { ...ruleSet.options, ruleSet, validate: true, outputType },
  {},
  { tsConfig: tsConfigFile ? extractTSConfig(tsConfigFile) : undefined },
);
process.stdout.write(`${result.output}\n`);
process.exitCode = result.exitCode;
