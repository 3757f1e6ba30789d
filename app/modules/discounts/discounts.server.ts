import { randomBytes } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { newId } from "~/lib/ids";
import { discountCustomerClaimsTable, discountRedemptionsTable, discountsTable } from "~db/schema/discounts";
import type { Adjustment, AdjustmentContext, AdjustmentSource } from "../pricing/adjustments";
import { checkDiscount, customerKey, discountAmount, normalizeCode, type DiscountRejection, type DiscountRow } from "./discounts";

async function findDiscounts(codes: string[]): Promise<DiscountRow[]> {
  if (!codes.length) return [];
  const db = await getDb();
  return db.select().from(discountsTable).where(inArray(discountsTable.code, codes.map(normalizeCode)));
}

/** Orders that redeemed the code for this customer (customerKey of the email). */
async function redeemedCount(db: Db, discountId: string, key: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(discountRedemptionsTable)
    .where(and(eq(discountRedemptionsTable.discountId, discountId), eq(discountRedemptionsTable.customerKey, key)));
  return row?.n ?? 0;
}

async function customerUses(discountId: string, email: string | null): Promise<number> {
  return email ? redeemedCount(await getDb(), discountId, customerKey(email)) : 0;
}

async function evaluateCode(code: string, ctx: AdjustmentContext): Promise<{ discount: DiscountRow | null; rejection: DiscountRejection | null }> {
  const [d] = await findDiscounts([code]);
  if (!d) return { discount: null, rejection: "not_found" };
  const rejection = checkDiscount(d, {
    market: ctx.market.handle,
    currency: ctx.currency,
    subtotal: ctx.subtotal,
    now: ctx.now,
    customerUses: await customerUses(d.id, ctx.cart.email),
  });
  return { discount: d, rejection };
}

export const discountCodeSource: AdjustmentSource = {
  name: "discount_code",
  async lineAdjustments(ctx) {
    const adjustments: Adjustment[] = [];
    const problems = [];
    let subtotal = ctx.subtotal;
    for (const code of ctx.cart.discountCodes) {
      const { discount, rejection } = await evaluateCode(code, { ...ctx, subtotal });
      if (!discount || rejection) {
        problems.push({ code: "discount_rejected", subject: code, reason: rejection ?? "not_found" });
        continue;
      }
      const amount = discountAmount(discount, ctx.currency, subtotal);
      if (discount.kind !== "free_shipping") {
        adjustments.push({ source: "discount_code", code: discount.code, target: "lines", amount });
        subtotal -= amount;
      }
    }
    return { adjustments, problems };
  },
  async shippingAdjustments(ctx, shipping) {
    const out: Adjustment[] = [];
    for (const code of ctx.cart.discountCodes) {
      const { discount, rejection } = await evaluateCode(code, ctx);
      if (discount && !rejection && discount.kind === "free_shipping" && shipping > 0n) {
        out.push({ source: "discount_code", code: discount.code, target: "shipping", amount: shipping });
        break;
      }
    }
    return out;
  },
};

/** Records which customer used the order's codes (inside the order transaction; uses were claimed at payment start). */
export async function redeemCodes(tx: Db, orderId: string, codes: string[], email: string, paymentId: string): Promise<void> {
  if (!codes.length) return;
  const rows = await tx.select().from(discountsTable).where(inArray(discountsTable.code, codes.map(normalizeCode)));
  for (const d of rows) {
    await tx.insert(discountRedemptionsTable).values({ discountId: d.id, orderId, customerKey: customerKey(email) }).onConflictDoNothing();
  }
  await tx.delete(discountCustomerClaimsTable).where(eq(discountCustomerClaimsTable.paymentId, paymentId));
}

