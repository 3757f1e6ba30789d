/**
 * The header's country/region + language form: one schema for the /localization action and the
 * browser. Error messages are UI message keys. Client-safe.
 */
import { z } from "~/lib/zod";
import type { MessageKey } from "~/lib/i18n";

export const LocalizationForm = z.object({
  country: z
    .string({ error: "localization.errors.country" satisfies MessageKey })
    .regex(/^[A-Z]{2}$/, { error: "localization.errors.country" satisfies MessageKey }),
  language: z
    .string({ error: "localization.errors.language" satisfies MessageKey })
    .regex(/^[a-z]{2}$/, { error: "localization.errors.language" satisfies MessageKey }),
  /** The market the form was shown in (its language words the error page). */
  from: z.string().max(20).optional(),
  /** Same page in the new market; only same-origin paths are followed. */
  redirectTo: z.string().max(2000).optional(),
});

export type LocalizationFields = keyof z.input<typeof LocalizationForm>;
