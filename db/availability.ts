import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whether the database can serve, as the queries themselves find out: a request whose query failed
 * because PostgreSQL is away, the pool is full or a statement ran out of time is answered 503 with
 * Retry-After instead of 500 (app/modules/health/availability.server.ts). Kept on globalThis: the
 * Remix bundle and the server entry each load their own copy of db/.
 */
export type DbFailure = "unavailable" | "busy" | "timeout";

/** Thrown by the pool gate when no connection frees up in time or too many queries already wait. */
export class PoolBusyError extends Error {
  readonly code = "HARBOR_POOL_BUSY";
  constructor(message: string) {
    super(message);
    this.name = "PoolBusyError";
  }
}

// Node and postgres.js codes for a server that is not there, plus SQLSTATE classes 08 (connection
// exception) and 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now).
const UNAVAILABLE = new Set([
  "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
  "57P01", "57P02", "57P03",
]);
// 53300 too_many_connections, 55P03 lock_not_available: the server is there but has no room now.
const BUSY = new Set(["HARBOR_POOL_BUSY", "53300", "55P03"]);
// 57014 query_canceled: statement_timeout (or a cancel after the client went away).
const TIMEOUT = new Set(["57014"]);

function classifyDbError(error: unknown, depth = 0): DbFailure | null {
  if (!error || typeof error !== "object" || depth > 5) return null;
  const code = String((error as { code?: unknown }).code ?? "");
  if (UNAVAILABLE.has(code) || code.startsWith("08")) return "unavailable";
  if (BUSY.has(code)) return "busy";
  if (TIMEOUT.has(code)) return "timeout";
  // drizzle wraps driver errors (DrizzleQueryError.cause); Node reports several addresses as AggregateError.
  const nested = [(error as { cause?: unknown }).cause, ...(((error as { errors?: unknown[] }).errors ?? []) as unknown[])];
  for (const e of nested) {
    const f = classifyDbError(e, depth + 1);
    if (f) return f;
  }
  return null;
}

interface State {
  requests: AsyncLocalStorage<{ failure: DbFailure | null }>;
  downSince: number | null;
}
const KEY = Symbol.for("harbor.db.availability");
function state(): State {
  const holder = globalThis as { [KEY]?: State };
  return (holder[KEY] ??= { requests: new AsyncLocalStorage(), downSince: null });
}

/** Called by the pool for every failed query: remembers it for the request and the process. */
export function noteDbError(error: unknown): void {
  const failure = classifyDbError(error);
  if (!failure) return;
  const s = state();
  const store = s.requests.getStore();
  if (store && !store.failure) store.failure = failure;
  if (failure === "unavailable") s.downSince ??= Date.now();
}

/** Called by the pool for every query that succeeded: the database is back. */
export function noteDbSuccess(): void {
  state().downSince = null;
}

/** Runs `fn` and reports the first database failure any of its queries met (null when none did). */
export async function trackDbFailures<T>(fn: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; failure: DbFailure | null }> {
  const store = { failure: null as DbFailure | null };
  const result = await state().requests.run(store, () => fn().then(
    (value): PromiseSettledResult<T> => ({ status: "fulfilled", value }),
    (reason): PromiseSettledResult<T> => ({ status: "rejected", reason }),
  ));
  return { result, failure: store.failure };
}

/** Since when the last query found the database away (null while it answers). */
export function databaseDownSince(): number | null {
  return state().downSince;
}
