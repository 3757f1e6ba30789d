/** The Admin API's suppression-list schemas (components of the Admin API document). */
import { z } from "zod";
import { named } from "~/lib/api/schema";
import { SUPPRESSION_REASONS } from "~db/schema/mail";

export const SuppressionSchema = named(
  "Suppression",
  "An address the store does not mail. Addresses are stored only as a hash, so the list shows hashes.",
  z.object({
    emailHash: z.string().describe("sha256 (hex) of the trimmed, NFC-normalized, lower-case address."),
    reason: z.enum(SUPPRESSION_REASONS).describe("account_erased, unsubscribed, hard_bounce, soft_bounce_repeated (two soft bounces in a row), complaint or manual."),
    scope: z.enum(["all", "marketing"]).describe("`all`: never mailed; `marketing`: order and account mail still goes out."),
    createdAt: z.iso.datetime().describe("When the address was suppressed (ISO 8601, UTC)."),
  }),
);

export const SuppressionPageSchema = named(
  "SuppressionPage",
  "A page of the suppression list, newest first.",
  z.object({
    nodes: z.array(SuppressionSchema),
    total: z.number().int().describe("Suppressed addresses, on all pages."),
    page: z.number().int().describe("This page's number."),
    perPage: z.number().int().describe("Items per page."),
  }),
);

export const SuppressionCreateSchema = named(
  "SuppressionCreate",
  "Body of POST /suppressions: an address to stop mailing (reason manual, scope all).",
  z.strictObject({ email: z.string().max(254).describe("The address; stored only as its hash.") }),
  { io: "input" },
);
