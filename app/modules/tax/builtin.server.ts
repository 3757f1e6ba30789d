/**
 * Server entry for the built-in tax provider (imported by ./provider.server.ts). The rules
 * themselves are pure and live in ./builtin.ts so browser code (e.g. estimates) can use them too.
 */
export { builtinTaxProvider, calculateTax } from "./builtin";
