/**
 * A campaign's content (issue #12, ADR 0018): per language a subject, a preheader and a list of
 * blocks. Pure and client-safe: the Admin API validates bodies with it and the composer lists the
 * block types from it. Block shapes:
 *   { type: "heading", text }                    { type: "text", text }
 *   { type: "image", url, alt }                  { type: "button", label, url }
 *   { type: "products", handles: string[] }      { type: "discount", code }
 * Links (button urls) lead to the store; each is replaced by a tracked link per recipient.
 */
import { z } from "zod";

const text = (max: number, what: string) => z.string({ error: `Write ${what}.` }).trim().min(1, `Write ${what}.`).max(max, `At most ${max} characters.`);
const url = z.url({ protocol: /^https?$/, error: "Write a full https:// address." }).max(2000, "At most 2000 characters.");

export const CampaignBlockSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("heading"), text: text(200, "a heading") }),
    z.object({ type: z.literal("text"), text: text(5000, "the text") }),
    z.object({ type: z.literal("image"), url, alt: z.string().trim().max(300, "At most 300 characters.") }),
    z.object({ type: z.literal("button"), label: text(80, "the button's label"), url }),
    z.object({
      type: z.literal("products"),
      handles: z
        .array(z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,199}$/, "Write product handles such as tea-bowl."), { error: "Give a list of product handles." })
        .min(1, "Give at least one product handle.")
        .max(12, "At most 12 products in a grid."),
    }),
    z.object({ type: z.literal("discount"), code: text(64, "a discount code") }),
  ],
  { error: "Use a block type: heading, text, image, button, products or discount." },
);
export type CampaignBlock = z.infer<typeof CampaignBlockSchema>;

export const CampaignContentSchema = z.object({
  subject: text(200, "a subject"),
  preheader: z.string().trim().max(200, "At most 200 characters.").default(""),
  blocks: z.array(CampaignBlockSchema).max(50, "At most 50 blocks."),
});
export type CampaignContent = z.infer<typeof CampaignContentSchema>;

const language = z.string().regex(/^[a-z]{2,3}$/, "Write a language code, e.g. de.");

/** Per-language versions; the default language must have one (it is the fallback). */
export const CampaignContentMapSchema = z
  .record(language, CampaignContentSchema, { error: 'Give content per language, e.g. {"de": {subject, blocks}}.' })
  .refine((m) => Object.keys(m).length > 0, "Give the content in at least one language.");

export const CampaignInputSchema = z
  .object({
    name: text(200, "a name"),
    segmentId: text(64, "the segment's id"),
    defaultLanguage: language,
    content: CampaignContentMapSchema,
    throttlePerHour: z.number().int("Write a whole number.").min(1, "Write 1 or more.").max(10_000_000).nullable().default(null),
    frequencyCapHours: z.number().int("Write a whole number.").min(1, "Write 1 or more.").max(24 * 365).nullable().default(null),
  })
  .refine((c) => c.defaultLanguage in c.content, { message: "The default language needs its own content (it is the fallback).", path: ["defaultLanguage"] });
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

/** The version for a recipient's language, else the default language's. */
export function contentFor(content: Record<string, CampaignContent>, defaultLanguage: string, language: string): { language: string; content: CampaignContent } {
  const own = content[language];
  return own ? { language, content: own } : { language: defaultLanguage, content: content[defaultLanguage]! };
}
