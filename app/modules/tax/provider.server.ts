import { builtinTaxProvider } from "./builtin.server";
import type { TaxProvider } from "./tax";

/** Built-in rules today; a Stripe Tax / Avalara adapter implementing TaxProvider can be chosen here. */
export function getTaxProvider(): TaxProvider {
  return builtinTaxProvider;
}

/** States where the store is registered to collect US sales tax (comma-separated env, demo default). */
export async function getTaxSettings(): Promise<{ usRegisteredStates: string[] }> {
  const raw = process.env.TAX_US_REGISTERED_STATES ?? "CA,NY,TX,WA";
  return {
    usRegisteredStates: raw
      .split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  };
}
