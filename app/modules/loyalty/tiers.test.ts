/**
 * Membership tiers (issue #10, docs/decisions/0012-membership-tiers.md): thresholds on trailing-12-month
 * net spend in the base currency or on points earned, upgrades at once, downgrades only after the
 * retention period, an email only for an upgrade after the first calculation, and the tier's discount
 * and free-shipping benefits in the cart pricing pipeline.
 */
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fxRatesTable, jobsTable, loyaltyMembersTable, orderTaxLinesTable, ordersTable, productVariantsTable, tierChangesTable, tiersTable } from "~db/schema";
import { rowsOf } from "~db/rows";
import { useTestDatabase } from "~db/testing";
import { runAt } from "~/lib/clock.server";
import { crossConvert, divRound } from "~/lib/money";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { ensureContact } from "../contacts/contacts.server";
import { getAvailability } from "../inventory/inventory.server";
import { runAllDueJobs } from "../jobs/jobs.server";
import { getMarket, getStoreConfig } from "../markets/markets.server";
import { refundOrder } from "../orders/order-operations.server";
import { postPoints } from "./ledger.server";
import { addMonths } from "./tiers";
import { createTier, currentTier, evaluateContactTier, scheduleTierReview, TIER_REVIEW_JOB, tierMultiplier, tierProgress, updateTier } from "./tiers.server";

const db = useTestDatabase();
const tiers = { member: "", silver: "", gold: "" };

beforeAll(async () => {
  registerAllJobHandlers();
  await db.current.db.transaction(async (tx) => {
    // The demo seed's tiers step aside: these tests set their own thresholds.
    await tx.update(tiersTable).set({ active: false });
    tiers.member = (await createTier(tx, { names: { en: "Member", de: "Mitglied", ja: "メンバー" }, position: 10 })).after.id;
    tiers.silver = (await createTier(tx, { names: { en: "Silver", ja: "シルバー" }, position: 11, spendThreshold: "300.00", pointsThreshold: 500, multiplier: "1.25", discountBps: 500 })).after.id;
    tiers.gold = (await createTier(tx, { names: { en: "Gold", ja: "ゴールド" }, position: 12, spendThreshold: "1000.00", pointsThreshold: 2000, multiplier: "1.5", discountBps: 1000, freeShippingOver: "50.00", earlyAccess: true })).after.id;
  });
}, 60_000);

let seq = 0;
const uniqueEmail = (tag: string) => `${tag}-${++seq}@tiers.example`;

const ADDRESSES: Record<string, Record<string, string>> = {
  "en-us": { name: "Jane", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001", country: "US" },
  "de-de": { name: "Anna", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
  "ja-jp": { name: "Yui", line1: "1-1 Chiyoda", city: "Tokyo", region: "13", postalCode: "100-0001", country: "JP" },
};

async function variantWithStock(min = 5): Promise<string> {
  const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  return variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= min))!.id;
}

/** The cheapest variant on sale in the market with stock: below any market free-shipping threshold. */
async function cheapestVariant(market: string): Promise<string> {
  const res = await db.current.db.execute(sql`
    select mp.variant_id as id from market_prices mp
    join inventory_levels il on il.variant_id = mp.variant_id and il.on_hand - il.reserved > 2
    where mp.market = ${market} order by mp.amount asc limit 1`);
  return rowsOf<{ id: string }>(res)[0]!.id;
}

async function cartFor(market: string, email: string, opts: { customerId?: string; quantity?: number; cheapest?: boolean } = {}) {
  const m = (await getMarket(market))!;
  const { cart } = await createCart(m, { customerId: opts.customerId ?? null });
  await addLine(cart, opts.cheapest ? await cheapestVariant(market) : await variantWithStock(opts.quantity ?? 1), opts.quantity ?? 1);
  await updateCartDetails(cart, { email, shippingAddress: ADDRESSES[market] as never });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  return reloadCart(cart);
}

/** A paid order (through checkout, so the order listeners run); `at` pins the clock and the payment time. */
async function paidOrder(market: string, email: string, opts: { quantity?: number; at?: Date } = {}) {
  const at = opts.at ?? new Date();
  return runAt(at, async () => {
    const cart = await cartFor(market, email, opts);
    const started = await startPayment(cart, { origin: "http://shop.test" });
    const id = (await completePayment(started.payment.id, "succeeded", at))!;
    const [order] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, id));
    return order!;
  });
}

/** The ADR's rule, computed here from the order's own columns: (subtotal − discounts − tax in the lines) × (total − refunded) / total, in the order currency. */
async function expectedNet(orderId: string): Promise<bigint> {
  const [o] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, orderId));
  const taxes = await db.current.db.select().from(orderTaxLinesTable).where(eq(orderTaxLinesTable.orderId, orderId));
  const lineTaxIncluded = taxes.filter((t) => t.orderLineId !== null && t.kind === "tax" && t.included === 1).reduce((a, t) => a + t.amount, 0n);
  return divRound((o!.subtotal - o!.discountTotal - lineTaxIncluded) * (o!.total - o!.refundedTotal), o!.total);
}

