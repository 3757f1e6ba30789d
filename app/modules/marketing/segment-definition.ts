/**
 * A segment's definition (issue #12): `{ name, match: "all" | "any", rules: [{ field, op, value }] }`.
 * Pure and client-safe: the Admin API validates bodies with it and the rule builder lists the fields
 * and operators from it. No rules = every contact who may be mailed.
 */
import { z } from "zod";

const text = (max: number, what: string) => z.string({ error: `Write ${what}.` }).trim().min(1, `Write ${what}.`).max(max, `At most ${max} characters.`);
const textList = (what: string) =>
  z
    .array(text(100, what), { error: `Give a list of ${what}s, e.g. ["a", "b"].` })
    .min(1, `Give at least one ${what}.`)
    .max(50, `At most 50 ${what}s in one rule.`);
const decimal = z
  .string({ error: "Write an amount like 100.00 (base currency, no currency sign)." })
  .trim()
  .regex(/^\d{1,13}(\.\d{1,4})?$/, "Write an amount like 100.00 (base currency, no currency sign, no thousands separator).");
const whole = z.number({ error: "Write a whole number." }).int("Write a whole number.").min(0, "Write 0 or more.").max(100_000_000, "At most 100000000.");
const range = <T extends z.ZodType>(value: T) =>
  z.union([value, z.object({ min: value, max: value }, { error: "Between needs `min` and `max`." })], { error: "Give a value (or `{min, max}` with between)." });

const is = z.enum(["is", "is_not"], { error: "Use is or is_not." });
const sets = z.enum(["any", "all", "none"], { error: "Use any, all or none." });
const ranges = z.enum(["gte", "lte", "between"], { error: "Use gte, lte or between." });

const RuleSchema = z.discriminatedUnion(
  "field",
  [
    z.object({ field: z.literal("country"), op: is, value: z.string({ error: "Write an ISO country code, e.g. DE." }).trim().regex(/^[A-Za-z]{2}$/, "Write an ISO country code, e.g. DE.").toUpperCase() }),
    z.object({ field: z.literal("language"), op: is, value: z.string({ error: "Write a language code, e.g. de." }).trim().regex(/^[A-Za-z]{2,3}$/, "Write a language code, e.g. de.").toLowerCase() }),
    z.object({ field: z.literal("market"), op: is, value: text(20, "a market handle, e.g. de-de") }),
    z.object({ field: z.literal("tier"), op: is, value: text(64, "a tier id (GET /tiers)") }).describe("Holds (is) or does not hold (is_not) this loyalty tier."),
    z
      .object({ field: z.literal("consent"), op: z.literal("is", { error: "Use is." }), value: z.enum(["subscribed", "pending", "unsubscribed"], { error: "Use subscribed, pending or unsubscribed." }) })
      .describe("Current email consent. Only subscribed contacts are ever members, so pending or unsubscribed match no one."),
    z.object({ field: z.literal("spend"), op: ranges, value: range(decimal) }).describe("Lifetime spend net of refunds, base currency, decimal strings."),
    z.object({ field: z.literal("orders"), op: ranges, value: range(whole) }).describe("Number of paid orders."),
    z.object({ field: z.literal("lastOrder"), op: z.enum(["before", "after"], { error: "Use before or after." }), value: z.iso.date({ error: "Write a day as YYYY-MM-DD." }) }).describe("Last paid order before the day, or on or after it (UTC)."),
    z.object({ field: z.literal("productsBought"), op: sets, value: textList("product handle or id") }).describe("Paid orders contain any, all or none of these products (handle in any language, or id)."),
    z.object({ field: z.literal("collectionsBought"), op: sets, value: textList("collection handle or id") }).describe("Paid orders contain a product of any, all or none of these collections."),
    z.object({ field: z.literal("tags"), op: sets, value: textList("tag") }),
    z.object({ field: z.literal("source"), op: is, value: text(60, "a source, e.g. footer") }).describe("Where the contact first came from (first touch)."),
    z.object({ field: z.literal("signupSource"), op: is, value: text(60, "a source, e.g. popup") }).describe("Source of the contact's first consent (sign-up)."),
    z.object({ field: z.literal("points"), op: ranges, value: range(whole) }).describe("Available loyalty points."),
    z.object({ field: z.literal("referredFriends"), op: ranges, value: range(whole) }).describe("Friends referred (referrals not rejected, cancelled or ineligible)."),
    z.object({ field: z.literal("wasReferred"), op: z.literal("is", { error: "Use is." }), value: z.boolean({ error: "Use true or false." }) }),
  ],
  { error: "Unknown field. Use country, language, market, tier, consent, spend, orders, lastOrder, productsBought, collectionsBought, tags, source, signupSource, points, referredFriends or wasReferred." },
);

/** between takes `{min, max}`; the other operators one value. */
const CheckedRule = RuleSchema.superRefine((rule, ctx) => {
  const between = rule.op === "between";
  const isRange = typeof rule.value === "object" && rule.value !== null && !Array.isArray(rule.value);
  if (between && !isRange) ctx.addIssue({ code: "custom", path: ["value"], message: "Between needs `{min, max}`." });
  if (!between && isRange) ctx.addIssue({ code: "custom", path: ["value"], message: "Give one value (`{min, max}` only with between)." });
});

