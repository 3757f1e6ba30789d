/** Admin API: background jobs — run what is due (at a given time), for operations and for tests that move time. */
import { z } from "zod";
import { runAllDueJobs } from "~/modules/jobs/jobs.server";
import { defineAdminEndpoint } from "./define.server";

const RunDueBodySchema = z
  .object({ at: z.iso.datetime({ offset: true }).optional().describe("Run as of this time (ISO 8601); default now.") })
  .describe("Which moment to run the due jobs at.");

const RunDueResultSchema = z
  .object({
    at: z.string().describe("The time the jobs ran as of."),
    claimed: z.number().int().describe("Jobs run."),
    done: z.number().int(),
    retried: z.number().int().describe("Jobs that failed and will be retried later."),
    failed: z.number().int().describe("Jobs that failed for good."),
  })
  .describe("What ran.");

const runDueEndpoint = defineAdminEndpoint({
  operationId: "runDueJobs",
  method: "POST",
  path: "/jobs/run-due",
  summary: "Run the jobs that are due",
  description: "Runs every background job due now, or due at `at` as if that were the time (points leaving their return window, the daily tier review, referral rewards). Same as `npm run harbor -- jobs run-due [--at ISO]`.",
  tag: "Settings",
  permission: "write:settings",
  body: RunDueBodySchema,
  response: { status: 200, description: "What ran.", schema: RunDueResultSchema },
  errors: { 400: { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or `at` is not an ISO 8601 time." } },
  handler: async ({ body }) => {
    const at = body.at ? new Date(body.at) : new Date();
    return { at: at.toISOString(), ...(await runAllDueJobs({ at })) };
  },
});

export const jobEndpoints = [runDueEndpoint];
