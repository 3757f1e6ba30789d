// Dependency rules (docs/architecture.md, "Dependency rules"). Checked by `npm run lint:deps`.
//
// A module is a folder under app/modules/; app/lib is the shared leaf below every module. The
// allowed imports between modules are declared here as layers: a module may import only the
// modules listed for it, and the list is checked to be acyclic when this file loads, so a module
// import cycle cannot be allowed by accident. Tests may import anything (they set up fixtures).

/** module → the modules it may import. */
const MODULE_DEPENDENCIES = {
  markets: [],
  inventory: [],
  tax: [],
  payments: [],
  jobs: [],
  // The outage page is written in the visitor's language and direction.
  health: ["markets"],
  ratelimit: [],
  content: [],
  // Staff sign-in failures are counted by the ratelimit module.
  staff: ["ratelimit", "mail"],
  // What one item is charged (a product page, a card) follows where it ships from and the tax rule there.
  pricing: ["markets", "inventory", "tax"],
  discounts: ["pricing"],
  shipping: ["inventory"],
  // The sender identity is a store setting.
  mail: ["jobs", "markets"],
  catalog: ["markets", "inventory", "pricing"],
  // The cart API also documents the order a cart becomes (order statuses).
  cart: ["markets", "inventory", "pricing", "catalog", "discounts", "shipping", "tax", "payments", "orders"],
  // Orders keep the shipping method code the shopper chose, and put refunded or cancelled units back on hand.
  orders: ["jobs", "mail", "payments", "shipping", "inventory", "markets"],
  checkout: ["markets", "inventory", "pricing", "catalog", "discounts", "shipping", "tax", "payments", "jobs", "cart", "orders", "ratelimit"],
  // Accounts: saved addresses follow checkout's per-country rules; erasure reaches every table holding the address.
  // One contact per person the brand may know (account holders, buyers, sign-ups) and their consent;
  // reacts to paid orders through orders' listeners.
  contacts: ["markets", "mail", "jobs", "ratelimit", "discounts", "orders"],
  // Points ledger, tiers, rewards redeemed at checkout (an adjustment source of the pricing pipeline).
  loyalty: ["markets", "mail", "jobs", "ratelimit", "pricing", "discounts", "orders", "contacts"],
  // Referral campaigns: attribution, fraud rules, rewards as points or discount codes.
  referrals: ["markets", "mail", "jobs", "ratelimit", "pricing", "discounts", "payments", "orders", "contacts", "loyalty"],
  // Segments (later campaigns and flows) read contacts and what other modules know about them through
  // those modules' SQL fragments; the suppression list from mail.
  marketing: ["markets", "mail", "catalog", "orders", "contacts", "loyalty", "referrals", "jobs"],
  // Imports from other platforms' exports: contacts and consent through contacts' write API, order history
  // through orders' recordImportedOrder, tiers re-evaluated silently through loyalty.
  imports: ["markets", "contacts", "orders", "loyalty"],
  customers: ["markets", "cart", "checkout", "discounts", "mail", "orders", "ratelimit", "contacts"],
  // The owner's markets & settings changes: each owner's write, then what derives from it (shipping
  // thresholds, market prices), audited through staff.
  settings: ["markets", "shipping", "tax", "catalog", "jobs", "staff"],
};

function assertAcyclic(graph) {
  const state = new Map();
  const visit = (name, trail) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`.dependency-cruiser.cjs: module cycle ${[...trail, name].join(" → ")}`);
    if (!(name in graph)) throw new Error(`.dependency-cruiser.cjs: unknown module "${name}"`);
    state.set(name, "visiting");
    for (const next of graph[name]) visit(next, [...trail, name]);
    state.set(name, "done");
  };
  for (const name of Object.keys(graph)) visit(name, []);
}
assertAcyclic(MODULE_DEPENDENCIES);

const TESTS = "\\.test\\.tsx?$";
const TEST_CODE = ["\\.test\\.tsx?$", "^test/", "^e2e/", "standin", "stand-ins?/"];

const moduleLayerRules = Object.entries(MODULE_DEPENDENCIES).map(([name, allowed]) => ({
  name: `module-layers:${name}`,
  comment: `app/modules/${name} may import only these modules: ${allowed.join(", ") || "none"} (and app/lib).`,
  severity: "error",
  from: { path: `^app/modules/${name}/`, pathNot: TESTS },
  to: { path: "^app/modules/", pathNot: `^app/modules/(${[name, ...allowed].join("|")})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycles at all, between files or modules.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...moduleLayerRules,
    {
      name: "no-unknown-module",
      comment: "Every folder under app/modules/ is a module with declared dependencies (MODULE_DEPENDENCIES).",
      severity: "error",
      from: { path: "^app/modules/", pathNot: [`^app/modules/(${Object.keys(MODULE_DEPENDENCIES).join("|")})/`, TESTS] },
      to: {},
    },
    {
      name: "lib-is-a-leaf",
      comment: "app/lib is shared code below every module: it imports nothing else from the app.",
      severity: "error",
      from: { path: "^app/lib/", pathNot: TESTS },
      to: { path: "^(app|db)/", pathNot: "^app/(lib|locales)/" },
    },
    {
      name: "only-modules-use-the-database",
      comment: "Routes, components, lib and the composition root reach the database through module functions.",
      severity: "error",
      from: { path: "^app/", pathNot: ["^app/modules/", TESTS] },
      to: { path: "^db/" },
    },
    {
      name: "modules-use-the-db-entry-points",
      comment: "Modules use the connection (db/index, db/rows) and table definitions, not seeds or setup.",
      severity: "error",
      from: { path: "^app/modules/", pathNot: TESTS },
      to: { path: "^db/", pathNot: "^db/(index|rows)\\.ts$|^db/schema/" },
    },
    {
      name: "tables-have-one-owner",
      comment:
        "A module imports only its own db/schema/<module>.ts; other modules' tables are reached through that module's functions.",
      severity: "error",
      from: { path: "^app/modules/([^/]+)/", pathNot: TESTS },
      to: { path: "^db/schema/", pathNot: "^db/schema/$1\\.ts$" },
    },
    {
      name: "nothing-imports-routes",
      comment: "Routes are entry points (Remix loads them); shared code lives in modules or app/lib.",
      severity: "error",
      from: { pathNot: TESTS },
      to: { path: "^app/routes/" },
    },
    {
      name: "no-test-code-in-app",
      comment: "Application code never imports tests, e2e code or test doubles (stand-ins).",
      severity: "error",
      from: { path: "^app/", pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: "not-to-unresolvable",
      comment: "Every import resolves (including the ~ and ~db aliases from tsconfig.json).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
  },
};
