/**
 * Run by scripts/e2e-server.mjs on the fresh database before the server starts: one staff member per
 * role (e2e/staff-accounts.ts), so journeys can sign in as any role, and the CRM fixtures
 * (e2e/crm-fixtures.ts, which seed the demo store). Migrates the database first.
 */
import { getEnv } from "../app/lib/env.server";
import { ROLES } from "../app/modules/staff/permissions";
import { createStaff } from "../app/modules/staff/staff.server";
import { createDb, migrateDb, setDatabase } from "../db/index";
import { seedCrmFixtures } from "./crm-fixtures";
import { E2E_STAFF } from "./staff-accounts";

const { url, pgliteDir } = getEnv().database;
const database = url ? await createDb({ url, max: 2 }) : await createDb({ pgliteDir });
setDatabase(database);
try {
  await migrateDb(database);
  for (const role of ROLES) {
    await createStaff({ staffId: null, email: "e2e-setup", role: "owner", via: "cli" }, { ...E2E_STAFF[role], role, name: `E2E ${role}` });
  }
  await seedCrmFixtures(database);
} finally {
  await database.close();
}