async function contactId(email: string) {
  return (await ensureContact(db.current.db, { email, locale: "en", market: "en-us", source: "test" })).id;
}

async function evaluate(id: string, at: Date) {
  return db.current.db.transaction((tx) => evaluateContactTier(tx, id, at));
}

async function member(id: string) {
  const [row] = await db.current.db.select().from(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
  return row;
}

async function changes(id: string) {
  return db.current.db.select().from(tierChangesTable).where(eq(tierChangesTable.contactId, id)).orderBy(tierChangesTable.id);
}

async function tierEmailsTo(email: string) {
  const rows = await db.current.db
    .select({ payload: jobsTable.payload })
    .from(jobsTable)
    .where(and(eq(jobsTable.kind, "mail.send"), sql`${jobsTable.payload}->>'template' = 'tier-change'`, sql`${jobsTable.payload}->>'to' = ${email}`));
  return rows.map((r) => r.payload as { locale: string; data: { tierName: string } });
}

describe("qualification", () => {
  it("qualifies exactly at the spend threshold and not one minor unit below (en-us, USD = base)", async () => {
    const email = uniqueEmail("edge");
    const order = await paidOrder("en-us", email, { quantity: 2 });
    const net = await expectedNet(order.id);
    expect(net).toBeGreaterThan(0n);
    const id = await contactId(email);
    const at = new Date();
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(net + 1n) / 100).toFixed(2) }));
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, at);
    expect((await member(id))!.tierId).toBe(tiers.member);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(net) / 100).toFixed(2) }));
    await evaluate(id, at);
    expect((await member(id))!.tierId).toBe(tiers.silver);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: "300.00" }));
  });

  it("counts an order paid exactly 12 months before and not one paid a millisecond earlier", async () => {
    const email = uniqueEmail("window");
    const order = await paidOrder("en-us", email);
    const net = await expectedNet(order.id);
    const id = await contactId(email);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(net) / 100).toFixed(2) }));
    const edge = addMonths(order.paidAt!, 12);
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, edge);
    expect((await member(id))!.tierId).toBe(tiers.silver);
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, new Date(edge.getTime() + 1));
    expect((await member(id))!.tierId).toBe(tiers.member);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: "300.00" }));
  });

  it("converts a EUR order at the FX rate in force on its payment day, without the VAT in the lines", async () => {
    const email = uniqueEmail("fx");
    const paidAt = new Date("2026-03-05T10:00:00Z");
    // Rates entered for EUR: 0.80 from 1 March, 0.50 from 10 March; the order's own stored rate is the seed's 0.92.
    await db.current.db.insert(fxRatesTable).values([
      { currency: "EUR", effectiveOn: "2026-03-01", rate: "0.80" },
      { currency: "EUR", effectiveOn: "2026-03-10", rate: "0.50" },
    ]);
    const order = await paidOrder("de-de", email, { at: paidAt });
    const net = await expectedNet(order.id);
    expect(order.subtotal - order.discountTotal).toBeGreaterThan(net); // de-de shows VAT-inclusive prices
    const inUsd = crossConvert(net, "EUR", "USD", new Map([["EUR", "0.80"], ["USD", "1"]]));
    const id = await contactId(email);
    const at = new Date("2026-04-01T00:00:00Z");
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(inUsd) / 100).toFixed(2) }));
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, at);
    expect((await member(id))!.tierId).toBe(tiers.silver);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(inUsd + 1n) / 100).toFixed(2) }));
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, at);
    expect((await member(id))!.tierId).toBe(tiers.member);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: "300.00" }));
  });

  it("counts spend net of refunds: a partial refund takes back the merchandise's share", async () => {
    const email = uniqueEmail("refund");
    const order = await paidOrder("en-us", email, { quantity: 2 });
    const id = await contactId(email);
    await refundOrder(order.id, { amount: order.total / 2n });
    const net = await expectedNet(order.id);
    expect(net).toBeLessThan(order.subtotal - order.discountTotal);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(net) / 100).toFixed(2) }));
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, new Date());
    expect((await member(id))!.tierId).toBe(tiers.silver);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(net + 1n) / 100).toFixed(2) }));
    await db.current.db.delete(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, id));
    await evaluate(id, new Date());
    expect((await member(id))!.tierId).toBe(tiers.member);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: "300.00" }));
  });
});