export type SegmentRule = z.output<typeof RuleSchema>;
type SegmentField = SegmentRule["field"];

export const SegmentDefinitionSchema = z.object({
  name: text(120, "a name for the segment"),
  match: z.enum(["all", "any"], { error: "Use all (every rule) or any (at least one rule)." }).default("all"),
  rules: z.array(CheckedRule, { error: "Give a list of rules (may be empty)." }).max(30, "At most 30 rules.").default([]),
});

export type SegmentDefinition = z.output<typeof SegmentDefinitionSchema>;

/** The fields a rule may use, their operators and the kind of value, in the builder's order. */
export const SEGMENT_FIELDS: readonly { field: SegmentField; ops: readonly string[]; value: "text" | "list" | "decimal" | "number" | "day" | "choice" }[] = [
  { field: "market", ops: ["is", "is_not"], value: "choice" },
  { field: "country", ops: ["is", "is_not"], value: "text" },
  { field: "language", ops: ["is", "is_not"], value: "text" },
  { field: "tier", ops: ["is", "is_not"], value: "choice" },
  { field: "consent", ops: ["is"], value: "choice" },
  { field: "spend", ops: ["gte", "lte", "between"], value: "decimal" },
  { field: "orders", ops: ["gte", "lte", "between"], value: "number" },
  { field: "lastOrder", ops: ["before", "after"], value: "day" },
  { field: "productsBought", ops: ["any", "all", "none"], value: "list" },
  { field: "collectionsBought", ops: ["any", "all", "none"], value: "list" },
  { field: "tags", ops: ["any", "all", "none"], value: "list" },
  { field: "source", ops: ["is", "is_not"], value: "text" },
  { field: "signupSource", ops: ["is", "is_not"], value: "text" },
  { field: "points", ops: ["gte", "lte", "between"], value: "number" },
  { field: "referredFriends", ops: ["gte", "lte", "between"], value: "number" },
  { field: "wasReferred", ops: ["is"], value: "choice" },
];

/** One rule as the builder's form holds it: strings only, before validation. */
export interface RuleDraft {
  field: string;
  op: string;
  value: string;
  /** The upper bound of a between. */
  valueTo: string;
}

export interface SegmentDraft {
  name: string;
  match: string;
  rules: RuleDraft[];
}

/** The builder's form fields (`rules.N.field` …) → a draft, rows in index order. */
export function draftFromForm(form: Record<string, string>): SegmentDraft {
  const rows = new Map<number, RuleDraft>();
  for (const [key, value] of Object.entries(form)) {
    const m = /^rules\.(\d{1,2})\.(field|op|value|valueTo)$/.exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    const row = rows.get(i) ?? { field: "", op: "", value: "", valueTo: "" };
    row[m[2] as keyof RuleDraft] = value;
    rows.set(i, row);
  }
  return { name: form.name ?? "", match: form.match ?? "all", rules: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r) };
}

/** A draft → the definition's input shape (numbers, lists, ranges), left for the schema to validate. */
export function definitionInput(draft: SegmentDraft): unknown {
  return {
    name: draft.name,
    match: draft.match,
    rules: draft.rules.map((r) => {
      const kind = SEGMENT_FIELDS.find((f) => f.field === r.field)?.value;
      const one = (s: string): unknown => {
        const v = s.trim();
        if (kind === "number") return /^\d+$/.test(v) ? Number(v) : v;
        if (kind === "list") return v.split(",").map((x) => x.trim()).filter(Boolean);
        if (r.field === "wasReferred") return v === "true" ? true : v === "false" ? false : v;
        return v;
      };
      return { field: r.field, op: r.op, value: r.op === "between" ? { min: one(r.value), max: one(r.valueTo) } : one(r.value) };
    }),
  };
}

/** A saved rule → the builder's strings. */
export function ruleDraft(rule: SegmentRule): RuleDraft {
  const s = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
  if (typeof rule.value === "object" && rule.value !== null && !Array.isArray(rule.value)) return { field: rule.field, op: rule.op, value: s(rule.value.min), valueTo: s(rule.value.max) };
  return { field: rule.field, op: rule.op, value: s(rule.value), valueTo: "" };
}

/** The first members the builder shows. */
export interface SegmentPreview {
  count: number;
  contacts: { id: string; email: string; name: string | null; country: string | null; language: string; market: string | null; tierName: string | null }[];
}

/** What the builder's form action answers. */
export interface BuilderActionData {
  draft?: SegmentDraft;
  /** Changes on every answer, so the form re-renders with the draft's values. */
  version?: number;
  preview?: SegmentPreview;
  error?: { message: string; field?: string };
}

/** What the builder offers to pick from. */
export interface BuilderChoices {
  markets: string[];
  tiers: { id: string; name: string }[];
  baseCurrency: string;
}
