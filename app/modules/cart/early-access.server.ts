import { processWide } from "~/lib/process-wide";
import { now } from "~/lib/clock.server";
import { isReleased } from "../catalog/catalog";

/**
 * Whether a cart's customer may buy products before their public release. The cart module does not
 * know tiers: the composition layer (`app/server/early-access.server.ts`) registers the answer at
 * start-up, like pricing's adjustment sources. Without a registration nobody has early access.
 */
type EarlyAccessCheck = (customerId: string) => Promise<boolean>;

const registry = processWide("cart.early-access", () => ({ check: null as EarlyAccessCheck | null }));

export function registerEarlyAccessCheck(check: EarlyAccessCheck): void {
  registry.check = check;
}

async function cartHasEarlyAccess(cart: { customerId: string | null }): Promise<boolean> {
  if (!cart.customerId || !registry.check) return false;
  return registry.check(cart.customerId);
}

/**
 * Of these products' release times, whether the cart may hold each: released ones always; unreleased
 * ones only for an early-access customer (asked once, and only when there is an unreleased one).
 */
export async function releasedForCart(cart: { customerId: string | null }, releases: (Date | null)[]): Promise<(released: Date | null) => boolean> {
  const at = now();
  const early = releases.some((r) => !isReleased(r, at)) && (await cartHasEarlyAccess(cart));
  return (released) => early || isReleased(released, at);
}
