/** `jobs run-due [--at ISO]`: runs what is due now, or at a given time (return windows, daily tier job, points expiry). */
import { runAllDueJobs } from "../../app/modules/jobs/jobs.server";
import { registerAllJobHandlers } from "../../app/server/job-handlers.server";
import { UsageError, type Command } from "./command";

function parseAt(value: string | true | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(String(value));
  if (!/^\d{4}-\d{2}-\d{2}/.test(String(value)) || Number.isNaN(at.getTime())) {
    throw new UsageError(`--at must be an ISO 8601 time such as 2026-12-31T00:00:00Z, got "${String(value)}"`);
  }
  return at;
}

const runDue: Command = {
  words: ["jobs", "run-due"],
  summary: "Runs every background job due now (or at --at, as if that were the time): points leaving their return window, tier reviews, referral rewards, emails.",
  database: true,
  options: { at: { value: true, description: "run as of this ISO 8601 time, e.g. 2026-12-31T00:00:00Z" } },
  check(o) {
    parseAt(o.at);
  },
  async run(o, io) {
    registerAllJobHandlers();
    const at = parseAt(o.at) ?? new Date();
    const r = await runAllDueJobs({ at });
    io.out(`ran ${r.claimed} job(s) due at ${at.toISOString()}: ${r.done} done, ${r.retried} to retry, ${r.failed} failed`);
  },
};

export const jobCommands: Command[] = [runDue];
