import { AsyncLocalStorage } from "node:async_hooks";
import { processWide } from "./process-wide";

/**
 * The one source of "now" for rules that wait for time to pass (return windows, tier retention,
 * points expiry, referral rewards). Work run through `runAt(at, fn)` — `jobs run-due --at`, tests —
 * sees `at` as the current time; everything else sees the wall clock.
 */
// One pin for the Remix bundle (run-due from the Admin API) and the server entry (its job handlers).
const pinned = processWide("clock.pinned", () => new AsyncLocalStorage<Date>());

export function now(): Date {
  const at = pinned.getStore();
  return at ? new Date(at.getTime()) : new Date();
}

export function runAt<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  return pinned.run(new Date(at.getTime()), fn);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * 86_400_000);
}
