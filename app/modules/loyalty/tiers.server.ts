import { and, asc, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db } from "~db/index";
import { rowsOf } from "~db/rows";
import { loyaltyMembersTable, pointsLedgerTable, tierChangesTable, tiersTable } from "~db/schema/loyalty";
import { now } from "~/lib/clock.server";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { crossConvert, divRound, parseDecimal, toDecimalString } from "~/lib/money";
import { contactForCustomer, findContactByEmail, getContact, lockContact, type ContactRow } from "../contacts/contacts.server";
import { intlLocale } from "../markets/markets";
import { getStoreConfig, utcDay } from "../markets/markets.server";
import { enqueue, registerHandler } from "../jobs/jobs.server";
import { registerOrderListener } from "../orders/order-listeners.server";
import { registerAdjustmentSource, type AdjustmentSource } from "../pricing/adjustments";
import { fxRatesOnDays } from "../markets/fx-history.server";
import { queueEmail } from "../mail/send-email.server";
import { contactSpend } from "../orders/contact-spend.server";
import { decideTier, qualificationWindow, qualifyingTier, tierName, type TierDecision } from "./tiers";
import { TierInputSchema, TierPatchSchema, type TierInput, type TierPatch, type TierRecord } from "./tiers-schema";

type TierRow = typeof tiersTable.$inferSelect;

/** What checkout, points and referrals read about the tier a contact holds. */
export interface CurrentTier {
  id: string;
  name: string;
  /** Decimal string, e.g. "1.25". */
  multiplier: string;
  discountBps: number;
  /** Base currency, minor units; null = the market's rule. */
  freeShippingOver: bigint | null;
  earlyAccess: boolean;
}

// ------------------------------------------------------------------------------------------ admin

function toRecord(row: TierRow, baseCurrency: string): TierRecord {
  return {
    id: row.id,
    names: row.names,
    position: row.position,
    spendThreshold: row.spendThreshold === null ? null : toDecimalString(row.spendThreshold, baseCurrency),
    pointsThreshold: row.pointsThreshold,
    multiplier: row.multiplier,
    discountBps: row.discountBps,
    freeShippingOver: row.freeShippingOver === null ? null : toDecimalString(row.freeShippingOver, baseCurrency),
    earlyAccess: row.earlyAccess,
    retentionMonths: row.retentionMonths,
    active: row.active,
    baseCurrency,
  };
}

async function tierRows(db: Db, opts: { activeOnly?: boolean } = {}): Promise<TierRow[]> {
  return db
    .select()
    .from(tiersTable)
    .where(opts.activeOnly ? eq(tiersTable.active, true) : undefined)
    .orderBy(asc(tiersTable.position));
}

/** Every tier, lowest position first (amounts as decimal strings in the base currency). */
export async function listTiers(db?: Db): Promise<TierRecord[]> {
  const d = db ?? (await getDb());
  const { baseCurrency } = await getStoreConfig(db);
  return (await tierRows(d)).map((r) => toRecord(r, baseCurrency));
}

export async function loadTier(id: string, db?: Db): Promise<TierRecord | null> {
  const d = db ?? (await getDb());
  const [row] = await d.select().from(tiersTable).where(eq(tiersTable.id, id));
  return row ? toRecord(row, (await getStoreConfig(db)).baseCurrency) : null;
}

/** Validates with the API's schema, so a page and the API refuse the same input with the same field. */
function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  throw new UserError("invalid_tier", `${field || "tier"}: ${issue.message}`, 400, field || undefined);
}

function minor(value: string | null, currency: string, field: string): bigint | null {
  if (value === null) return null;
  try {
    return parseDecimal(value, currency);
  } catch (e) {
    throw new UserError("invalid_tier", `${field}: ${e instanceof Error ? e.message : String(e)}`, 400, field);
  }
}