describe("upgrades, retention and email", () => {
  it("places a first order's buyer without an email, upgrades at once on a later paid order and emails only that", async () => {
    const email = uniqueEmail("upgrade");
    const first = await paidOrder("en-us", email);
    const id = await contactId(email);
    // First calculation: whatever tier, reason "initial", no email.
    expect((await changes(id)).map((c) => c.reason)).toEqual(["initial"]);
    const firstNet = await expectedNet(first.id);
    // Silver now sits just above what was spent: the next order crosses it.
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(firstNet + 1n) / 100).toFixed(2) }));
    expect((await member(id))!.tierId).toBe(tiers.member);
    await paidOrder("en-us", email);
    expect((await member(id))!.tierId).toBe(tiers.silver);
    expect((await changes(id)).map((c) => [c.reason, c.toTierId])).toEqual([["initial", tiers.member], ["upgrade", tiers.silver]]);
    const mails = await tierEmailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.data.tierName).toBe("Silver");
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: "300.00" }));
  });

  it("keeps a tier after a full refund until the retention period ends, then downgrades without an email (jobs run-due --at)", async () => {
    const email = uniqueEmail("retain");
    const id = await contactId(email);
    await evaluate(id, new Date()); // first calculation: Member
    const order = await paidOrder("en-us", email);
    const net = await expectedNet(order.id);
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: (Number(net) / 100).toFixed(2) }));
    await db.current.db.transaction((tx) => evaluateContactTier(tx, id));
    const silver = (await member(id))!;
    expect(silver.tierId).toBe(tiers.silver);
    expect(silver.retainedUntil.getTime()).toBe(addMonths(silver.qualifiedAt, 12).getTime());
    await refundOrder(order.id, { amount: order.total });
    // The refund re-evaluates (listener): no longer qualified, but retained.
    expect((await member(id))!.tierId).toBe(tiers.silver);
    await runAllDueJobs({ at: new Date(silver.retainedUntil.getTime() - 86_400_000) });
    expect((await member(id))!.tierId).toBe(tiers.silver);
    await runAllDueJobs({ at: new Date(silver.retainedUntil.getTime() + 86_400_000) });
    expect((await member(id))!.tierId).toBe(tiers.member);
    expect((await changes(id)).map((c) => c.reason)).toEqual(["initial", "upgrade", "downgrade"]);
    expect(await tierEmailsTo(email)).toHaveLength(1); // the upgrade's only
    await db.current.db.transaction((tx) => updateTier(tx, tiers.silver, { spendThreshold: "300.00" }));
  });

  it("uses points earned, so spending points never lowers the tier; a reversed earn does not count", async () => {
    const email = uniqueEmail("points");
    const id = await contactId(email);
    await db.current.db.transaction((tx) => postPoints(tx, { contactId: id, type: "earn", points: 500, source: "order" }));
    const at = new Date();
    await evaluate(id, at);
    expect((await member(id))!.tierId).toBe(tiers.silver); // exactly the 500-point threshold
    await db.current.db.transaction((tx) => postPoints(tx, { contactId: id, type: "redeem", points: -500, source: "checkout" }));
    await evaluate(id, new Date(at.getTime() + 1000));
    expect((await member(id))!.tierId).toBe(tiers.silver);
    expect((await changes(id)).map((c) => c.reason)).toEqual(["initial"]);

    const other = await contactId(uniqueEmail("reversed"));
    await db.current.db.transaction(async (tx) => {
      const earn = await postPoints(tx, { contactId: other, type: "earn", points: 600, source: "order" });
      await postPoints(tx, { contactId: other, type: "reverse", points: -200, source: "refund", reverses: earn!.id });
    });
    await evaluate(other, new Date());
    expect((await member(other))!.tierId).toBe(tiers.member); // 400 earned < 500
  });

  it("upgrades by points in the daily review, in the contact's language", async () => {
    const email = uniqueEmail("daily");
    const id = (await ensureContact(db.current.db, { email, locale: "ja", market: "ja-jp", source: "test" })).id;
    await evaluate(id, new Date());
    await db.current.db.transaction((tx) => postPoints(tx, { contactId: id, type: "earn", points: 2000, source: "order" }));
    // The review runs at the next 00:00 UTC (an earlier test ran it and moved it a year on: start afresh).
    await db.current.db.delete(jobsTable).where(eq(jobsTable.kind, TIER_REVIEW_JOB));
    await scheduleTierReview();
    const [job] = await db.current.db.select().from(jobsTable).where(and(eq(jobsTable.kind, TIER_REVIEW_JOB), eq(jobsTable.status, "queued")));
    expect(job!.runAt.toISOString()).toMatch(/T00:00:00\.000Z$/);
    await runAllDueJobs({ at: new Date(job!.runAt.getTime() - 1) });
    expect((await member(id))!.tierId).toBe(tiers.member);
    await runAllDueJobs({ at: job!.runAt });
    expect((await member(id))!.tierId).toBe(tiers.gold);
    const [mail] = await tierEmailsTo(email);
    expect(mail).toMatchObject({ locale: "ja", data: { tierName: "ゴールド" } });
    expect(await currentTier(id)).toMatchObject({ id: tiers.gold, name: "ゴールド", multiplier: "1.50", discountBps: 1000, freeShippingOver: 5000n, earlyAccess: true });
    expect(await db.current.db.transaction((tx) => tierMultiplier(tx, id))).toBe("1.50");
    expect(await tierProgress(id)).toMatchObject({ tier: { id: tiers.gold }, nextTier: null, spendToNext: null, pointsToNext: null });
  });

  it("reports the progress to the next tier", async () => {
    const id = await contactId(uniqueEmail("progress"));
    await db.current.db.transaction((tx) => postPoints(tx, { contactId: id, type: "earn", points: 120, source: "order" }));
    await evaluate(id, new Date());
    const p = await tierProgress(id);
    // Silver: 300.00 USD or 500 points; nothing spent, 120 points earned.
    expect(p).toMatchObject({ tier: { id: tiers.member }, nextTier: { id: tiers.silver, name: "Silver" }, spendToNext: 30000n, pointsToNext: 380 });
  });
});

