/**
 * Contacts as SQL for lists that filter the whole table in one statement: the admin contact list and
 * segments (marketing). Fragments refer to the outer `"contacts"` row, qualified by hand because they
 * go inside subqueries over other tables.
 */
import { and, asc, gt, sql, type SQL } from "drizzle-orm";
import { getDb } from "~db/index";
import { contactsTable, type ConsentStatus } from "~db/schema/contacts";
import { contactOrderStatsSql } from "../orders/contact-stats.server";

const CONTACT_ID = sql.raw(`"contacts"."id"`);
export const CONTACT_EMAIL = sql.raw(`"contacts"."email"`);
export const CONTACT_CUSTOMER_ID = sql.raw(`"contacts"."customer_id"`);

/** Lifetime paid-order figures of the contact (orders' subqueries, by account or address). */
export const contactStatsSql = contactOrderStatsSql(CONTACT_EMAIL, CONTACT_CUSTOMER_ID);

/** The current email consent: the latest event (null: never gave or withdrew one). */
export const currentConsentSql = sql<ConsentStatus | null>`(select ce.status from consent_events ce where ce.contact_id = ${CONTACT_ID} and ce.channel = 'email' order by ce.id desc limit 1)`;

/** Where the contact first gave consent (subscribed or pending): the sign-up's source. */
export const signupSourceSql = sql<string | null>`(select ce.source from consent_events ce where ce.contact_id = ${CONTACT_ID} and ce.channel = 'email' and ce.status in ('subscribed', 'pending') order by ce.id asc limit 1)`;

/**
 * A contact marketing may reach, as far as contacts know: not erased, not marked undeliverable (a
 * relay or bounced address), not known only from marketplace order history (ADR 0018), and the current consent is subscribed. The mail module's suppression
 * list is the other half (marketing ANDs both).
 */
export const mayBeMailedSql = sql`("contacts"."erased_at" is null and not "contacts"."marketing_undeliverable" and not "contacts"."history_only" and ${currentConsentSql} = 'subscribed')`;

/** Condition builders over the contact's own columns, shared by the contact list and segments. */
export const contactColumnSql = {
  country: (code: string) => sql`"contacts"."country" = ${code.toUpperCase()}`,
  language: (code: string) => sql`"contacts"."locale" = ${code.toLowerCase()}`,
  market: (handle: string) => sql`"contacts"."market" = ${handle}`,
  source: (source: string) => sql`"contacts"."source" = ${source}`,
  hasTag: (tag: string) => sql`${tag} = any("contacts"."tags")`,
};

export interface ContactListing {
  id: string;
  email: string;
  name: string | null;
  country: string | null;
  language: string;
  market: string | null;
}

/** How many contacts match the condition. */
export async function countContactsWhere(where: SQL): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(contactsTable).where(where);
  return Number(row?.n ?? 0);
}

/**
 * Contacts matching the condition in id order, a page at a time: by offset (a paged list) or after
 * an id (a cursor that stays correct while contacts are added). `extra` adds columns from other
 * modules' subqueries (the held tier).
 */
export async function contactsWhere<E extends Record<string, SQL>>(
  where: SQL,
  opts: { limit: number; offset?: number; afterId?: string | null; extra?: E },
): Promise<(ContactListing & { [K in keyof E]: E[K] extends SQL<infer T> ? T : unknown })[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: contactsTable.id,
      email: contactsTable.email,
      name: contactsTable.name,
      country: contactsTable.country,
      language: contactsTable.locale,
      market: contactsTable.market,
      ...(opts.extra ?? {}),
    })
    .from(contactsTable)
    .where(opts.afterId ? and(where, gt(contactsTable.id, opts.afterId)) : where)
    .orderBy(asc(contactsTable.id))
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
  return rows as never;
}
