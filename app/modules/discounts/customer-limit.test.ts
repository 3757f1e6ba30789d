import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { discountCustomerClaimsTable, discountsTable, inventoryLevelsTable, ordersTable, shippingRatesTable, variantPricesTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { isUserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { addLine, createCart, reloadCart, updateCartDetails, type CartRow } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { getMarket } from "../markets/markets.server";
import { invalidateShippingRates } from "../shipping/shipping.server";

/*
 * A per-customer limit ("once per customer") must hold when one customer pays two carts at the same
 * moment, like the total limit does. Shopify counts "limit to one use per customer" by the customer's
 * email for guest checkouts (https://help.shopify.com/en/manual/discounts/discount-limits); an email
 * address is compared without case (its domain is case-insensitive, RFC 5321 §2.4, and shops treat
 * the local part the same way). Run with DATABASE_URL for real parallel connections.
 */

const db = useTestDatabase();
const ORIGIN = "http://shop.test";
const DE = { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };

async function makeVariant(): Promise<string> {
  const d = db.current.db;
  const res = await d.execute(sql`select product_id from product_variants order by id limit 1`);
  const rows = "rows" in (res as object) ? (res as unknown as { rows: { product_id: string }[] }).rows : (res as unknown as { product_id: string }[]);
  const productId = rows[0]!.product_id;
  const id = newId("var");
  await d.execute(sql`insert into product_variants (id, product_id, sku, position, options, weight_grams) values (${id}, ${productId}, ${id.toUpperCase()}, 99, '{}'::jsonb, 300)`);
  await d.insert(variantPricesTable).values([
    { variantId: id, currency: "USD", amount: 5500n },
    { variantId: id, currency: "EUR", amount: 5000n },
  ]);
  await d.insert(inventoryLevelsTable).values({ variantId: id, locationId: "loc_cn_sz", onHand: 100, reserved: 0 });
  await refreshMarketPrices([productId]);
  return id;
}

async function cartFor(variantId: string, email: string, code: string): Promise<CartRow> {
  const { cart } = await createCart((await getMarket("de-de"))!);
  await addLine(cart, variantId, 1);
  await updateCartDetails(cart, { email, shippingAddress: DE as CartRow["shippingAddress"], discountCodes: [code] });
  const priced = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: priced.shippingQuotes.find((q) => q.method === "postal")!.method });
  return reloadCart(cart);
}

describe("item 13: per-customer discount limits are claimed atomically at payment start", () => {
  it("one customer paying four carts at once with a once-per-customer code gets it once; the claim is given back when that payment fails", async () => {
    await db.current.db.update(shippingRatesTable).set({ freeOver: 0n }).where(and(eq(shippingRatesTable.market, "de-de"), eq(shippingRatesTable.method, "postal")));
    invalidateShippingRates();
    const v = await makeVariant();
    const discountId = newId("disc");
    await db.current.db.insert(discountsTable).values({ id: discountId, code: "ONCEEACH", kind: "fixed", amounts: { EUR: "1000" }, perCustomerLimit: 1 });
    // The same customer, typed four ways.
    const emails = ["anna@example.de", "Anna@Example.de", "ANNA@EXAMPLE.DE", "anna@EXAMPLE.de"];
    const carts = await Promise.all(emails.map((e) => cartFor(v, e, "ONCEEACH")));
    for (const c of carts) expect((await priceCart(c)).totals.discounts).toBe(1000n);

    const results = await Promise.allSettled(carts.map((c) => startPayment(c, { origin: ORIGIN })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(isUserError(r.reason)).toBe(true);
      expect(r.reason).toMatchObject({ code: "discount_rejected", status: 409, details: { reason: "customer_limit", code: "ONCEEACH" } });
    }
    const claims = await db.current.db.select().from(discountCustomerClaimsTable).where(eq(discountCustomerClaimsTable.discountId, discountId));
    expect(claims).toEqual([expect.objectContaining({ customerKey: "anna@example.de" })]);

    // The winning payment is declined: the use goes back, and another cart of the same customer may claim it.
    const winner = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof startPayment>>>).value;
    await completePayment(winner.payment.id, "failed");
    expect(await db.current.db.select().from(discountCustomerClaimsTable).where(eq(discountCustomerClaimsTable.discountId, discountId))).toHaveLength(0);
    const loserCart = carts.find((c) => c.id !== winner.payment.cartId)!;
    const second = await startPayment(loserCart, { origin: ORIGIN });
    const orderId = await completePayment(second.payment.id, "succeeded");
    const [order] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.id, orderId!));
    expect(order!.discountTotal).toBe(1000n);
    // Redeemed: the claim became a redemption, and the limit now shows at pricing time too.
    expect(await db.current.db.select().from(discountCustomerClaimsTable).where(eq(discountCustomerClaimsTable.discountId, discountId))).toHaveLength(0);
    const third = await cartFor(v, "ANNA@example.de", "ONCEEACH");
    expect((await priceCart(third)).problems).toEqual([expect.objectContaining({ subject: "ONCEEACH", reason: "customer_limit" })]);
  });
});
