// vitest setupFiles: test files change process.env at their top level or in hooks; the env module
// parses once per process, so it forgets its parse before every test and each test sees those values.
// A test that changes a variable in its own body calls resetEnvForTests() itself.
import { beforeEach } from "vitest";
import { resetEnvForTests } from "../../app/lib/env.server";

beforeEach(() => resetEnvForTests());

// The suite pays with the offline demo provider on PostgreSQL too (DATABASE_URL runs), as a developer would opt in.
process.env.HARBOR_DEMO_PAYMENTS ??= "1";
