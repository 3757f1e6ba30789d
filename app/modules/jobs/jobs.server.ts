import { and, asc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { hostname } from "node:os";
import { getDb, type Db } from "~db/index";
import { jobsTable } from "~db/schema/jobs";
import { runAt } from "~/lib/clock.server";
import { processWide } from "~/lib/process-wide";

/**
 * Background jobs on the `jobs` table.
 *
 * - enqueue() is idempotent by dedupeKey and can run inside the caller's transaction, so a job is
 *   queued exactly when the business change that caused it commits.
 * - runDueJobs() claims due jobs with `FOR UPDATE SKIP LOCKED` in a short transaction (status →
 *   running, attempts + 1), runs the handlers outside that transaction, then marks each job done or
 *   schedules a retry with exponential backoff + jitter, or `failed` after maxAttempts.
 * - A job stuck in `running` for longer than STALE_AFTER_MS (worker crashed, process killed) is
 *   claimable again; handlers must therefore be idempotent (they are: mail uses idempotency keys).
 */

export type JobRow = typeof jobsTable.$inferSelect;
export type JobPayload = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler<P = any> = (payload: P, job: JobRow) => Promise<void>;

/**
 * A job whose `locked_at` is older than this while still `running` is considered abandoned and is
 * claimed again, so a handler must finish well within it (chunk long work into several jobs).
 */
const STALE_AFTER_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_CAP_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 4000;

/**
 * Throw (or wrap) to ask for a retry after a given delay, e.g. a provider's 429 with retry-after.
 * Recognised by shape (`retryAfterMs`), so copies of this module in other bundles interoperate.
 */
export class RetryableError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RetryableError";
  }
}

/** Throw when retrying cannot help (bad payload, unknown template): the job fails at once. */
export class PermanentJobError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

// ------------------------------------------------------------------------------------------ registry

const handlers = () => processWide("jobs.handlers", () => new Map<string, JobHandler>());

/** Registers (or replaces, e.g. after a dev reload) the handler of a job kind. */
export function registerHandler<P = JobPayload>(kind: string, handler: JobHandler<P>): void {
  handlers().set(kind, handler as JobHandler);
}

export function registeredKinds(): string[] {
  return [...handlers().keys()];
}

// ------------------------------------------------------------------------------------------- enqueue

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** At most one job per key, ever (a done job keeps its key): enqueueing again is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
  /** The caller's transaction: the job is queued only if it commits. */
  tx?: Db;
  db?: Db;
}

export interface EnqueueResult {
  /** The job's id; for a duplicate dedupeKey, the existing job's id. */
  id: number;
  created: boolean;
}

export async function enqueue(kind: string, payload: JobPayload, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
  const db = opts.tx ?? opts.db ?? (await getDb());
  const values: typeof jobsTable.$inferInsert = {
    kind,
    payload,
    dedupeKey: opts.dedupeKey ?? null,
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  if (opts.runAt) values.runAt = opts.runAt;
  const inserted = await db
    .insert(jobsTable)
    .values(values)
    .onConflictDoNothing({ target: jobsTable.dedupeKey })
    .returning({ id: jobsTable.id });
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [existing] = await db
    .select({ id: jobsTable.id })
    .from(jobsTable)
    .where(eq(jobsTable.dedupeKey, opts.dedupeKey!));
  return { id: existing!.id, created: false };
}

// -------------------------------------------------------------------------------------------- worker

/** Exponential backoff: 2^attempts × 10 s with ±20 % jitter (so retries spread out), capped at 1 h. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(30, Math.max(0, attempts)));
  return Math.min(BACKOFF_CAP_MS, Math.round(base * (0.8 + 0.4 * random())));
}

function describeError(e: unknown): string {
  let s: string;
  if (e instanceof Error) {
    s = `${e.name}: ${e.message}`;
    if (e.stack) s = e.stack;
  } else {
    s = String(e);
  }
  return s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH)}…` : s;
}

function retryAfterOf(e: unknown): number | undefined {
  const v = (e as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}

function isPermanent(e: unknown): boolean {
  return (e as { permanent?: unknown } | null)?.permanent === true;
}

export interface RunDueJobsOptions {
  workerId?: string;
  /** Most jobs to claim in this call (default 10). */
  limit?: number;
  /** Only these kinds (default: every kind with a registered handler in this process). */
  kinds?: string[];
  db?: Db;
  /** Runs what is due at this time instead of now, with handlers seeing it as `now()` (app/lib/clock.server.ts). */
  at?: Date;
}

