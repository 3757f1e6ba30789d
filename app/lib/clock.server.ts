import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The one source of "now" for rules that wait for time to pass (return windows, tier retention,
 * points expiry, referral rewards). Work run through `runAt(at, fn)` — `jobs run-due --at`, tests —
 * sees `at` as the current time; everything else sees the wall clock.
 */
// Process-wide (on globalThis): the Remix bundle (run-due from the Admin API) and the server entry (job
// handlers registered at startup) each load their own copy of this file, and both must see one pin.
const PINNED_KEY = Symbol.for("harbor.clock.pinned");
type PinHolder = { [PINNED_KEY]?: AsyncLocalStorage<Date> };
const pinned = ((globalThis as PinHolder)[PINNED_KEY] ??= new AsyncLocalStorage<Date>());

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
