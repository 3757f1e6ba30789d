import { getEnv } from "~/lib/env.server";
import { builtinTaxProvider } from "./builtin.server";
import type { TaxProvider } from "./tax";

/** Built-in rules today; a Stripe Tax / Avalara adapter implementing TaxProvider can be chosen here. */
export function getTaxProvider(): TaxProvider {
  return builtinTaxProvider;
}

/** States where the store is registered to collect US sales tax (comma-separated env, demo default). */
export async function getTaxSettings(): Promise<{ usRegisteredStates: string[] }> {
  return { usRegisteredStates: getEnv().tax.usRegisteredStates };
}
