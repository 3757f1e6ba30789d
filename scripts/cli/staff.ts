/** `staff create`, `staff list`, `staff token`. */
import { userInfo } from "node:os";
import { isUserError } from "../../app/lib/errors";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../app/lib/password-rules";
import { isEmail } from "../../app/lib/validation";
import type { Actor } from "../../app/modules/staff/audit.server";
import { createApiToken } from "../../app/modules/staff/api-tokens.server";
import { isRole, ROLES } from "../../app/modules/staff/permissions";
import { createStaff, findStaffByEmail, listStaff } from "../../app/modules/staff/staff.server";
import { UsageError, type Command } from "./command";

/** The command line acts with full rights: whoever runs it already holds the database. */
export const CLI_ACTOR: Actor = { staffId: null, email: `cli:${osUser()}`, role: "owner", via: "cli" };

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

function emailOption(value: string | true | undefined): string {
  const email = String(value ?? "").trim();
  if (!isEmail(email)) throw new UsageError(`--email must be an email address, got "${email}"`);
  return email;
}

const create: Command = {
  words: ["staff", "create"],
  summary: "Creates a staff member with a role. Without --password, one is generated and printed once.",
  database: true,
  options: {
    email: { value: true, required: true, description: "sign-in email" },
    role: { value: true, required: true, description: `one of ${ROLES.join(", ")}` },
    password: { value: true, description: `initial password (${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters); generated when omitted` },
    name: { value: true, description: "display name" },
  },
  check(o) {
    emailOption(o.email);
    if (!isRole(o.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}, got "${String(o.role)}"`);
    const password = o.password === undefined ? undefined : String(o.password);
    if (password !== undefined && (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH)) {
      throw new UsageError(`--password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
    }
  },
  async run(o, io) {
    const email = emailOption(o.email);
    if (!isRole(o.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
    const password = o.password === undefined ? undefined : String(o.password);
    try {
      const { staff, password: generated } = await createStaff(CLI_ACTOR, { email, role: o.role, password, name: o.name === undefined ? undefined : String(o.name) });
      io.out(`created ${staff.email} ${staff.role}`);
      if (generated) io.out(`password: ${generated}`);
    } catch (e) {
      if (isUserError(e) && e.code === "email_taken") throw new UsageError(`--email: ${e.message}`);
      throw e;
    }
  },
};

const list: Command = {
  words: ["staff", "list"],
  summary: "Lists staff, one line per person: email and role.",
  database: true,
  options: {},
  async run(_o, io) {
    for (const s of await listStaff()) io.out(`${s.email} ${s.role}`);
  },
};

const token: Command = {
  words: ["staff", "token"],
  summary: "Issues an Admin API token for a staff member and prints it once (only its hash is stored).",
  database: true,
  options: {
    email: { value: true, required: true, description: "the staff member the token acts as" },
    name: { value: true, description: 'a label for the token (default "cli")' },
    json: { value: false, description: 'print {"token": "…"} instead of the bare token' },
  },
  check(o) {
    emailOption(o.email);
  },
  async run(o, io) {
    const email = emailOption(o.email);
    const staff = await findStaffByEmail(email);
    if (!staff) throw new UsageError(`--email: no staff member with the email ${email} (see: npm run harbor -- staff list)`);
    if (staff.disabledAt) throw new UsageError(`--email: ${email} is disabled`);
    const name = o.name === undefined ? "cli" : String(o.name).trim().slice(0, 100) || "cli";
    const issued = await createApiToken(CLI_ACTOR, staff, name);
    io.out(o.json ? JSON.stringify({ token: issued.token }) : issued.token);
  },
};

export const staffCommands: Command[] = [create, list, token];
