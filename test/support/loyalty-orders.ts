import { productVariantsTable } from "~db/schema";
import type { Database } from "~db/index";
import { addLine, createCart, reloadCart, updateCartDetails, type CartRow } from "~/modules/cart/cart.server";
import { priceCart } from "~/modules/cart/pricing.server";
import { completePayment, startPayment } from "~/modules/checkout/checkout.server";
import { ensureContact, type ContactRow } from "~/modules/contacts/contacts.server";
import { getAvailability } from "~/modules/inventory/inventory.server";
import { getMarket } from "~/modules/markets/markets.server";

const ADDRESSES = {
  "ja-jp": { name: "Yuki Sato", line1: "1-1 Chiyoda", city: "Chiyoda-ku", region: "JP-13", postalCode: "100-0001", country: "JP" },
  "ar-kw": { name: "Fatima", line1: "Street 1", city: "Kuwait City", country: "KW" },
  "de-de": { name: "Anna", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
  "en-us": { name: "Sam Lee", line1: "1 Main St", city: "Portland", region: "OR", postalCode: "97201", country: "US" },
} as const;
type TestMarket = keyof typeof ADDRESSES;

/** A signed-in shopper (a customer id) with their contact. */
export async function shopper(db: Database, email: string, customerId: string): Promise<ContactRow> {
  return ensureContact(db.db, { email, customerId, locale: "en", source: "account" });
}

/** A cart of a signed-in shopper, ready to pay (address and shipping chosen). */
export async function readyCart(db: Database, market: TestMarket, email: string, customerId: string, quantity = 2): Promise<CartRow> {
  const m = (await getMarket(market))!;
  const variants = await db.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= 20))!;
  const { cart } = await createCart(m, { customerId });
  await addLine(cart, variant.id, quantity);
  await updateCartDetails(cart, { email, shippingAddress: ADDRESSES[market] as never });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  return reloadCart(cart);
}

export async function pay(cart: CartRow, at?: Date): Promise<string> {
  const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test", now: at });
  return (await completePayment(started.payment.id, "succeeded", at))!;
}