/** Gives back uses claimed by a payment that did not complete. */
export async function releaseCodeUses(tx: Db, codes: string[], paymentId: string): Promise<void> {
  for (const code of codes.map(normalizeCode)) {
    await tx
      .update(discountsTable)
      .set({ usedCount: sql`greatest(${discountsTable.usedCount} - 1, 0)` })
      .where(eq(discountsTable.code, code));
  }
  await tx.delete(discountCustomerClaimsTable).where(eq(discountCustomerClaimsTable.paymentId, paymentId));
}

export interface RejectedClaim {
  code: string;
  reason: "usage_limit" | "customer_limit";
}

/**
 * Claims one use of each limited code at payment start, so two shoppers racing for the last use of a
 * code cannot both get it, and one customer (by customerKey of the email) racing two checkouts cannot
 * pass the per-customer limit. Returns the codes that could not be claimed; the caller rolls back.
 */
export async function claimCodeUses(tx: Db, codes: string[], claim: { paymentId: string; email: string }): Promise<RejectedClaim[]> {
  const failed: RejectedClaim[] = [];
  const key = customerKey(claim.email);
  for (const code of codes.map(normalizeCode)) {
    const [d] = await tx.select({ id: discountsTable.id, perCustomerLimit: discountsTable.perCustomerLimit }).from(discountsTable).where(eq(discountsTable.code, code));
    if (d && d.perCustomerLimit !== null) {
      // Serializes this customer's claims on this code across connections until the transaction ends.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`discount_customer:${d.id}:${key}`}, 0))`);
      if ((await customerUsesIncludingClaims(tx, d.id, key, claim.paymentId)) >= d.perCustomerLimit) {
        failed.push({ code, reason: "customer_limit" });
        continue;
      }
      await tx.insert(discountCustomerClaimsTable).values({ discountId: d.id, paymentId: claim.paymentId, customerKey: key }).onConflictDoNothing();
    }
    if (!d) {
      failed.push({ code, reason: "usage_limit" });
      continue;
    }
    const r = await tx
      .update(discountsTable)
      .set({ usedCount: sql`${discountsTable.usedCount} + 1` })
      .where(and(eq(discountsTable.id, d.id), sql`(${discountsTable.usageLimit} is null or ${discountsTable.usedCount} < ${discountsTable.usageLimit})`))
      .returning({ id: discountsTable.id });
    if (!r.length) failed.push({ code, reason: "usage_limit" });
  }
  return failed;
}

async function customerUsesIncludingClaims(tx: Db, discountId: string, key: string, exceptPaymentId: string): Promise<number> {
  const redeemed = await redeemedCount(tx, discountId, key);
  const [held] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(discountCustomerClaimsTable)
    .where(and(eq(discountCustomerClaimsTable.discountId, discountId), eq(discountCustomerClaimsTable.customerKey, key), ne(discountCustomerClaimsTable.paymentId, exceptPaymentId)));
  return redeemed + (held?.n ?? 0);
}

/** Erasure: redemptions and claims recorded under these addresses are kept (use counts) under `replacement`. */
export async function replaceDiscountCustomerKeys(tx: Db, emails: readonly string[], replacement: string): Promise<void> {
  const keys = [...new Set(emails.map(customerKey))];
  if (!keys.length) return;
  await tx.update(discountRedemptionsTable).set({ customerKey: replacement }).where(inArray(discountRedemptionsTable.customerKey, keys));
  await tx.update(discountCustomerClaimsTable).set({ customerKey: replacement }).where(inArray(discountCustomerClaimsTable.customerKey, keys));
}

/**
 * A new unguessable percentage code that works for one order only (a sign-up's welcome offer), in
 * the caller's transaction so the code exists exactly when the reason for it commits.
 */
export async function issueSingleUseCode(tx: Db, input: { prefix: string; percentBp: number }): Promise<{ id: string; code: string }> {
  const code = normalizeCode(`${input.prefix}-${randomBytes(6).toString("hex")}`);
  const id = newId("dsc");
  await tx.insert(discountsTable).values({ id, code, kind: "percentage", percentBp: input.percentBp, usageLimit: 1, perCustomerLimit: 1 });
  return { id, code };
}
