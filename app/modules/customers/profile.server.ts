/** What a signed-in customer manages: profile, saved addresses; and the read functions for staff pages. */
import { and, asc, count, desc, eq, ilike, isNull, or } from "drizzle-orm";
import { getDb } from "~db/index";
import { customerAddressesTable, customersTable } from "~db/schema/customers";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import type { Address } from "../cart/cart";
import { validateAddress } from "../checkout/address";
import { getMarket } from "../markets/markets.server";
import { listCustomerOrders } from "../orders/orders.server";
import type { CustomerRow } from "./sessions.server";

const MAX_ADDRESSES = 20;

/** Name, language and preferred market. An unknown market or a language no market speaks is a 400 naming the field. */
export async function updateProfile(customer: CustomerRow, patch: { name?: string | null; language?: string; market?: string }): Promise<CustomerRow> {
  const market = patch.market ? await getMarket(patch.market) : null;
  if (patch.market && !market) throw new UserError("invalid_parameter", `market: unknown market "${patch.market}"`, 400, "market");
  if (patch.language && !/^[a-z]{2,3}$/.test(patch.language)) throw new UserError("invalid_parameter", "language: must be a language code such as \"de\"", 400, "language");
  const db = await getDb();
  const [row] = await db
    .update(customersTable)
    .set({
      ...(patch.name !== undefined ? { name: patch.name?.trim() || null } : {}),
      ...(patch.language ? { locale: patch.language } : {}),
      ...(market ? { market: market.handle } : {}),
      updatedAt: new Date(),
    })
    .where(eq(customersTable.id, customer.id))
    .returning();
  return row!;
}

export type SavedAddress = { id: string; address: Address; isDefault: boolean };

export async function listAddresses(customerId: string): Promise<SavedAddress[]> {
  const db = await getDb();
  return db
    .select({ id: customerAddressesTable.id, address: customerAddressesTable.address, isDefault: customerAddressesTable.isDefault })
    .from(customerAddressesTable)
    .where(eq(customerAddressesTable.customerId, customerId))
    .orderBy(desc(customerAddressesTable.isDefault), asc(customerAddressesTable.createdAt));
}

/**
 * Saves an address checked by the country's rules (the ones checkout applies). Invalid: `{ ok: false,
 * errors }` (field → message key), so pages show each error next to its field.
 */
export async function addAddress(customerId: string, input: unknown): Promise<{ ok: true; id: string } | { ok: false; errors: Record<string, string> }> {
  const checked = validateAddress(input);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const db = await getDb();
  const [{ n }] = (await db.select({ n: count() }).from(customerAddressesTable).where(eq(customerAddressesTable.customerId, customerId))) as [{ n: number }];
  if (n >= MAX_ADDRESSES) throw new UserError("too_many_addresses", `An account keeps at most ${MAX_ADDRESSES} addresses; delete one first.`, 422);
  const id = newId("addr");
  await db.insert(customerAddressesTable).values({ id, customerId, address: checked.address, isDefault: n === 0 });
  return { ok: true, id };
}

export async function deleteAddress(customerId: string, addressId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(customerAddressesTable)
    .where(and(eq(customerAddressesTable.id, addressId), eq(customerAddressesTable.customerId, customerId)))
    .returning({ id: customerAddressesTable.id });
  return rows.length > 0;
}

// ------------------------------------------------------------------------------ staff reads

const PAGE_SIZE = 50;

type CustomerSummary = { id: string; email: string; name: string | null; market: string | null; verified: boolean; createdAt: Date };

/** Accounts (erased ones left out), newest first, optionally filtered by email or name; `page` from 1. */
export async function listCustomers({ search, page = 1 }: { search?: string | null; page?: number } = {}): Promise<{ customers: CustomerSummary[]; total: number; page: number; pageSize: number }> {
  const db = await getDb();
  const term = search?.trim();
  const pattern = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = and(isNull(customersTable.erasedAt), pattern ? or(ilike(customersTable.email, pattern), ilike(customersTable.name, pattern)) : undefined);
  const p = Math.max(1, Math.floor(page));
  const [rows, [totalRow]] = await Promise.all([
    db.select().from(customersTable).where(where).orderBy(desc(customersTable.createdAt), desc(customersTable.id)).limit(PAGE_SIZE).offset((p - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(customersTable).where(where),
  ]);
  return {
    customers: rows.map((c) => ({ id: c.id, email: c.email, name: c.name, market: c.market, verified: c.emailVerifiedAt !== null, createdAt: c.createdAt })),
    total: Number(totalRow?.n ?? 0),
    page: p,
    pageSize: PAGE_SIZE,
  };
}

/** One account with its addresses and orders, or null (unknown or erased). */
export async function getCustomerDetail(id: string) {
  const db = await getDb();
  const [c] = await db.select().from(customersTable).where(and(eq(customersTable.id, id), isNull(customersTable.erasedAt)));
  if (!c) return null;
  const [addresses, orders] = await Promise.all([listAddresses(id), listCustomerOrders(id)]);
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    language: c.locale,
    market: c.market,
    emailVerifiedAt: c.emailVerifiedAt,
    createdAt: c.createdAt,
    addresses,
    orders: orders.map((o) => ({ id: o.id, number: o.number, status: o.status, total: o.total, currency: o.currency, createdAt: o.createdAt })),
  };
}
