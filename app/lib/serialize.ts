import type { Money } from "./money";

/** Money for loader data: minor units as a string, so the browser can rebuild a bigint. */
export type WireMoney = { amount: string; currency: string };

export function wire(m: Money): WireMoney;
export function wire(m: Money | null): WireMoney | null;
export function wire(m: Money | null): WireMoney | null {
  return m ? { amount: m.amount.toString(), currency: m.currency } : null;
}

export function wireCard<T extends { price: Money; priceMax: Money; compareAt: Money | null; priorLowest: Money | null }>(c: T) {
  return { ...c, price: wire(c.price), priceMax: wire(c.priceMax), compareAt: wire(c.compareAt), priorLowest: wire(c.priorLowest) };
}
