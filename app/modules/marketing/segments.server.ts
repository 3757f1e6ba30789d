/**
 * Segments (issue #12, ADR 0016): saved definitions over contacts, compiled to one SQL statement over
 * the contacts table. Every compiled query ANDs the mailable condition (subscribed now, not erased,
 * not undeliverable, not suppressed), so no definition can reach anyone marketing may not mail.
 */
import { and, desc, eq, not, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { segmentsTable } from "~db/schema/marketing";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { parseDecimal } from "~/lib/money";
import { collectionProductIdsSql, productIdsSql, unknownCatalogRefs } from "../catalog/catalog-refs.server";
import { CONTACT_CUSTOMER_ID, CONTACT_EMAIL, contactColumnSql, type ContactListing, contactStatsSql, contactsWhere, countContactsWhere, currentConsentSql, mayBeMailedSql, signupSourceSql } from "../contacts/contact-sql.server";
import { availablePointsSql } from "../loyalty/ledger.server";
import { heldTierSql, holdsTierSql, listTiers } from "../loyalty/tiers.server";
import { notSuppressedSql } from "../mail/suppression-filter.server";
import { getStoreConfig } from "../markets/markets.server";
import { boughtAnyOfSql } from "../orders/contact-stats.server";
import { referredFriendsCountSql, wasReferredSql } from "../referrals/referral-reads.server";
import type { SegmentDefinition, SegmentRule } from "./segment-definition";

export type SegmentRow = typeof segmentsTable.$inferSelect;

/** Contacts marketing may mail: the condition every segment query starts from. */
const mailable = sql`(${mayBeMailedSql} and ${notSuppressedSql(CONTACT_EMAIL)})`;

const never = (c: SQL) => sql`not coalesce(${c}, false)`;

function compare(expr: SQL, op: string, value: unknown, cast: (v: unknown) => SQL): SQL {
  if (op === "between") {
    const { min, max } = value as { min: unknown; max: unknown };
    return sql`${expr} between ${cast(min)} and ${cast(max)}`;
  }
  return op === "gte" ? sql`${expr} >= ${cast(value)}` : sql`${expr} <= ${cast(value)}`;
}

function sets(op: string, refs: readonly string[], one: (ref: string) => SQL, anyOf: SQL): SQL {
  if (op === "all") return and(...refs.map(one))!;
  return op === "none" ? never(anyOf) : anyOf;
}

function ruleSql(rule: SegmentRule, baseCurrency: string): SQL {
  const is = (c: SQL) => (rule.op === "is_not" ? never(c) : c);
  const integer = (v: unknown) => sql`${Number(v)}`;
  const stats = contactStatsSql;
  switch (rule.field) {
    case "country":
      return is(contactColumnSql.country(rule.value));
    case "language":
      return is(contactColumnSql.language(rule.value));
    case "market":
      return is(contactColumnSql.market(rule.value));
    case "source":
      return is(contactColumnSql.source(rule.value));
    case "signupSource":
      return is(sql`${signupSourceSql} = ${rule.value}`);
    case "tier":
      return is(holdsTierSql(rule.value));
    case "consent":
      // Only subscribed contacts are mailable: pending or unsubscribed select no one (ADR 0016).
      return sql`coalesce(${currentConsentSql}, 'unsubscribed') = ${rule.value}`;
    case "spend":
      return compare(sql`${stats.lifetimeSpend}`, rule.op, rule.value, (v) => sql`${parseDecimal(String(v), baseCurrency).toString()}::numeric`);
    case "orders":
      return compare(sql`${stats.ordersCount}`, rule.op, rule.value, integer);
    case "points":
      return compare(sql`${availablePointsSql()}`, rule.op, rule.value, integer);
    case "referredFriends":
      return compare(sql`${referredFriendsCountSql()}`, rule.op, rule.value, integer);
    case "lastOrder":
      // Days are UTC days, as the contact list's filter reads them.
      return rule.op === "before" ? sql`${stats.lastOrderAt} < ${`${rule.value}T00:00:00Z`}::timestamptz` : sql`${stats.lastOrderAt} >= ${`${rule.value}T00:00:00Z`}::timestamptz`;
    case "tags": {
      const tags = sql`array[${sql.join(rule.value.map((t) => sql`${t}`), sql`, `)}]::text[]`;
      if (rule.op === "all") return sql`"contacts"."tags" @> ${tags}`;
      return rule.op === "none" ? sql`not ("contacts"."tags" && ${tags})` : sql`"contacts"."tags" && ${tags}`;
    }
    case "productsBought": {
      const bought = (ids: SQL) => boughtAnyOfSql(CONTACT_EMAIL, CONTACT_CUSTOMER_ID, ids);
      return sets(rule.op, rule.value, (ref) => bought(productIdsSql([ref])), bought(productIdsSql(rule.value)));
    }
    case "collectionsBought": {
      const bought = (ids: SQL) => boughtAnyOfSql(CONTACT_EMAIL, CONTACT_CUSTOMER_ID, ids);
      return sets(rule.op, rule.value, (ref) => bought(collectionProductIdsSql([ref])), bought(collectionProductIdsSql(rule.value)));
    }
    case "wasReferred":
      return rule.value ? wasReferredSql() : not(wasReferredSql());
  }
}

/**
 * The SQL condition over contacts for a definition: mailable AND (all|any of the rules). No rules =
 * every mailable contact. For the future sender, which pages through it with `segmentContactPages`.
 */
export async function mailableContactsSql(def: Pick<SegmentDefinition, "match" | "rules">): Promise<SQL> {
  const { baseCurrency } = await getStoreConfig();
  const rules = def.rules.map((r) => sql`(${ruleSql(r, baseCurrency)})`);
  if (!rules.length) return mailable;
  return sql`(${mailable} and (${def.match === "any" ? or(...rules)! : and(...rules)!}))`;
}

const invalid = (message: string, field: string) => new UserError("invalid_segment", message, 400, field);

/**
 * What the schema cannot check alone: markets and tiers that exist, amounts in the base currency's
 * decimals, a between's order, products and collections the catalog knows. 400 naming the rule's value.
 */
async function checkDefinition(def: Pick<SegmentDefinition, "rules">, tx?: Db): Promise<void> {
  // Inside a transaction every read goes through it: the embedded database serves one at a time.
  const config = await getStoreConfig(tx);
  const tiers = def.rules.some((r) => r.field === "tier") ? new Set((await listTiers(tx)).map((t) => t.id)) : new Set<string>();
  for (const [i, rule] of def.rules.entries()) {
    const field = `rules.${i}.value`;
    if (rule.field === "market" && !config.byHandle.has(rule.value)) throw invalid(`No market "${rule.value}". Use a handle such as ${[...config.byHandle.keys()].slice(0, 3).join(", ")}.`, field);
    if (rule.field === "tier" && !tiers.has(rule.value)) throw invalid(`No tier with id "${rule.value}" (GET /tiers lists them).`, field);
    if (rule.field === "spend") {
      const values = typeof rule.value === "string" ? [rule.value] : [rule.value.min, rule.value.max];
      for (const v of values) {
        try {
          parseDecimal(v, config.baseCurrency);
        } catch {
          throw invalid(`"${v}" has more decimals than ${config.baseCurrency} allows.`, field);
        }
      }
    }
    if (typeof rule.value === "object" && !Array.isArray(rule.value)) {
      const { min, max } = rule.value;
      const [a, b] = rule.field === "spend" ? [parseDecimal(String(min), config.baseCurrency), parseDecimal(String(max), config.baseCurrency)] : [BigInt(Number(min)), BigInt(Number(max))];
      if (a > b) throw invalid("The lower bound (min) is above the upper bound (max).", field);
    }
    if (rule.field === "productsBought" || rule.field === "collectionsBought") {
      const kind = rule.field === "productsBought" ? "products" : "collections";
      const unknown = await unknownCatalogRefs(kind, rule.value, tx);
      if (unknown.length) throw invalid(`No ${kind === "products" ? "product" : "collection"} with the handle or id ${unknown.map((u) => `"${u}"`).join(", ")}.`, field);
    }
  }
}

function snapshot(row: SegmentRow) {
  return { name: row.name, match: row.match, rules: row.rules };
}

/** A new saved segment, inside the caller's (audited) transaction. */
export async function createSegment(tx: Db, def: SegmentDefinition, createdBy: string | null) {
  await checkDefinition(def, tx);
  const [row] = await tx.insert(segmentsTable).values({ id: newId("seg"), name: def.name, match: def.match, rules: def.rules, createdBy }).returning();
  return { entityId: row!.id, before: null, after: snapshot(row!), result: row! };
}

async function lockSegment(tx: Db, id: string): Promise<SegmentRow> {
  const [row] = await tx.select().from(segmentsTable).where(eq(segmentsTable.id, id)).for("update");
  if (!row) throw new UserError("segment_not_found", "No segment with this id.", 404);
  return row;
}

/** Changes the fields given (a new rules list replaces the old one), inside the caller's transaction. */
export async function updateSegment(tx: Db, id: string, patch: Partial<SegmentDefinition>) {
  const before = await lockSegment(tx, id);
  if (patch.rules) await checkDefinition({ rules: patch.rules }, tx);
  const [after] = await tx
    .update(segmentsTable)
    .set({ name: patch.name ?? before.name, match: patch.match ?? before.match, rules: patch.rules ?? before.rules, updatedAt: new Date() })
    .where(eq(segmentsTable.id, id))
    .returning();
  return { entityId: id, before: snapshot(before), after: snapshot(after!), result: after! };
}

export async function deleteSegment(tx: Db, id: string) {
  const before = await lockSegment(tx, id);
  await tx.delete(segmentsTable).where(eq(segmentsTable.id, id));
  return { entityId: id, before: snapshot(before), after: null, result: before };
}

export async function listSegments(): Promise<SegmentRow[]> {
  return (await getDb()).select().from(segmentsTable).orderBy(desc(segmentsTable.createdAt), desc(segmentsTable.id));
}

export async function getSegment(id: string): Promise<SegmentRow> {
  const [row] = await (await getDb()).select().from(segmentsTable).where(eq(segmentsTable.id, id));
  if (!row) throw new UserError("segment_not_found", "No segment with this id.", 404);
  return row;
}

async function definitionOf(defOrId: string | Pick<SegmentDefinition, "match" | "rules">) {
  return typeof defOrId === "string" ? await getSegment(defOrId) : defOrId;
}

/** Members now: a saved segment (by id) or an unsaved definition. */
export async function countSegment(defOrId: string | Pick<SegmentDefinition, "match" | "rules">): Promise<number> {
  return countContactsWhere(await mailableContactsSql(await definitionOf(defOrId)));
}

const tier = heldTierSql();
const withTier = { tierId: tier.id, tierName: tier.name };

/** A page of a saved segment's members, in id order, with the tier each holds. */
export async function segmentContacts(id: string, opts: { page: number; limit: number }) {
  const where = await mailableContactsSql(await getSegment(id));
  const [total, nodes] = await Promise.all([countContactsWhere(where), contactsWhere(where, { limit: opts.limit, offset: (opts.page - 1) * opts.limit, extra: withTier })]);
  return { nodes, total, page: opts.page, perPage: opts.limit };
}

/** An unsaved definition (the builder's live count): checked like a save, then the count and the first 20 members. */
export async function previewSegment(def: Pick<SegmentDefinition, "match" | "rules">) {
  await checkDefinition(def);
  const where = await mailableContactsSql(def);
  const [count, contacts] = await Promise.all([countContactsWhere(where), contactsWhere(where, { limit: 20, extra: withTier })]);
  return { count, contacts };
}

/**
 * Every member of a definition, a page at a time by id (each page one statement; a contact added
 * during the walk with a higher id is still reached). For the campaign sender.
 */
export async function* segmentContactPages(def: Pick<SegmentDefinition, "match" | "rules">, pageSize = 1000) {
  const where = await mailableContactsSql(def);
  let afterId: string | null = null;
  for (;;) {
    const page: ContactListing[] = await contactsWhere(where, { limit: pageSize, afterId });
    if (!page.length) return;
    yield page;
    afterId = page[page.length - 1]!.id;
    if (page.length < pageSize) return;
  }
}
