import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "~db/index";
import { discountsTable } from "~db/schema/discounts";
import { newId } from "~/lib/ids";
import { normalizeCode } from "./discounts";

/** Letters and digits a person reads back without confusion (no 0/O, 1/I/L). */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function randomCode(prefix: string, length = 8): string {
  let out = "";
  for (const b of randomBytes(length)) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${prefix}${out}`;
}

export interface IssueCodeInput {
  /** A fixed code (a campaign's shared one); omitted: a fresh random code with `prefix`. */
  code?: string;
  prefix?: string;
  kind: "percentage" | "fixed";
  percentBp?: number | null;
  /** Minor units per currency, for `fixed`. */
  amounts?: Record<string, string>;
  startsAt?: Date | null;
  endsAt?: Date | null;
  /** Total uses (1: a single-use code); null: unlimited. */
  usageLimit: number | null;
  perCustomerLimit: number | null;
}

/** Creates a discount code for another module's programme (referrals) inside the caller's transaction. */
export async function issueDiscountCode(tx: Db, input: IssueCodeInput): Promise<string> {
  const code = normalizeCode(input.code ?? randomCode(input.prefix ?? ""));
  await tx.insert(discountsTable).values({
    id: newId("disc"),
    code,
    kind: input.kind,
    percentBp: input.kind === "percentage" ? (input.percentBp ?? null) : null,
    amounts: input.kind === "fixed" ? (input.amounts ?? {}) : {},
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    usageLimit: input.usageLimit,
    perCustomerLimit: input.perCustomerLimit,
  });
  return code;
}

/** Whether a code is taken (a shared campaign code must not collide with an existing one). */
export async function discountCodeExists(tx: Db, code: string): Promise<boolean> {
  const rows = await tx.select({ id: discountsTable.id }).from(discountsTable).where(eq(discountsTable.code, normalizeCode(code)));
  return rows.length > 0;
}

