/** The staff's view of contacts: the filtered list, the profile and the tags-and-notes edit. */
import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { contactsTable, type ConsentStatus } from "~db/schema/contacts";
import { normalizeEmail } from "~/lib/email";
import { UserError } from "~/lib/errors";
import { contactOrders, contactOrderStats, type ContactOrderStats } from "../orders/contact-stats.server";
import { contactColumnSql, contactStatsSql as stats, currentConsentSql as currentConsent } from "./contact-sql.server";
import { consentHistory, consentState, type ConsentState } from "./consent.server";
import type { ContactRow } from "./contacts.server";

export interface ContactListFilters {
  /** Exact address, any case. */
  email?: string;
  country?: string;
  language?: string;
  market?: string;
  /** Tier handle; tiers are built by loyalty (app/server/contact-profile.server.ts `contactTier`). */
  tier?: string;
  /**
   * The SQL condition for `tier` over "contacts"."id", from loyalty (which contacts may not import);
   * without it no contact matches a tier, since none holds one before tiers are wired in.
   */
  tierFilter?: SQL;
  consent?: ConsentStatus;
  source?: string;
  tag?: string;
  /** Minor units of the base currency, net of refunds. */
  spendMin?: bigint;
  spendMax?: bigint;
  ordersMin?: number;
  ordersMax?: number;
  lastOrderBefore?: Date;
  lastOrderAfter?: Date;
  page?: number;
  perPage?: number;
}

// Qualified by hand: this goes inside subqueries over other tables.
const CONTACT_ID = sql.raw(`"contacts"."id"`);

/** The list filters as one condition (erased contacts are always left out). */
function contactFilter(f: ContactListFilters): SQL | undefined {
  const where: SQL[] = [isNull(contactsTable.erasedAt)];
  if (f.email) where.push(eq(contactsTable.email, normalizeEmail(f.email)));
  if (f.country) where.push(contactColumnSql.country(f.country));
  if (f.language) where.push(contactColumnSql.language(f.language));
  if (f.market) where.push(contactColumnSql.market(f.market));
  if (f.source) where.push(contactColumnSql.source(f.source));
  if (f.tag) where.push(contactColumnSql.hasTag(f.tag));
  if (f.tier) where.push(f.tierFilter ?? sql`false`);
  if (f.consent === "unsubscribed") where.push(sql`coalesce(${currentConsent}, 'unsubscribed') = 'unsubscribed'`);
  else if (f.consent) where.push(sql`${currentConsent} = ${f.consent}`);
  if (f.spendMin !== undefined) where.push(sql`${stats.lifetimeSpend} >= ${f.spendMin.toString()}::numeric`);
  if (f.spendMax !== undefined) where.push(sql`${stats.lifetimeSpend} <= ${f.spendMax.toString()}::numeric`);
  if (f.ordersMin !== undefined) where.push(sql`${stats.ordersCount} >= ${f.ordersMin}`);
  if (f.ordersMax !== undefined) where.push(sql`${stats.ordersCount} <= ${f.ordersMax}`);
  if (f.lastOrderBefore) where.push(sql`${stats.lastOrderAt} < ${f.lastOrderBefore.toISOString()}::timestamptz`);
  if (f.lastOrderAfter) where.push(sql`${stats.lastOrderAt} >= ${f.lastOrderAfter.toISOString()}::timestamptz`);
  return and(...where);
}