async function assertPositionFree(tx: Db, position: number, exceptId: string | null): Promise<void> {
  const [taken] = await tx.select({ id: tiersTable.id }).from(tiersTable).where(eq(tiersTable.position, position));
  if (taken && taken.id !== exceptId) throw new UserError("position_taken", `Another tier already has position ${position}; pick a free one.`, 409, "position");
}

interface Change {
  before: TierRecord | null;
  after: TierRecord;
}

/** Creates a tier inside the caller's (audited) transaction and makes sure the daily review is scheduled. */
export async function createTier(tx: Db, input: unknown): Promise<Change> {
  const t: TierInput = parse(TierInputSchema, input);
  const { baseCurrency } = await getStoreConfig(tx);
  await assertPositionFree(tx, t.position, null);
  const [row] = await tx
    .insert(tiersTable)
    .values({
      id: newId("tier"),
      names: t.names,
      position: t.position,
      spendThreshold: minor(t.spendThreshold, baseCurrency, "spendThreshold"),
      pointsThreshold: t.pointsThreshold,
      multiplier: t.multiplier,
      discountBps: t.discountBps,
      freeShippingOver: minor(t.freeShippingOver, baseCurrency, "freeShippingOver"),
      earlyAccess: t.earlyAccess,
      retentionMonths: t.retentionMonths,
      active: t.active,
    })
    .returning();
  await scheduleTierReview(tx);
  return { before: null, after: toRecord(row!, baseCurrency) };
}

export async function updateTier(tx: Db, id: string, patch: unknown): Promise<Change> {
  const p: TierPatch = parse(TierPatchSchema, patch);
  const [row] = await tx.select().from(tiersTable).where(eq(tiersTable.id, id)).for("update");
  if (!row) throw new UserError("tier_not_found", "There is no tier with this id.", 404);
  const { baseCurrency } = await getStoreConfig(tx);
  if (p.position !== undefined) await assertPositionFree(tx, p.position, id);
  const set: Partial<typeof tiersTable.$inferInsert> = { updatedAt: now() };
  if (p.names !== undefined) set.names = p.names;
  if (p.position !== undefined) set.position = p.position;
  if (p.spendThreshold !== undefined) set.spendThreshold = minor(p.spendThreshold, baseCurrency, "spendThreshold");
  if (p.pointsThreshold !== undefined) set.pointsThreshold = p.pointsThreshold;
  if (p.multiplier !== undefined) set.multiplier = p.multiplier;
  if (p.discountBps !== undefined) set.discountBps = p.discountBps;
  if (p.freeShippingOver !== undefined) set.freeShippingOver = minor(p.freeShippingOver, baseCurrency, "freeShippingOver");
  if (p.earlyAccess !== undefined) set.earlyAccess = p.earlyAccess;
  if (p.retentionMonths !== undefined) set.retentionMonths = p.retentionMonths;
  if (p.active !== undefined) set.active = p.active;
  const [after] = await tx.update(tiersTable).set(set).where(eq(tiersTable.id, id)).returning();
  return { before: toRecord(row, baseCurrency), after: toRecord(after!, baseCurrency) };
}

export interface PublicTier {
  id: string;
  name: string;
  /** Thresholds and free shipping converted into the market's currency at today's rate (minor units). */
  spendThreshold: bigint | null;
  pointsThreshold: number | null;
  multiplier: string;
  discountBps: number;
  freeShippingOver: bigint | null;
  earlyAccess: boolean;
  retentionMonths: number;
}

/** The active tiers as the Rewards page of a market shows them: names in its language, amounts in its currency. */
export async function tiersForMarket(market: { language: string; currency: string }): Promise<PublicTier[]> {
  const config = await getStoreConfig();
  const convert = (amount: bigint | null) =>
    amount === null ? null : config.fxRates.has(market.currency) ? crossConvert(amount, config.baseCurrency, market.currency, config.fxRates) : null;
  return (await tierRows(await getDb(), { activeOnly: true })).map((r) => ({
    id: r.id,
    name: tierName(r.names, market.language),
    spendThreshold: convert(r.spendThreshold),
    pointsThreshold: r.pointsThreshold,
    multiplier: r.multiplier,
    discountBps: r.discountBps,
    freeShippingOver: convert(r.freeShippingOver),
    earlyAccess: r.earlyAccess,
    retentionMonths: r.retentionMonths,
  }));
}

