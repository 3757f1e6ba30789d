/**
 * The admin's forms: one schema each, for the action and the browser. Error messages are UI message
 * keys. Client-safe.
 */
import type { MessageKey } from "~/lib/i18n";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/lib/password-rules";
import { emailSchema } from "~/lib/validation";
import { z } from "~/lib/zod";
import { ROLES } from "./permissions";

const emailField = z.string({ error: "admin.errors.email" satisfies MessageKey }).trim().refine((v) => emailSchema.safeParse(v).success, { error: "admin.errors.email" satisfies MessageKey });
const role = z.enum(ROLES, { error: "admin.errors.role" satisfies MessageKey });

export const SignInForm = z.object({
  email: emailField,
  password: z.string({ error: "admin.errors.password" satisfies MessageKey }).max(PASSWORD_MAX_LENGTH, { error: "admin.errors.passwordLength" satisfies MessageKey }),
  redirectTo: z.string().max(2000).optional(),
});

/** Languages an invitation email can be written in (the email catalogs'). */
export const INVITATION_LANGUAGES = ["en", "fr", "de", "es", "ja", "pt", "ar"] as const;
export type InvitationLanguage = (typeof INVITATION_LANGUAGES)[number];

const id = z.string().min(1).max(100);
const language = z.enum(INVITATION_LANGUAGES, { error: "admin.errors.language" satisfies MessageKey });

const StaffInviteForm = z.object({
  intent: z.literal("invite"),
  email: emailField,
  name: z.string().trim().max(200).optional(),
  role,
  // Absent: the admin's language.
  language: language.optional(),
});

const RoleChangeForm = z.object({ intent: z.literal("role"), id, role });
const RevokeForm = z.object({ intent: z.literal("revoke"), id });
const ResendForm = z.object({ intent: z.literal("resend"), id });

export const StaffPageForm = z.discriminatedUnion("intent", [StaffInviteForm, RoleChangeForm, RevokeForm, ResendForm]);

/** Token lifetimes the page offers (days); the API takes any future `expiresAt`. */
export const TOKEN_LIFETIMES = ["never", "7", "30", "90", "365"] as const;

const TokenCreateForm = z.object({
  intent: z.literal("create"),
  name: z.string({ error: "admin.errors.tokenName" satisfies MessageKey }).trim().min(1, { error: "admin.errors.tokenName" satisfies MessageKey }).max(100, { error: "admin.errors.tokenName" satisfies MessageKey }),
  staffId: z.string({ error: "admin.errors.tokenStaff" satisfies MessageKey }).min(1, { error: "admin.errors.tokenStaff" satisfies MessageKey }).max(100),
  lifetime: z.enum(TOKEN_LIFETIMES, { error: "admin.errors.tokenLifetime" satisfies MessageKey }),
});
const TokenRevokeForm = z.object({ intent: z.literal("revoke"), id });

export const ApiTokensPageForm = z.discriminatedUnion("intent", [TokenCreateForm, TokenRevokeForm]);

// The invitee's form on /admin/accept-invite.
export const AcceptInviteForm = z
  .object({
    token: z.string().min(1).max(200),
    password: z
      .string({ error: "admin.errors.passwordLength" satisfies MessageKey })
      .min(PASSWORD_MIN_LENGTH, { error: "admin.errors.passwordLength" satisfies MessageKey })
      .max(PASSWORD_MAX_LENGTH, { error: "admin.errors.passwordLength" satisfies MessageKey }),
    confirm: z.string({ error: "admin.errors.passwordMismatch" satisfies MessageKey }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "admin.errors.passwordMismatch" satisfies MessageKey });