/** Contacts with every list filter, newest first, one page plus the total count. */
export async function listContacts(f: ContactListFilters = {}) {
  const page = f.page ?? 1;
  const perPage = f.perPage ?? 50;
  const filter = contactFilter(f);
  const db = await getDb();
  const rows = await db
    .select({
      contact: contactsTable,
      consent: currentConsent,
      ordersCount: sql<number>`${stats.ordersCount}::int`,
      lifetimeSpend: sql<string>`${stats.lifetimeSpend}::bigint::text`,
      lastOrderAt: sql<string | null>`${stats.lastOrderAt}::text`,
    })
    .from(contactsTable)
    .where(filter)
    .orderBy(desc(contactsTable.createdAt), asc(contactsTable.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(contactsTable).where(filter);
  return {
    rows: rows.map((r) => ({
      ...r.contact,
      consent: (r.consent ?? "unsubscribed") as ConsentStatus,
      ordersCount: Number(r.ordersCount),
      lifetimeSpend: BigInt(r.lifetimeSpend),
      lastOrderAt: r.lastOrderAt ? new Date(r.lastOrderAt) : null,
    })),
    total: Number(count?.n ?? 0),
    page,
    perPage,
  };
}

const latestConsent = sql`(select ce.id from consent_events ce where ce.contact_id = ${CONTACT_ID} and ce.channel = 'email' order by ce.id desc limit 1)`;

interface ContactExportRow {
  contact: ContactRow;
  consent: ConsentStatus;
  /** Where the current consent state came from (footer, checkout, import:shopify…) and when; null without any. */
  consentSource: string | null;
  consentAt: Date | null;
  ordersCount: number;
  /** Minor units of the base currency, net of refunds. */
  lifetimeSpend: bigint;
}

/**
 * One page of the contacts export, in id order after `afterId` (keyset paging: a long export never
 * re-reads what it wrote, whatever is added meanwhile), with the list's filters.
 */
export async function contactExportPage(f: ContactListFilters, afterId: string, limit: number): Promise<ContactExportRow[]> {
  const db = await getDb();
  const rows = await db
    .select({
      contact: contactsTable,
      consent: sql<ConsentStatus | null>`(select ce.status from consent_events ce where ce.id = ${latestConsent})`,
      consentSource: sql<string | null>`(select ce.source from consent_events ce where ce.id = ${latestConsent})`,
      consentAt: sql<string | null>`(select ce.created_at::text from consent_events ce where ce.id = ${latestConsent})`,
      ordersCount: sql<number>`${stats.ordersCount}::int`,
      lifetimeSpend: sql<string>`${stats.lifetimeSpend}::bigint::text`,
    })
    .from(contactsTable)
    .where(and(contactFilter(f), gt(contactsTable.id, afterId)))
    .orderBy(asc(contactsTable.id))
    .limit(limit);
  return rows.map((r) => ({
    contact: r.contact,
    consent: r.consent ?? "unsubscribed",
    consentSource: r.consentSource,
    consentAt: r.consentAt ? new Date(r.consentAt) : null,
    ordersCount: Number(r.ordersCount),
    lifetimeSpend: BigInt(r.lifetimeSpend),
  }));
}

/** Addresses of the given contacts (the points export names the person of each ledger row). */
export async function contactEmails(ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: contactsTable.id, email: contactsTable.email }).from(contactsTable).where(inArray(contactsTable.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.email]));
}

async function requireContact(id: string, db?: Db): Promise<ContactRow> {
  const [row] = await (db ?? (await getDb())).select().from(contactsTable).where(eq(contactsTable.id, id));
  if (!row) throw new UserError("contact_not_found", "No contact with this id.", 404);
  return row;
}

/** One contact with its current consent and lifetime order figures (points and tier are added above the modules). */
export async function getContactDetail(id: string): Promise<{ contact: ContactRow; consent: ConsentState; stats: ContactOrderStats }> {
  const contact = await requireContact(id);
  const [consent, stats] = await Promise.all([consentState(id), contactOrderStats(contact.email, contact.customerId)]);
  return { contact, consent, stats };
}

/** Consent history for the Admin API and the profile (404 for an unknown contact). */
export async function contactConsents(id: string) {
  await requireContact(id);
  return consentHistory(id);
}

/** The profile's paid orders. */
export async function contactOrderList(contact: Pick<ContactRow, "email" | "customerId">) {
  return contactOrders(contact.email, contact.customerId);
}

export interface ContactPatch {
  tags?: string[];
  notes?: string | null;
}

/** Tags and notes, inside the caller's (audited) transaction: the before/after pair for the audit log. */
export async function updateContactProfile(tx: Db, id: string, patch: ContactPatch) {
  const [before] = await tx.select().from(contactsTable).where(eq(contactsTable.id, id)).for("update");
  if (!before || before.erasedAt) throw new UserError("contact_not_found", "No contact with this id.", 404);
  const tags = patch.tags === undefined ? before.tags : [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))];
  const notes = patch.notes === undefined ? before.notes : patch.notes?.trim() || null;
  const [after] = await tx.update(contactsTable).set({ tags, notes, updatedAt: new Date() }).where(eq(contactsTable.id, id)).returning();
  const snapshot = (c: ContactRow) => ({ tags: c.tags, notes: c.notes });
  return { entityId: id, before: snapshot(before), after: snapshot(after!), result: after! };
}
