import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~db/index";
import { jobsTable } from "~db/schema";
import { createTestDatabase } from "~db/testing";
import {
  backoffMs,
  enqueue,
  PermanentJobError,
  registerHandler,
  RetryableError,
  runDueJobs,
  startWorker,
  type JobRow,
} from "./jobs.server";

let database: Database;
beforeAll(async () => {
  // Several connections on PostgreSQL, so concurrent workers really run in parallel.
  database = await createTestDatabase({ max: 5 });
}, 60_000);
afterAll(async () => {
  await database?.close();
});

let kindCounter = 0;
const uniqueKind = (name: string) => `test.${name}.${++kindCounter}`;

async function job(id: number): Promise<JobRow> {
  const [row] = await database.db.select().from(jobsTable).where(eq(jobsTable.id, id));
  return row!;
}

async function dbNow(): Promise<number> {
  const [row] = await database.db.select({ now: sql<string>`now()::text` }).from(sql`(select 1) as one`);
  return new Date(row!.now).getTime();
}

/** Makes a queued job due now (instead of waiting out its backoff). */
async function makeDue(id: number) {
  await database.db.update(jobsTable).set({ runAt: sql`now() - interval '1 second'` }).where(eq(jobsTable.id, id));
}

describe("jobs", () => {
  it("runs an enqueued job once and marks it done", async () => {
    const kind = uniqueKind("once");
    const seen: { payload: unknown; attempts: number }[] = [];
    registerHandler(kind, async (payload, j) => {
      seen.push({ payload, attempts: j.attempts });
    });
    const { id, created } = await enqueue(kind, { hello: "world" });
    expect(created).toBe(true);

    const r = await runDueJobs({ workerId: "w1", limit: 10, kinds: [kind] });
    expect(r).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ payload: { hello: "world" }, attempts: 1 }]);
    const row = await job(id);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(1);
    expect(row.lockedBy).toBe("w1");
    expect(row.finishedAt).toBeInstanceOf(Date);

    const again = await runDueJobs({ workerId: "w1", limit: 10, kinds: [kind] });
    expect(again.claimed).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it("is idempotent by dedupeKey", async () => {
    const kind = uniqueKind("dedupe");
    const a = await enqueue(kind, { n: 1 }, { dedupeKey: `${kind}:key` });
    const b = await enqueue(kind, { n: 2 }, { dedupeKey: `${kind}:key` });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const rows = await database.db.select().from(jobsTable).where(eq(jobsTable.kind, kind));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ n: 1 });
  });

  it("enqueues inside the caller's transaction (and not at all when it rolls back)", async () => {
    const kind = uniqueKind("tx");
    await database.db.transaction(async (tx) => {
      await enqueue(kind, { committed: true }, { tx, dedupeKey: `${kind}:a` });
    });
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue(kind, { committed: false }, { tx, dedupeKey: `${kind}:b` });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const rows = await database.db.select().from(jobsTable).where(eq(jobsTable.kind, kind));
    expect(rows.map((r) => r.payload)).toEqual([{ committed: true }]);
  });

  it("does not run a job before its runAt", async () => {
    const kind = uniqueKind("later");
    let calls = 0;
    registerHandler(kind, async () => {
      calls++;
    });
    const { id } = await enqueue(kind, {}, { runAt: new Date(Date.now() + 60 * 60_000) });
    expect((await runDueJobs({ kinds: [kind] })).claimed).toBe(0);
    await makeDue(id);
    expect((await runDueJobs({ kinds: [kind] })).done).toBe(1);
    expect(calls).toBe(1);
  });

  it("retries a failing job with exponential backoff, then fails it after maxAttempts", async () => {
    const kind = uniqueKind("failing");
    let calls = 0;
    registerHandler(kind, async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const { id } = await enqueue(kind, {}, { maxAttempts: 3 });

    const r1 = await runDueJobs({ workerId: "w1", kinds: [kind] });
    expect(r1).toEqual({ claimed: 1, done: 0, retried: 1, failed: 0 });
    let row = await job(id);
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("boom 1");
    expect(row.lockedAt).toBeNull();
    // 2^1 × 10 s = 20 s, ±20 % jitter
    const delay1 = row.runAt.getTime() - (await dbNow());
    expect(delay1).toBeGreaterThan(15_000);
    expect(delay1).toBeLessThan(25_000);
    // not due yet: nothing runs
    expect((await runDueJobs({ kinds: [kind] })).claimed).toBe(0);

    await makeDue(id);
    await runDueJobs({ kinds: [kind] });
    row = await job(id);
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(2);
    expect(row.lastError).toContain("boom 2");
    // 2^2 × 10 s = 40 s, ±20 %
    const delay2 = row.runAt.getTime() - (await dbNow());
    expect(delay2).toBeGreaterThan(31_000);
    expect(delay2).toBeLessThan(49_000);

    await makeDue(id);
    const r3 = await runDueJobs({ kinds: [kind] });
    expect(r3).toEqual({ claimed: 1, done: 0, retried: 0, failed: 1 });
    row = await job(id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(3);
    expect(row.lastError).toContain("boom 3");
    expect(row.finishedAt).toBeInstanceOf(Date);

    await makeDue(id);
    expect((await runDueJobs({ kinds: [kind] })).claimed).toBe(0);
    expect(calls).toBe(3);
  });

  it("honours a retryable error's retry-after and fails permanent errors at once", async () => {
    const kind = uniqueKind("retry-after");
    registerHandler(kind, async (payload: { permanent?: boolean }) => {
      if (payload.permanent) throw new PermanentJobError("bad payload");
      throw new RetryableError("rate limited", 7_000);
    });
    const a = await enqueue(kind, {});
    const b = await enqueue(kind, { permanent: true });
    const r = await runDueJobs({ kinds: [kind] });
    expect(r).toMatchObject({ claimed: 2, retried: 1, failed: 1 });

    const ra = await job(a.id);
    expect(ra.status).toBe("queued");
    const delay = ra.runAt.getTime() - (await dbNow());
    expect(delay).toBeGreaterThan(5_000);
    expect(delay).toBeLessThanOrEqual(7_500);
    expect(ra.lastError).toContain("rate limited");

    const rb = await job(b.id);
    expect(rb.status).toBe("failed");
    expect(rb.attempts).toBe(1);
    expect(rb.lastError).toContain("bad payload");
  });

  it("reclaims jobs left running by a dead worker (locked more than 5 minutes ago)", async () => {
    const kind = uniqueKind("stale");
    const ran: number[] = [];
    registerHandler(kind, async (_p, j) => {
      ran.push(j.id);
    });
    const stale = await enqueue(kind, { which: "stale" });
    const fresh = await enqueue(kind, { which: "fresh" });
    const exhausted = await enqueue(kind, { which: "exhausted" }, { maxAttempts: 1 });
    await database.db
      .update(jobsTable)
      .set({ status: "running", attempts: 1, lockedBy: "dead", lockedAt: sql`now() - interval '6 minutes'` })
      .where(inArray(jobsTable.id, [stale.id, exhausted.id]));
    await database.db
      .update(jobsTable)
      .set({ status: "running", attempts: 1, lockedBy: "busy", lockedAt: sql`now() - interval '1 minute'` })
      .where(eq(jobsTable.id, fresh.id));

    const r = await runDueJobs({ workerId: "w2", kinds: [kind] });
    expect(r).toMatchObject({ claimed: 1, done: 1 });
    expect(ran).toEqual([stale.id]);
    expect(await job(stale.id)).toMatchObject({ status: "done", attempts: 2, lockedBy: "w2" });
    expect(await job(fresh.id)).toMatchObject({ status: "running", attempts: 1, lockedBy: "busy" });
    const ex = await job(exhausted.id);
    expect(ex.status).toBe("failed");
    expect(ex.lastError).toContain("abandoned");
  });

  it("never runs a job twice when two workers poll concurrently", async () => {
    const kind = uniqueKind("concurrent");
    const runs = new Map<number, string[]>();
    registerHandler(kind, async (_p, j) => {
      runs.set(j.id, [...(runs.get(j.id) ?? []), j.lockedBy ?? "?"]);
      await new Promise((r) => setTimeout(r, 5));
    });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await enqueue(kind, { i })).id);

    let rounds = 0;
    for (;;) {
      const results = await Promise.all([
        runDueJobs({ workerId: "worker-a", limit: 3, kinds: [kind] }),
        runDueJobs({ workerId: "worker-b", limit: 3, kinds: [kind] }),
      ]);
      if (results.every((r) => r.claimed === 0)) break;
      if (++rounds > 50) throw new Error("workers did not drain the queue");
    }
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(ids);
    for (const [id, by] of runs) expect(by, `job ${id}`).toHaveLength(1);
    // Both workers got work (each round both claim: SKIP LOCKED or, once committed, status = running).
    expect(new Set([...runs.values()].flat())).toEqual(new Set(["worker-a", "worker-b"]));
    const rows = await database.db.select().from(jobsTable).where(eq(jobsTable.kind, kind));
    expect(rows.every((r) => r.status === "done" && r.attempts === 1)).toBe(true);
  });

  it("startWorker polls in the background and stops cleanly", async () => {
    const kind = uniqueKind("worker");
    const done: number[] = [];
    registerHandler(kind, async (p: { i: number }) => {
      done.push(p.i);
    });
    const stop = startWorker({ intervalMs: 20, limit: 2, kinds: [kind], workerId: "bg" });
    for (let i = 0; i < 5; i++) await enqueue(kind, { i });
    const deadline = Date.now() + 10_000;
    while (done.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("computes capped exponential backoff with jitter", () => {
    expect(backoffMs(1, () => 0.5)).toBe(20_000);
    expect(backoffMs(3, () => 0.5)).toBe(80_000);
    expect(backoffMs(20, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(20, () => 1)).toBe(3_600_000);
    expect(backoffMs(20, () => 0)).toBe(2_880_000);
    expect(backoffMs(1, () => 0)).toBe(16_000);
  });
});
