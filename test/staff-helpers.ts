/**
 * Staff of any role for tests: a person, a signed-in admin session (Cookie header + the form's CSRF
 * token) or an Admin API token. Goes through the same module functions as the admin and the CLI.
 */
import { createApiToken } from "~/modules/staff/api-tokens.server";
import { csrfToken, signIn, staffSession } from "~/modules/staff/auth.server";
import type { Actor } from "~/modules/staff/audit.server";
import type { Role } from "~/modules/staff/permissions";
import { createStaff, findStaffByEmail } from "~/modules/staff/staff.server";

export const TEST_ORIGIN = "http://localhost";
export const TEST_PASSWORD = "test-staff-password";
const SETUP: Actor = { staffId: null, email: "test-setup", role: "owner", via: "cli" };

let counter = 0;

export async function createTestStaff(role: Role, email = `${role}-${process.pid}-${++counter}@staff.example`) {
  const { staff } = await createStaff(SETUP, { email, role, password: TEST_PASSWORD });
  return staff;
}

/** A signed-in admin session for a new staff member of `role`. */
export async function adminSession(role: Role): Promise<{ cookie: string; csrf: string; email: string; id: string }> {
  const staff = await createTestStaff(role);
  const { cookie: setCookie } = await signIn(new Request(`${TEST_ORIGIN}/admin/sign-in`, { method: "POST" }), { email: staff.email, password: TEST_PASSWORD, ip: `test-${counter}` });
  const cookie = setCookie.split(";")[0]!;
  const session = await staffSession(new Request(TEST_ORIGIN, { headers: { cookie } }));
  return { cookie, csrf: csrfToken(session!), email: staff.email, id: staff.id };
}

/** An Admin API token for a new staff member of `role`. */
export async function adminToken(role: Role): Promise<{ token: string; email: string; id: string }> {
  const staff = await createTestStaff(role);
  const row = await findStaffByEmail(staff.email);
  const { token } = await createApiToken(SETUP, row!, "test");
  return { token, email: staff.email, id: staff.id };
}

/** A same-origin admin form POST. */
export function adminForm(path: string, session: { cookie: string; csrf?: string }, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  const body = new URLSearchParams(session.csrf === undefined ? fields : { csrf: session.csrf, ...fields });
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_ORIGIN, Cookie: session.cookie, ...headers },
    body,
  });
}