describe("benefits in the cart", () => {
  async function goldCustomer(market: string, locale: string) {
    const customerId = `cus_tier_${++seq}`;
    const email = uniqueEmail("gold");
    const id = (await ensureContact(db.current.db, { email, customerId, locale, market, source: "test" })).id;
    await db.current.db.transaction((tx) => postPoints(tx, { contactId: id, type: "earn", points: 2000, source: "order" }));
    await evaluate(id, new Date());
    return { customerId, email };
  }

  for (const [market, locale] of [["de-de", "de"], ["ja-jp", "ja"]] as const) {
    it(`takes the tier's 10 % off the lines and makes shipping free (${market})`, async () => {
      const { customerId, email } = await goldCustomer(market, locale);
      const p = await priceCart(await cartFor(market, email, { customerId, cheapest: true }));
      const tierLines = p.adjustments.find((a) => a.source === "tier_discount" && a.target === "lines")!;
      const subtotal = p.lines.reduce((a, l) => a + l.subtotal, 0n);
      expect(tierLines.amount).toBe(divRound(subtotal * 1000n, 10_000n));
      expect(p.totals.discounts).toBeGreaterThanOrEqual(tierLines.amount);
      // Gold's threshold (50.00 USD) converted to the cart currency decides free shipping.
      const threshold = crossConvert(5000n, "USD", p.currency, (await getStoreConfig()).fxRates);
      const shipping = p.adjustments.find((a) => a.source === "tier_discount" && a.target === "shipping");
      if (subtotal - tierLines.amount >= threshold) expect(p.totals.shipping).toBe(0n);
      else expect(shipping).toBeUndefined();
    });
  }

  it("makes shipping free only from the converted threshold (JPY: 50.00 USD at 151.50 = ¥7,575)", async () => {
    const { customerId, email } = await goldCustomer("ja-jp", "ja");
    const cart = await cartFor("ja-jp", email, { customerId, cheapest: true });
    const before = await priceCart(cart);
    const discounted = before.lines.reduce((a, l) => a + l.amount, 0n);
    expect(crossConvert(5000n, "USD", "JPY", new Map([["JPY", "151.50"], ["USD", "1"]]))).toBe(7575n);
    // Threshold exactly at the discounted subtotal (converted back to USD cents, rounded up so it converts to ≥ it).
    const atSubtotal = async (usdCents: bigint) => {
      await db.current.db.transaction((tx) => updateTier(tx, tiers.gold, { freeShippingOver: (Number(usdCents) / 100).toFixed(2) }));
      return (await priceCart(cart)).adjustments.find((a) => a.source === "tier_discount" && a.target === "shipping");
    };
    const rate = new Map([["JPY", "151.50"], ["USD", "1"]]);
    let usd = crossConvert(discounted, "JPY", "USD", rate);
    while (crossConvert(usd, "USD", "JPY", rate) > discounted) usd -= 1n;
    const free = await atSubtotal(usd);
    expect(free?.amount).toBeGreaterThan(0n);
    let above = usd + 1n;
    while (crossConvert(above, "USD", "JPY", rate) <= discounted) above += 1n;
    expect(await atSubtotal(above)).toBeUndefined();
    await db.current.db.transaction((tx) => updateTier(tx, tiers.gold, { freeShippingOver: "50.00" }));
  });

  it("gives a guest who types a member's address no tier benefit", async () => {
    const { email } = await goldCustomer("de-de", "de");
    const p = await priceCart(await cartFor("de-de", email));
    expect(p.adjustments.filter((a) => a.source === "tier_discount")).toEqual([]);
  });
});
