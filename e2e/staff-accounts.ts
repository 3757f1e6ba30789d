/** One staff member per role for the browser journeys, created by e2e/create-staff.ts before the server starts. */
import type { Role } from "../app/modules/staff/permissions";

const E2E_STAFF_PASSWORD = "e2e-staff-password-1";

export const E2E_STAFF: Record<Role, { email: string; password: string }> = {
  owner: { email: "owner@e2e.example", password: E2E_STAFF_PASSWORD },
  marketer: { email: "marketer@e2e.example", password: E2E_STAFF_PASSWORD },
  support: { email: "support@e2e.example", password: E2E_STAFF_PASSWORD },
  catalog: { email: "catalog@e2e.example", password: E2E_STAFF_PASSWORD },
};
