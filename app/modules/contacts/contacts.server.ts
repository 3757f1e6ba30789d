import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { contactsTable, type ContactUtm } from "~db/schema/contacts";
import { canonicalEmail, normalizeEmail } from "~/lib/email";
import { newId } from "~/lib/ids";
import { registerOrderListener } from "../orders/order-listeners.server";
import { isRelayAddress } from "./relay-addresses";

export type ContactRow = typeof contactsTable.$inferSelect;

export interface EnsureContactInput {
  email: string;
  customerId?: string | null;
  name?: string | null;
  locale: string;
  market?: string | null;
  country?: string | null;
  /** Where this contact first came from; kept from the first call only. */
  source: string;
  utm?: ContactUtm | null;
  landingPage?: string | null;
}

/**
 * The one contact for an address: created on first sight, otherwise completed (an account link,
 * a name, the latest market) but never re-sourced — the first touch (source, UTM, landing page) stays.
 * Safe to call twice concurrently (one upsert on the unique normalized address).
 */
export async function ensureContact(db: Db, input: EnsureContactInput): Promise<ContactRow> {
  const email = normalizeEmail(input.email);
  // An account is linked to one contact only; a second address of the same account stays unlinked.
  let customerId = input.customerId ?? null;
  if (customerId) {
    const [linked] = await db.select({ email: contactsTable.email }).from(contactsTable).where(eq(contactsTable.customerId, customerId));
    if (linked && linked.email !== email) customerId = null;
  }
  const [row] = await db
    .insert(contactsTable)
    .values({
      id: newId("con"),
      email,
      canonicalEmail: canonicalEmail(email),
      customerId,
      name: input.name ?? null,
      locale: input.locale,
      market: input.market ?? null,
      country: input.country ?? null,
      source: input.source,
      utm: input.utm ?? null,
      landingPage: input.landingPage ?? null,
    })
    .onConflictDoUpdate({
      target: contactsTable.email,
      set: {
        customerId: sql`coalesce(${contactsTable.customerId}, excluded.customer_id)`,
        name: sql`coalesce(excluded.name, ${contactsTable.name})`,
        market: sql`coalesce(excluded.market, ${contactsTable.market})`,
        country: sql`coalesce(excluded.country, ${contactsTable.country})`,
        utm: sql`coalesce(${contactsTable.utm}, excluded.utm)`,
        landingPage: sql`coalesce(${contactsTable.landingPage}, excluded.landing_page)`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

export async function getContact(id: string, db?: Db): Promise<ContactRow | null> {
  const [row] = await (db ?? (await getDb())).select().from(contactsTable).where(eq(contactsTable.id, id));
  return row ?? null;
}

export async function findContactByEmail(email: string, db?: Db): Promise<ContactRow | null> {
  const [row] = await (db ?? (await getDb())).select().from(contactsTable).where(eq(contactsTable.email, normalizeEmail(email)));
  return row ?? null;
}

export async function contactForCustomer(customerId: string, db?: Db): Promise<ContactRow | null> {
  const [row] = await (db ?? (await getDb())).select().from(contactsTable).where(eq(contactsTable.customerId, customerId));
  return row ?? null;
}

/** Row-locks the contact: writers of one contact's balances (points, rewards) queue behind each other. */
export async function lockContact(tx: Db, id: string): Promise<ContactRow | null> {
  const [row] = await tx.select().from(contactsTable).where(eq(contactsTable.id, id)).for("update");
  return row ?? null;
}

/** Every paid order's buyer becomes a contact (no consent implied: a contact is not a subscriber). */
export function registerContactOrderListener(): void {
  registerOrderListener("contacts", {
    async paid(tx, order) {
      await ensureContact(tx, {
        email: order.email,
        customerId: order.customerId,
        name: order.shippingAddress?.name ?? null,
        locale: order.locale,
        market: order.market,
        country: order.shippingAddress?.country ?? null,
        source: "order",
      });
    },
  });
}

/** Contacts (not erased) whose birthday falls on one of these days, given as "MM-DD". */
export async function contactIdsWithBirthday(monthDays: string[], db?: Db): Promise<string[]> {
  if (!monthDays.length) return [];
  const rows = await (db ?? (await getDb()))
    .select({ id: contactsTable.id })
    .from(contactsTable)
    .where(and(isNull(contactsTable.erasedAt), inArray(sql`to_char(${contactsTable.birthday}, 'MM-DD')`, monthDays)));
  return rows.map((r) => r.id);
}

/** The profile fields another platform's file may carry; blank means "not given". */
interface ImportedProfile {
  email: string;
  name?: string | null;
  phone?: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string | null;
  notes?: string | null;
  tags?: string[];
  /** Catalog language for a new contact. */
  locale: string;
  /** import:<platform>: the first touch of a new contact. */
  source: string;
}

type ProfileField = "name" | "phone" | "country" | "notes";

interface ProfileMerge {
  contact: ContactRow;
  created: boolean;
  /** Something was filled in or a tag added. */
  changed: boolean;
  /** A non-blank stored value that differs from the file's: the stored one is kept. */
  conflicts: { field: ProfileField; kept: string; incoming: string }[];
}

/**
 * A contact from an import row, inside the import's transaction: created when the address is new,
 * otherwise its blanks are filled and tags added, while a value the contact already holds is never
 * overwritten (the caller reports the conflict). Running the same row twice changes nothing.
 */
export async function mergeImportedProfile(tx: Db, input: ImportedProfile): Promise<ProfileMerge> {
  const email = normalizeEmail(input.email);
  const incoming: Record<ProfileField, string | null> = {
    name: blankToNull(input.name),
    phone: blankToNull(input.phone),
    country: blankToNull(input.country)?.toUpperCase() ?? null,
    notes: blankToNull(input.notes),
  };
  const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
  const [existing] = await tx.select().from(contactsTable).where(eq(contactsTable.email, email)).for("update");
  if (!existing) {
    const [row] = await tx
      .insert(contactsTable)
      .values({ id: newId("con"), email, canonicalEmail: canonicalEmail(email), locale: input.locale, source: input.source, ...incoming, tags })
      .returning();
    return { contact: row!, created: true, changed: true, conflicts: [] };
  }
  const set: Partial<Record<ProfileField, string>> = {};
  const conflicts: ProfileMerge["conflicts"] = [];
  for (const field of Object.keys(incoming) as ProfileField[]) {
    const value = incoming[field];
    const kept = blankToNull(existing[field]);
    if (value === null || value === kept?.trim()) continue;
    if (kept === null) set[field] = value;
    else conflicts.push({ field, kept, incoming: value });
  }
  const newTags = tags.filter((t) => !existing.tags.includes(t));
  if (!Object.keys(set).length && !newTags.length) return { contact: existing, created: false, changed: false, conflicts };
  const [row] = await tx
    .update(contactsTable)
    .set({ ...set, tags: [...existing.tags, ...newTags], updatedAt: sql`now()` })
    .where(eq(contactsTable.id, existing.id))
    .returning();
  return { contact: row!, created: false, changed: true, conflicts };
}

/**
 * A contact brought in by a marketplace's order history: history only when the import created it (a
 * person already known here keeps their standing), and undeliverable for marketing when the address is
 * a marketplace relay. Answers whether anything changed.
 */
export async function markMarketplaceContact(tx: Db, contact: ContactRow, created: boolean): Promise<boolean> {
  const historyOnly = created || contact.historyOnly;
  const undeliverable = contact.marketingUndeliverable || isRelayAddress(contact.email);
  if (historyOnly === contact.historyOnly && undeliverable === contact.marketingUndeliverable) return false;
  await tx.update(contactsTable).set({ historyOnly, marketingUndeliverable: undeliverable, updatedAt: sql`now()` }).where(eq(contactsTable.id, contact.id));
  return true;
}

function blankToNull(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