// ------------------------------------------------------------------------------------- evaluation

/**
 * Net spend in the base currency over the window: each order's net (orders module) converted at the FX
 * rate in force on its payment day, else the rate the order stored.
 */
async function spendInBase(db: Db, contact: ContactRow, since: Date, until: Date, baseCurrency: string): Promise<bigint> {
  const orders = await contactSpend([contact.email], contact.customerId, since, until, db);
  const rates = await fxRatesOnDays(orders.map((o) => ({ currency: o.currency, day: utcDay(o.paidAt) })), db);
  let total = 0n;
  for (const o of orders) {
    const rate = o.currency === baseCurrency ? "1" : (rates.get(`${o.currency}|${utcDay(o.paidAt)}`) ?? o.fxRate);
    // An imported order in a currency with no rate on record has no base value to count.
    if (rate === null) continue;
    total += crossConvert(o.net, o.currency, baseCurrency, new Map([[o.currency, rate], [baseCurrency, "1"]]));
  }
  return total;
}

/** Points earned in the window: positive earn rows less the reversals of earn rows (a refunded purchase earns nothing). Redemptions and expiry never count. */
async function pointsEarned(db: Db, contactId: string, since: Date, until: Date): Promise<number> {
  const reversed = alias(pointsLedgerTable, "reversed");
  const inWindow = and(eq(pointsLedgerTable.contactId, contactId), gte(pointsLedgerTable.createdAt, since), lte(pointsLedgerTable.createdAt, until));
  const [earned] = await db
    .select({ n: sql<string>`coalesce(sum(${pointsLedgerTable.points}), 0)` })
    .from(pointsLedgerTable)
    .where(and(inWindow, eq(pointsLedgerTable.type, "earn"), gt(pointsLedgerTable.points, 0)));
  const [reversals] = await db
    .select({ n: sql<string>`coalesce(sum(${pointsLedgerTable.points}), 0)` })
    .from(pointsLedgerTable)
    .innerJoin(reversed, eq(reversed.id, pointsLedgerTable.reverses))
    .where(and(inWindow, eq(pointsLedgerTable.type, "reverse"), eq(reversed.type, "earn")));
  return Math.max(0, Number(earned?.n ?? 0) + Number(reversals?.n ?? 0));
}

/** Spend and points earned over the trailing 12 months ending at `at`. */
async function qualificationTotals(db: Db, contact: ContactRow, at: Date): Promise<{ spend: bigint; points: number }> {
  const { since, until } = qualificationWindow(at);
  const { baseCurrency } = await getStoreConfig(db);
  return { spend: await spendInBase(db, contact, since, until, baseCurrency), points: await pointsEarned(db, contact.id, since, until) };
}

/**
 * Re-evaluates one contact's tier inside the caller's transaction (the contact row is locked, so two
 * evaluations of one person run one after the other). Does nothing while no tier is active.
 * `cause: "import"` (imported order history): any change is recorded with reason `import` and sends
 * nothing, whatever the tier before (ADR 0012: no email or entry reward because of an import).
 */
