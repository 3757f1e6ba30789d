import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { getEnv, type PoolEnv } from "../app/lib/env.server";
import { databaseDownSince, trackDbFailures, type DbFailure } from "./availability";
import { gateClient, PoolGate } from "./pool-gate";
import * as schema from "./schema";

export { schema };
export { databaseDownSince, trackDbFailures, type DbFailure };
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DbKind;
  /** The underlying client, for the rare operations drizzle does not cover (dumps, raw DDL). */
  client: PGlite | postgres.Sql;
  /** PostgreSQL only: the bounded wait for a connection (its live counts, for tests and shutdown). */
  gate?: PoolGate;
  /** PostgreSQL only: listing and search may hold at most half the pool (withSearchLimits). */
  searchGate?: PoolGate;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

export type CreateDbOptions =
  | { url: string; max?: number; pool?: Partial<PoolEnv> }
  | { pgliteDir?: string; loadDataDir?: Blob | File };

export async function createDb(opts: CreateDbOptions): Promise<Database> {
  if ("url" in opts) {
    const pool = { ...getEnv().database.pool, ...opts.pool, ...(opts.max ? { max: opts.max } : {}) };
    const client = postgres(opts.url, {
      max: pool.max,
      connect_timeout: Math.max(1, Math.ceil(pool.connectTimeoutMs / 1000)),
      // Idle connections go back to PostgreSQL after a minute (several processes share its 100).
      idle_timeout: 60,
      // postgres.js waits 3^n/100 s (up to 20 s) before reconnecting after n failures, and queries
      // wait with it: during an outage pages would hang for many seconds, and after it recovery
      // would lag. A short constant delay answers 503 at once and reconnects as soon as it is back.
      backoff: () => 0.25,
      onnotice: () => {},
      connection: { application_name: "harbor", statement_timeout: pool.statementTimeoutMs },
    });
    const gate = new PoolGate(pool.max, pool.queueLimit, pool.queueTimeoutMs);
    const db = drizzlePostgres(gateClient(client, gate), { schema, casing: "snake_case" }) as unknown as Db;
    const searchGate = new PoolGate(Math.max(1, Math.floor(pool.max / 2)), pool.queueLimit, pool.queueTimeoutMs);
    return { db, kind: "postgres", client, gate, searchGate, close: () => client.end({ timeout: 5 }) };
  }
  if (opts.pgliteDir) mkdirSync(opts.pgliteDir, { recursive: true });
  const unlock = opts.pgliteDir ? lockPgliteDir(opts.pgliteDir) : () => {};
  try {
    const client = await PGlite.create({
      dataDir: opts.pgliteDir,
      loadDataDir: opts.loadDataDir,
      extensions: { pg_trgm },
    });
    const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
    return { db, kind: "pglite", client, close: () => client.close().finally(unlock) };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Another process (usually the running server) holds the embedded database directory. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the embedded database at ${dir} is in use by process ${pid}`);
    this.name = "DatabaseLockedError";
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An embedded PGlite directory has one owner: two processes opening it would corrupt it (PGlite
 * itself does not lock). A `<dir>.lock` file holds the owner's pid; a lock left by a process that
 * no longer runs is taken over. Returns the release function.
 */
function lockPgliteDir(dir: string): () => void {
  const file = `${resolve(dir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid && pid !== process.pid && processAlive(pid)) throw new DatabaseLockedError(resolve(dir), pid);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

export async function migrateDb(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
  } else {
    await migratePostgres(database.db as never, { migrationsFolder });
  }
}

export async function pingDb(database: Database): Promise<boolean> {
  try {
    await database.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

const GLOBAL_KEY = Symbol.for("harbor.database");
type Holder = { [GLOBAL_KEY]?: Database | Promise<Database> };

/**
 * The process-wide database. The server (and tests) install it with setDatabase(); the Remix bundle
 * and the start script each load their own copy of this file, so the handle lives on globalThis —
 * an embedded PGlite directory must never be opened twice.
 */
export function setDatabase(database: Database): void {
  (globalThis as Holder)[GLOBAL_KEY] = database;
}

export async function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  const current = holder[GLOBAL_KEY];
  if (current) return current;
  const { url, pgliteDir } = getEnv().database;
  const pending = url ? createDb({ url }) : createDb({ pgliteDir });
  holder[GLOBAL_KEY] = pending;
  const database = await pending;
  holder[GLOBAL_KEY] = database;
  return database;
}

const SCOPE_KEY = Symbol.for("harbor.database.scope");
function scopes(): AsyncLocalStorage<Db> {
  const holder = globalThis as { [SCOPE_KEY]?: AsyncLocalStorage<Db> };
  return (holder[SCOPE_KEY] ??= new AsyncLocalStorage<Db>());
}

/** The database, or inside withSearchLimits the transaction that carries its limits. */
export async function getDb(): Promise<Db> {
  return scopes().getStore() ?? (await getDatabase()).db;
}

/**
 * Listing and search reads: their statements run with DB_SEARCH_TIMEOUT_MS (shorter than checkout's
 * DB_STATEMENT_TIMEOUT_MS), at most half the pool at once, and are cancelled when `signal` aborts
 * (the visitor went away). So a flood of slow searches cannot take the connections checkout needs.
 * The statements share one read-only transaction (`set local` scopes the timeout to it).
 */
export async function withSearchLimits<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  const database = await getDatabase();
  if (database.kind !== "postgres" || !database.searchGate || scopes().getStore()) return fn();
  signal?.throwIfAborted();
  const timeoutMs = Math.floor(getEnv().database.searchTimeoutMs);
  return database.searchGate.run(() =>
    database.db.transaction(
      async (tx) => {
        await tx.execute(sql.raw(`set local statement_timeout = ${timeoutMs}`));
        let done = false;
        let onAbort: (() => void) | null = null;
        if (signal) {
          const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
          // A cancel names a backend, not a statement: never send one after this transaction ended.
          onAbort = () => {
            if (!done) void database.db.execute(sql`select pg_cancel_backend(${row!.pid})`).catch(() => {});
          };
          signal.addEventListener("abort", onAbort, { once: true });
        }
        try {
          return await scopes().run(tx as unknown as Db, fn);
        } finally {
          done = true;
          if (onAbort) signal!.removeEventListener("abort", onAbort);
        }
      },
      { accessMode: "read only" },
    ),
  );
}
