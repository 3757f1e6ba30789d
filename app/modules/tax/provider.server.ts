import { builtinTaxProvider } from "./builtin.server";
import { registeredUsStates } from "./registrations.server";
import type { TaxProvider } from "./tax";

/** Built-in rules today; a Stripe Tax / Avalara adapter implementing TaxProvider can be chosen here. */
export function getTaxProvider(): TaxProvider {
  return builtinTaxProvider;
}

/** States where the store is registered to collect US sales tax today (the owner's tax registrations). */
export async function getTaxSettings(): Promise<{ usRegisteredStates: string[] }> {
  return { usRegisteredStates: await registeredUsStates() };
}
