/**
 * "Download my data" (GDPR Art. 15 and 20: a copy in a machine-readable format) and "delete my
 * account" (Art. 17). Orders are kept for the accounts (commercial and tax records must be retained,
 * e.g. HGB §257 / AO §147 in Germany) but no longer say who bought.
 */
import { eq } from "drizzle-orm";
import { getDb } from "~db/index";
import { customerAddressesTable, customerTokensTable, customerSessionsTable, customersTable } from "~db/schema/customers";
import { UserError } from "~/lib/errors";
import { scrubCustomerCarts } from "../cart/cart.server";
import { eraseContact } from "../contacts/consent.server";
import { replaceDiscountCustomerKeys } from "../discounts/discounts.server";
import { deleteOutboxEmailsTo, suppressEmail } from "../mail/suppressions.server";
import { anonymiseCustomerOrders, erasedEmail, getOrderDetails, listCustomerOrders } from "../orders/orders.server";
import { listAddresses } from "./profile.server";
import { listSessions, type CustomerRow } from "./sessions.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const money = (amount: bigint, currency: string) => ({ amount: amount.toString(), currency });

/** Everything the store holds about the customer, as plain JSON (money in minor units as strings). */
export async function exportCustomerData(customer: CustomerRow) {
  const [addresses, orders, sessions] = await Promise.all([listAddresses(customer.id), listCustomerOrders(customer.id), listSessions(customer.id)]);
  const detailed = await Promise.all(
    orders.map(async (o) => {
      const d = await getOrderDetails(o.id);
      return {
        id: o.id,
        number: o.number,
        status: o.status,
        placedAt: iso(o.createdAt),
        email: o.email,
        market: o.market,
        shippingAddress: o.shippingAddress,
        shippingMethod: o.shippingMethod.method,
        total: money(o.total, o.currency),
        refunded: money(o.refundedTotal, o.currency),
        lines: d.lines.map((l) => ({ title: l.title, variant: l.variantTitle, sku: l.sku, quantity: l.quantity, total: money(l.total, o.currency) })),
        shipments: d.fulfillments.map((f) => ({ carrier: f.carrier, trackingNumber: f.trackingNumber, shippedAt: iso(f.createdAt) })),
        returns: d.returns.map((r) => ({ status: r.status, reason: r.reason, requestedAt: iso(r.createdAt) })),
      };
    }),
  );
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      id: customer.id,
      email: customer.email,
      name: customer.name,
      language: customer.locale,
      preferredMarket: customer.market,
      emailVerifiedAt: iso(customer.emailVerifiedAt),
      createdAt: iso(customer.createdAt),
      updatedAt: iso(customer.updatedAt),
      hasPassword: customer.passwordHash !== null,
    },
    addresses: addresses.map((a) => ({ ...a.address, isDefault: a.isDefault })),
    orders: detailed,
    sessions: sessions.map((s) => ({ kind: s.kind, userAgent: s.userAgent, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
    // The store records no marketing or cookie consents; the key is here so the export says so.
    consents: [] as never[],
  };
}

/**
 * Erases the account in one transaction: sessions, links and saved addresses are deleted; orders,
 * payments' checkout copies, carts and discount use records keep their numbers but lose the address,
 * name and email; stored copies of sent emails are deleted; a hashed suppression entry makes sure the
 * address is never mailed again. The customer row stays as an empty tombstone (orders point to it).
 */
export async function eraseCustomer(customerId: string, now = new Date()): Promise<{ ordersAnonymised: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customersTable).where(eq(customersTable.id, customerId)).for("update");
    if (!customer || customer.erasedAt) throw new UserError("unauthorized", "Sign in to continue.", 401);
    const emails = [customer.email];
    const orders = await anonymiseCustomerOrders(tx, customer.id, emails);
    await scrubCustomerCarts(tx, customer.id, emails);
    await replaceDiscountCustomerKeys(tx, emails, erasedEmail(customer.id));
    await deleteOutboxEmailsTo(emails, { tx });
    await suppressEmail(customer.email, { tx });
    await eraseContact(tx, customer.email);
    await tx.delete(customerSessionsTable).where(eq(customerSessionsTable.customerId, customer.id));
    await tx.delete(customerTokensTable).where(eq(customerTokensTable.customerId, customer.id));
    await tx.delete(customerAddressesTable).where(eq(customerAddressesTable.customerId, customer.id));
    await tx
      .update(customersTable)
      .set({ email: erasedEmail(customer.id), passwordHash: null, name: null, market: null, emailVerifiedAt: null, updatedAt: now, erasedAt: now })
      .where(eq(customersTable.id, customer.id));
    return { ordersAnonymised: orders.length };
  });
}
