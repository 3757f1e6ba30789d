/**
 * The admin's forms: one schema each, for the action and the browser. Error messages are UI message
 * keys. Client-safe.
 */
import type { MessageKey } from "~/lib/i18n";
import { emailSchema } from "~/lib/validation";
import { z } from "~/lib/zod";
import { ROLES } from "./permissions";

// NIST SP 800-63B §5.1.1.2 bounds, as app/lib/password.server.ts (server-only) states them.
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

const emailField = z.string({ error: "admin.errors.email" satisfies MessageKey }).trim().refine((v) => emailSchema.safeParse(v).success, { error: "admin.errors.email" satisfies MessageKey });
const role = z.enum(ROLES, { error: "admin.errors.role" satisfies MessageKey });

export const SignInForm = z.object({
  email: emailField,
  password: z.string({ error: "admin.errors.password" satisfies MessageKey }).max(PASSWORD_MAX, { error: "admin.errors.passwordLength" satisfies MessageKey }),
  redirectTo: z.string().max(2000).optional(),
});

const StaffInviteForm = z.object({
  intent: z.literal("invite"),
  email: emailField,
  name: z.string().trim().max(200).optional(),
  role,
  password: z
    .string()
    .min(PASSWORD_MIN, { error: "admin.errors.passwordLength" satisfies MessageKey })
    .max(PASSWORD_MAX, { error: "admin.errors.passwordLength" satisfies MessageKey })
    .optional(),
});

const RoleChangeForm = z.object({ intent: z.literal("role"), id: z.string().min(1).max(100), role });
const RevokeForm = z.object({ intent: z.literal("revoke"), id: z.string().min(1).max(100) });

export const StaffPageForm = z.discriminatedUnion("intent", [StaffInviteForm, RoleChangeForm, RevokeForm]);

