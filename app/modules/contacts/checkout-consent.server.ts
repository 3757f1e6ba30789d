import { eq } from "drizzle-orm";
import { getDb } from "~db/index";
import { checkoutConsentsTable } from "~db/schema/contacts";
import { now } from "~/lib/clock.server";
import { registerOrderListener } from "../orders/order-listeners.server";
import { ensureConsentText, subscribeWithin, type ConsentContext } from "./consent.server";

/**
 * The checkout's marketing checkbox for a cart, as the shopper last submitted it: ticked keeps the
 * wording and who ticked it, unticked forgets it. Nothing is consent until the order is paid.
 */
export async function saveCheckoutConsent(cartId: string, optIn: boolean, input: { language: string } & ConsentContext): Promise<void> {
  const db = await getDb();
  if (!optIn) {
    await db.delete(checkoutConsentsTable).where(eq(checkoutConsentsTable.cartId, cartId));
    return;
  }
  const consentTextId = await ensureConsentText(db, input.language);
  const row = { cartId, consentTextId, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 512) ?? null, createdAt: now() };
  await db.insert(checkoutConsentsTable).values(row).onConflictDoUpdate({ target: checkoutConsentsTable.cartId, set: row });
}

/** Whether the shopper ticked the box for this cart (the page shows their own choice back, never a default tick). */
export async function checkoutConsentChoice(cartId: string): Promise<boolean> {
  const [row] = await (await getDb()).select({ cartId: checkoutConsentsTable.cartId }).from(checkoutConsentsTable).where(eq(checkoutConsentsTable.cartId, cartId));
  return Boolean(row);
}

/** A paid order whose cart had the box ticked subscribes its buyer (double opt-in where the market asks for it). */
export function registerCheckoutConsentListener(): void {
  registerOrderListener("contacts-checkout-consent", {
    async paid(tx, order) {
      const [ticked] = await tx.select().from(checkoutConsentsTable).where(eq(checkoutConsentsTable.cartId, order.cartId));
      if (!ticked) return;
      await subscribeWithin(tx, {
        email: order.email,
        customerId: order.customerId,
        market: order.market,
        source: "checkout",
        consentTextId: ticked.consentTextId,
        ip: ticked.ip,
        userAgent: ticked.userAgent,
      });
      await tx.delete(checkoutConsentsTable).where(eq(checkoutConsentsTable.cartId, order.cartId));
    },
  });
}
