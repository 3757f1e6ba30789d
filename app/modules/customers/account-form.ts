/**
 * The account pages' forms, one zod schema each (conform on the page, parseWithZod in the action).
 * Error messages are UI message keys. Client-safe.
 */
import { z } from "~/lib/zod";
import type { MessageKey } from "~/lib/i18n";
import { isEmail } from "~/lib/validation";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/lib/password-rules";

const key = (k: MessageKey) => ({ error: k });

const email = z.string(key("account.errors.email")).trim().refine(isEmail, key("account.errors.email"));
/** NIST SP 800-63B §5.1.1.2: at least 8 characters, no composition rules, long passphrases allowed. */
const newPassword = z
  .string(key("account.errors.passwordLength"))
  .min(PASSWORD_MIN_LENGTH, key("account.errors.passwordLength"))
  .max(PASSWORD_MAX_LENGTH, key("account.errors.passwordLength"));
const anyPassword = z.string(key("account.errors.passwordRequired")).min(1, key("account.errors.passwordRequired")).max(PASSWORD_MAX_LENGTH, key("account.errors.passwordRequired"));
const name = z.string().trim().max(100, key("account.errors.nameTooLong")).optional();
const token = z.string(key("account.errors.linkInvalid")).min(10, key("account.errors.linkInvalid")).max(200, key("account.errors.linkInvalid"));

export const SignUpForm = z.object({ email, password: newPassword, name });
export const SignInForm = z.object({ intent: z.literal("password"), email, password: anyPassword });
export const SignInLinkForm = z.object({ intent: z.literal("link"), email });
export const ForgotPasswordForm = z.object({ email });
export const ResetPasswordForm = z.object({ token, password: newPassword });
export const ProfileForm = z.object({
  name,
  language: z.string(key("account.errors.language")).min(2, key("account.errors.language")).max(16, key("account.errors.language")),
  market: z.string(key("account.errors.market")).min(2, key("account.errors.market")).max(40, key("account.errors.market")),
});
/** Deleting the account asks for the address again, so a stray click or a borrowed session cannot do it. */
export const DeleteAccountForm = z.object({ confirmEmail: email });