export interface RunDueJobsResult {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

const defaultWorkerId = () => `${hostname()}:${process.pid}`;

/**
 * Claims up to `limit` due jobs and runs them (concurrently). Two workers never run the same job:
 * rows are claimed with FOR UPDATE SKIP LOCKED and the claim commits before any handler runs.
 */
export async function runDueJobs(opts: RunDueJobsOptions = {}): Promise<RunDueJobsResult> {
  const db = opts.db ?? (await getDb());
  const workerId = opts.workerId ?? defaultWorkerId();
  const limit = Math.max(1, opts.limit ?? 10);
  const registry = handlers();
  const kinds = opts.kinds ?? [...registry.keys()];
  const result: RunDueJobsResult = { claimed: 0, done: 0, retried: 0, failed: 0 };
  if (kinds.length === 0) return result;

  const claimed = await db.transaction(async (tx) => {
    const staleBefore = sql`now() - ${STALE_AFTER_MS}::int * interval '1 millisecond'`;
    const candidates = await tx
      .select({ id: jobsTable.id, status: jobsTable.status, attempts: jobsTable.attempts, maxAttempts: jobsTable.maxAttempts })
      .from(jobsTable)
      .where(
        and(
          inArray(jobsTable.kind, kinds),
          or(
            and(eq(jobsTable.status, "queued"), lte(jobsTable.runAt, opts.at ?? sql`now()`)),
            and(eq(jobsTable.status, "running"), lt(jobsTable.lockedAt, staleBefore)),
          ),
        ),
      )
      .orderBy(asc(jobsTable.runAt), asc(jobsTable.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (candidates.length === 0) return [];

    // An abandoned job that already used all its attempts is not run again.
    const exhausted = candidates.filter((c) => c.status === "running" && c.attempts >= c.maxAttempts).map((c) => c.id);
    if (exhausted.length) {
      await tx
        .update(jobsTable)
        .set({
          status: "failed",
          finishedAt: sql`now()`,
          lastError: sql`coalesce(${jobsTable.lastError} || E'\n', '') || ${"abandoned: the worker running it stopped responding"}::text`,
        })
        .where(inArray(jobsTable.id, exhausted));
    }
    const ids = candidates.filter((c) => !exhausted.includes(c.id)).map((c) => c.id);
    if (ids.length === 0) return [];
    return tx
      .update(jobsTable)
      .set({ status: "running", lockedAt: sql`now()`, lockedBy: workerId, attempts: sql`${jobsTable.attempts} + 1` })
      .where(inArray(jobsTable.id, ids))
      .returning();
  });
  result.claimed = claimed.length;

  await Promise.all(
    claimed.map(async (job) => {
      const outcome = opts.at ? await runAt(opts.at, () => runOne(db, job, workerId)) : await runOne(db, job, workerId);
      result[outcome] += 1;
    }),
  );
  return result;
}

/**
 * Runs every job due at `at` (default now), batch after batch, until none is left: `jobs run-due`.
 * A daily job re-schedules itself after the time it ran at, so one call runs it once.
 */
export async function runAllDueJobs(opts: { at?: Date; db?: Db } = {}): Promise<RunDueJobsResult> {
  const total: RunDueJobsResult = { claimed: 0, done: 0, retried: 0, failed: 0 };
  for (let batch = 0; batch < 1000; batch++) {
    const r = await runDueJobs({ at: opts.at, db: opts.db, limit: 50 });
    for (const k of Object.keys(total) as (keyof RunDueJobsResult)[]) total[k] += r[k];
    // A retried job is due again only after its backoff: it would not run in this call anyway.
    if (r.claimed === r.retried) break;
  }
  return total;
}

/** Only the claim that is still current may settle a job (a reclaimed stale job has moved on). */
function sameClaim(job: JobRow) {
  return and(eq(jobsTable.id, job.id), eq(jobsTable.status, "running"), eq(jobsTable.attempts, job.attempts));
}

async function runOne(db: Db, job: JobRow, workerId: string): Promise<"done" | "retried" | "failed"> {
  const handler = handlers().get(job.kind);
  try {
    if (!handler) throw new RetryableError(`No handler registered for job kind "${job.kind}" in worker ${workerId}`);
    await handler(job.payload, job);
  } catch (e) {
    const error = describeError(e);
    if (isPermanent(e) || job.attempts >= job.maxAttempts) {
      await settle(() => db.update(jobsTable).set({ status: "failed", lastError: error, finishedAt: sql`now()`, lockedAt: null }).where(sameClaim(job)));
      return "failed";
    }
    const retryAfter = retryAfterOf(e);
    const delay = retryAfter !== undefined ? Math.max(1000, retryAfter) : backoffMs(job.attempts);
    await settle(() =>
      db
        .update(jobsTable)
        .set({
          status: "queued",
          runAt: sql`now() + ${Math.round(delay)}::int * interval '1 millisecond'`,
          lastError: error,
          lockedAt: null,
          lockedBy: null,
        })
        .where(sameClaim(job)),
    );
    return "retried";
  }
  await settle(() => db.update(jobsTable).set({ status: "done", finishedAt: sql`now()`, lockedAt: null }).where(sameClaim(job)));
  return "done";
}

/**
 * Records a job's outcome, retrying while the database is away: a handler that already sent its
 * email must not leave the job `running` until it counts as abandoned (STALE_AFTER_MS) and runs
 * again. Gives up after SETTLE_FOR_MS; the stale-claim rule then still recovers the job.
 */
const SETTLE_FOR_MS = 60_000;
async function settle(write: () => PromiseLike<unknown>): Promise<void> {
  const until = Date.now() + SETTLE_FOR_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    try {
      await write();
      return;
    } catch (e) {
      if (Date.now() + wait > until) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Jobs left `running` by a worker on this machine whose process no longer exists (kill -9, OOM) are
 * queued again at once instead of after STALE_AFTER_MS. A worker id is `host:pid`; a pid that is
 * alive (or reused) is left to the stale rule. Handlers are idempotent, so the rerun is safe.
 */
async function requeueOrphanedJobs(opts: { db?: Db; host?: string; isAlive?: (pid: number) => boolean } = {}): Promise<number> {
  const db = opts.db ?? (await getDb());
  const host = opts.host ?? hostname();
  const isAlive = opts.isAlive ?? processAlive;
  const running = await db
    .select({ id: jobsTable.id, lockedBy: jobsTable.lockedBy })
    .from(jobsTable)
    .where(and(eq(jobsTable.status, "running"), sql`${jobsTable.lockedBy} like ${`${host}:%`}`));
  const orphaned = running.filter((j) => {
    const pid = Number(j.lockedBy!.slice(host.length + 1));
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid);
  });
  if (!orphaned.length) return 0;
  // Only if still claimed by the dead worker (another worker may have reclaimed it meanwhile).
  const requeued = await db
    .update(jobsTable)
    .set({ status: "queued", runAt: sql`now()`, lockedAt: null, lockedBy: null })
    .where(and(eq(jobsTable.status, "running"), inArray(jobsTable.id, orphaned.map((j) => j.id)), inArray(jobsTable.lockedBy, orphaned.map((j) => j.lockedBy!))))
    .returning({ id: jobsTable.id });
  return requeued.length;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface WorkerOptions {
  /** Pause between polls when the queue is empty (default 1000 ms). */
  intervalMs?: number;
  /** Jobs claimed per poll (default 10); a full batch polls again at once. */
  limit?: number;
  workerId?: string;
  kinds?: string[];
  log?: (message: string) => void;
}

/**
 * Polls for due jobs until the returned stop function is called; stop() resolves once the batch in
 * progress has settled. The web process runs one; `npm run worker` runs one on its own.
 */
export function startWorker(opts: WorkerOptions = {}): () => Promise<void> {
  const intervalMs = opts.intervalMs ?? 1000;
  const limit = opts.limit ?? 10;
  const workerId = opts.workerId ?? defaultWorkerId();
  const log = opts.log ?? ((m: string) => console.error(`[jobs] ${m}`));
  let stopped = false;
  let failing = false;
  let wake: (() => void) | null = null;

  const loop = (async () => {
    await requeueOrphanedJobs()
      .then((n) => n && log(`requeued ${n} job(s) left running by a worker that died`))
      .catch((e) => log(`could not look for orphaned jobs: ${e instanceof Error ? e.message : String(e)}`));
    while (!stopped) {
      let full = false;
      try {
        const r = await runDueJobs({ workerId, limit, kinds: opts.kinds });
        full = r.claimed >= limit;
        if (r.failed) log(`${r.failed} job(s) failed permanently (see jobs.last_error)`);
        if (failing) log("polling again: the database answers");
        failing = false;
      } catch (e) {
        // One line per outage, not one per poll.
        if (!failing) log(`poll failed (retrying every ${intervalMs} ms): ${e instanceof Error ? e.message : String(e)}`);
        failing = true;
      }
      if (stopped) break;
      if (full) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        timer.unref?.();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return async () => {
    stopped = true;
    (wake as (() => void) | null)?.();
    await loop;
  };
}