export async function evaluateContactTier(tx: Db, contactId: string, at: Date = now(), opts: { cause?: "import" } = {}): Promise<TierDecision> {
  const contact = await lockContact(tx, contactId);
  if (!contact || contact.erasedAt) return { kind: "none" };
  const tiers = await tierRows(tx, { activeOnly: true });
  if (!tiers.length) return { kind: "none" };
  const [member] = await tx.select().from(loyaltyMembersTable).where(eq(loyaltyMembersTable.contactId, contactId));
  const { spend, points } = await qualificationTotals(tx, contact, at);
  const qualified = qualifyingTier(tiers, spend, points);
  const decided = decideTier(member ?? null, tiers, qualified, at);
  const decision: TierDecision = decided.kind === "change" && opts.cause === "import" ? { ...decided, reason: decided.reason === "upgrade" ? "import" : decided.reason, email: false } : decided;
  if (decision.kind === "retain") {
    await tx.update(loyaltyMembersTable).set({ retainedUntil: decision.retainedUntil, updatedAt: at }).where(eq(loyaltyMembersTable.contactId, contactId));
  } else if (decision.kind === "change") {
    const values = { tierId: decision.tierId, qualifiedAt: decision.qualifiedAt, retainedUntil: decision.retainedUntil, updatedAt: at };
    await tx.insert(loyaltyMembersTable).values({ contactId, ...values }).onConflictDoUpdate({ target: loyaltyMembersTable.contactId, set: values });
    const [change] = await tx.insert(tierChangesTable).values({ contactId, fromTierId: member?.tierId ?? null, toTierId: decision.tierId, reason: decision.reason, at }).returning({ id: tierChangesTable.id });
    const tier = tiers.find((t) => t.id === decision.tierId);
    if (decision.email && tier) await queueTierEmail(tx, contact, tier, change!.id);
  }
  return decision;
}

async function queueTierEmail(tx: Db, contact: ContactRow, tier: TierRow, changeId: number): Promise<void> {
  const config = await getStoreConfig(tx);
  const market = contact.market ? config.byHandle.get(contact.market) : undefined;
  const freeShipping =
    tier.freeShippingOver === null
      ? null
      : market && config.fxRates.has(market.currency)
        ? { amount: crossConvert(tier.freeShippingOver, config.baseCurrency, market.currency, config.fxRates).toString(), currency: market.currency }
        : { amount: tier.freeShippingOver.toString(), currency: config.baseCurrency };
  await queueEmail(
    {
      template: "tier-change",
      to: contact.email,
      locale: contact.locale,
      intlLocale: market ? intlLocale(market) : contact.locale,
      idempotencyKey: `tier-change:${changeId}`,
      data: {
        name: contact.name,
        tierName: tierName(tier.names, contact.locale),
        multiplier: tier.multiplier,
        discountBps: tier.discountBps,
        freeShippingOver: freeShipping,
        earlyAccess: tier.earlyAccess,
        rewardsPath: `/${market?.handle ?? config.defaultMarket}/rewards`,
      },
    },
    { tx },
  );
}

// ----------------------------------------------------------------------------------------- reads

function toCurrent(row: TierRow, language = "en"): CurrentTier {
  return {
    id: row.id,
    name: tierName(row.names, language),
    multiplier: row.multiplier,
    discountBps: row.discountBps,
    freeShippingOver: row.freeShippingOver,
    earlyAccess: row.earlyAccess,
  };
}

async function heldTier(db: Db, contactId: string): Promise<{ tier: TierRow | null; retainedUntil: Date | null }> {
  const [row] = await db
    .select({ tier: tiersTable, retainedUntil: loyaltyMembersTable.retainedUntil })
    .from(loyaltyMembersTable)
    .leftJoin(tiersTable, and(eq(tiersTable.id, loyaltyMembersTable.tierId), eq(tiersTable.active, true)))
    .where(eq(loyaltyMembersTable.contactId, contactId));
  return { tier: row?.tier ?? null, retainedUntil: row?.retainedUntil ?? null };
}

/** The (active) tier the contact holds, named in the contact's language (or `language`); null before the first calculation. */
export async function currentTier(contactId: string, db?: Db, opts: { language?: string } = {}): Promise<CurrentTier | null> {
  const d = db ?? (await getDb());
  const { tier } = await heldTier(d, contactId);
  if (!tier) return null;
  return toCurrent(tier, opts.language ?? (await getContact(contactId, d))?.locale);
}

/** The held tier's points multiplier for earning inside the caller's transaction ("1" without a tier). */
export async function tierMultiplier(tx: Db, contactId: string): Promise<string> {
  return (await heldTier(tx, contactId)).tier?.multiplier ?? "1";
}

/** The contact's tier changes, newest first, with the new tier named in the contact's language. */
export async function tierHistory(contactId: string, db?: Db): Promise<{ at: Date; reason: string; toName: string | null }[]> {
  const d = db ?? (await getDb());
  const [contact, rows, tiers] = await Promise.all([getContact(contactId, d), d.select().from(tierChangesTable).where(eq(tierChangesTable.contactId, contactId)), tierRows(d)]);
  const byId = new Map(tiers.map((t) => [t.id, t]));
  return rows
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((r) => {
      const to = r.toTierId ? byId.get(r.toTierId) : undefined;
      return { at: r.at, reason: r.reason, toName: to ? tierName(to.names, contact?.locale ?? "en") : null };
    });
}

/** SQL condition over "contacts"."id": the contact holds this tier (the admin contact list's tier filter). */
export function holdsTierSql(tierId: string): SQL {
  return sql`exists (select 1 from ${loyaltyMembersTable} where ${loyaltyMembersTable.contactId} = "contacts"."id" and ${loyaltyMembersTable.tierId} = ${tierId})`;
}

/** SQL over "contacts"."id" (a segment's contact list): the held tier's id and English name, null without one. */
export function heldTierSql(): { id: SQL<string | null>; name: SQL<string | null> } {
  const held = sql`from loyalty_members lm join tiers t on t.id = lm.tier_id where lm.contact_id = "contacts"."id"`;
  return { id: sql<string | null>`(select t.id ${held})`, name: sql<string | null>`(select t.names->>'en' ${held})` };
}

export interface TierProgress {
  tier: CurrentTier | null;
  nextTier: CurrentTier | null;
  /** Base currency, minor units still to spend for the next tier (null: it has no spend threshold). */
  spendToNext: bigint | null;
  pointsToNext: number | null;
  retainedUntil: Date | null;
}

/** Where the contact stands: the held tier, the next one up and what is missing to reach it. */
export async function tierProgress(contactId: string, db?: Db): Promise<TierProgress> {
  const d = db ?? (await getDb());
  const contact = await getContact(contactId, d);
  const { tier, retainedUntil } = await heldTier(d, contactId);
  const tiers = await tierRows(d, { activeOnly: true });
  const next = tiers.find((t) => t.position > (tier?.position ?? -Infinity)) ?? null;
  let spendToNext: bigint | null = null;
  let pointsToNext: number | null = null;
  if (next && contact) {
    const { spend, points } = await qualificationTotals(d, contact, now());
    if (next.spendThreshold !== null) spendToNext = next.spendThreshold > spend ? next.spendThreshold - spend : 0n;
    if (next.pointsThreshold !== null) pointsToNext = Math.max(0, next.pointsThreshold - points);
  }
  const lang = contact?.locale;
  return { tier: tier ? toCurrent(tier, lang) : null, nextTier: next ? toCurrent(next, lang) : null, spendToNext, pointsToNext, retainedUntil };
}

/** The tier of whoever a cart belongs to: signed-in shoppers only (an address typed at checkout proves nothing). */
async function tierForCustomer(customerId: string | null): Promise<CurrentTier | null> {
  if (!customerId) return null;
  const contact = await contactForCustomer(customerId);
  return contact ? currentTier(contact.id) : null;
}

/** The contact an order belongs to (created by the contacts listener, which runs first). */
async function contactOfOrder(tx: Db, order: { email: string; customerId: string | null }): Promise<ContactRow | null> {
  return (order.customerId ? await contactForCustomer(order.customerId, tx) : null) ?? (await findContactByEmail(order.email, tx));
}

// --------------------------------------------------------------------------------------- the daily job

export const TIER_REVIEW_JOB = "loyalty.tiers-daily";

/** Next 00:00 UTC strictly after `at`. */
function nextMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** Enqueues the review for the next 00:00 UTC after now(); one job per day whoever asks. */
export async function scheduleTierReview(db?: Db): Promise<void> {
  const runAt = nextMidnight(now());
  await enqueue(TIER_REVIEW_JOB, {}, { runAt, dedupeKey: `${TIER_REVIEW_JOB}:${utcDay(runAt)}`, tx: db });
}

/**
 * Contacts the review walks, a page at a time in id order: everyone calculated before and everyone
 * with points (the others are calculated when their first order is paid).
 */
async function contactsToReview(db: Db, afterId: string, limit: number): Promise<string[]> {
  const result = await db.execute(sql`
    select id from (
      select ${loyaltyMembersTable.contactId} as id from ${loyaltyMembersTable}
      union select ${pointsLedgerTable.contactId} from ${pointsLedgerTable}
    ) c where id > ${afterId} order by id limit ${limit}`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** Re-evaluates everyone due: upgrades by points earned outside orders, downgrades whose retention ended. */
async function reviewAllTiers(at: Date = now()): Promise<number> {
  const db = await getDb();
  let after = "";
  let count = 0;
  for (;;) {
    const ids = await contactsToReview(db, after, 200);
    if (!ids.length) return count;
    for (const id of ids) {
      await db.transaction((tx) => evaluateContactTier(tx, id, at));
      count++;
    }
    after = ids[ids.length - 1]!;
  }
}

// ----------------------------------------------------------------------------------------- wiring

/** Discount and free-shipping benefits of the shopper's tier in the cart pricing pipeline (ADR 0003). */
const tierDiscountSource: AdjustmentSource = {
  name: "tier_discount",
  async lineAdjustments(ctx) {
    const tier = await tierForCustomer(ctx.cart.customerId);
    if (!tier || tier.discountBps <= 0 || ctx.subtotal <= 0n) return { adjustments: [], problems: [] };
    const amount = divRound(ctx.subtotal * BigInt(tier.discountBps), 10_000n);
    return { adjustments: [{ source: "tier_discount", code: tier.id, target: "lines", amount }], problems: [] };
  },
  async shippingAdjustments(ctx, shipping) {
    if (shipping <= 0n) return [];
    const tier = await tierForCustomer(ctx.cart.customerId);
    if (!tier || tier.freeShippingOver === null) return [];
    const config = await getStoreConfig();
    if (!config.fxRates.has(ctx.currency)) return [];
    const threshold = crossConvert(tier.freeShippingOver, config.baseCurrency, ctx.currency, config.fxRates);
    return ctx.subtotal >= threshold ? [{ source: "tier_discount", code: tier.id, target: "shipping", amount: shipping }] : [];
  },
};

/** Order listeners (inside the order's transaction), the daily review and the pricing source. Register after the contacts listener. */
export function registerTiers(): void {
  const reevaluate = async (tx: Db, order: { email: string; customerId: string | null }) => {
    const contact = await contactOfOrder(tx, order);
    if (contact) await evaluateContactTier(tx, contact.id);
  };
  registerOrderListener("loyalty-tiers", { paid: reevaluate, refunded: reevaluate });
  registerHandler(TIER_REVIEW_JOB, async () => {
    await reviewAllTiers();
    await scheduleTierReview();
  });
  registerAdjustmentSource(tierDiscountSource);
}

/** The tier each given contact holds, named in `language` (the contacts export); absent: none. */
export async function heldTierNames(contactIds: readonly string[], language: string, db?: Db): Promise<Map<string, string>> {
  if (!contactIds.length) return new Map();
  const rows = await (db ?? (await getDb()))
    .select({ contactId: loyaltyMembersTable.contactId, names: tiersTable.names })
    .from(loyaltyMembersTable)
    .innerJoin(tiersTable, and(eq(tiersTable.id, loyaltyMembersTable.tierId), eq(tiersTable.active, true)))
    .where(inArray(loyaltyMembersTable.contactId, [...contactIds]));
  return new Map(rows.map((r) => [r.contactId, tierName(r.names, language)]));
}
