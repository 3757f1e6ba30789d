// Issue #8 item 1: the Pay button submits the address form; the server refuses payment when the
// address (or email) shown differs from the one saved, because the shipping method and totals
// belong to the saved address.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "~db/rows";
import { useTestDatabase } from "~db/testing";
import { action as checkoutAction } from "~/routes/market.checkout";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { getMarket } from "../markets/markets.server";

const db = useTestDatabase();
const ORIGIN = "http://shop.test";
const saved = { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };

async function cartReadyToPay() {
  const market = (await getMarket("de-de"))!;
  const { cart, token } = await createCart(market);
  const [row] = rowsOf<{ id: string }>(
    await db.current.db.execute(
      sql`select l.variant_id as id from inventory_levels l join market_prices p on p.variant_id = l.variant_id where l.location_id = 'loc_de_fra' and l.on_hand - l.reserved > 5 and p.market = 'de-de' limit 1`,
    ),
  );
  await addLine(cart, row!.id, 1);
  await updateCartDetails(cart, { email: "anna@example.de", shippingAddress: saved });
  const priced = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: priced.shippingQuotes[0]!.method });
  return { cart, cookie: `harbor_cart=${encodeURIComponent(`${cart.id}.${token}`)}` };
}

async function pay(cookie: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ email: "anna@example.de", ...saved, ...fields, intent: "pay" });
  try {
    const res = await checkoutAction({
      request: new Request(`${ORIGIN}/de-de/checkout`, { method: "POST", body, headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" } }),
      params: { market: "de-de" },
      context: {},
    });
    const init = (res as { init?: { status?: number } }).init;
    return { status: init?.status ?? 200, data: (res as { data: { error: { code: string } | null } }).data };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: null };
    throw e;
  }
}

const paymentCount = async (cartId: string) =>
  Number(rowsOf<{ n: string }>(await db.current.db.execute(sql`select count(*)::text as n from payments where cart_id = ${cartId}`))[0]!.n);

describe("paying with an address that is not the saved one", () => {
  it.each([
    ["an edited street", { line1: "Friedrichstr. 50" }],
    ["an edited city", { city: "Potsdam" }],
    ["an edited postal code", { postalCode: "14467" }],
    ["an invalid postal code (Deutsche Post: 5 digits)", { postalCode: "1011" }],
    ["an emptied street", { line1: "" }],
    ["another email", { email: "other@example.de" }],
    ["another country", { country: "AT", postalCode: "1010", city: "Wien" }],
  ])("is refused with 409 address_changed: %s, and no payment is started", async (_what, change) => {
    const { cart, cookie } = await cartReadyToPay();
    const r = await pay(cookie, change);
    expect(r.status).toBe(409);
    expect(r.data?.error?.code).toBe("address_changed");
    expect(await paymentCount(cart.id)).toBe(0);
    expect((await reloadCart(cart)).shippingAddress).toEqual(saved);
  });

  it("a pay request without the address fields is refused too", async () => {
    const { cart, cookie } = await cartReadyToPay();
    const res = await checkoutAction({
      request: new Request(`${ORIGIN}/de-de/checkout`, { method: "POST", body: new URLSearchParams({ intent: "pay" }), headers: { Cookie: cookie } }),
      params: { market: "de-de" },
      context: {},
    });
    expect((res as { init?: { status?: number } }).init?.status).toBe(409);
    expect(await paymentCount(cart.id)).toBe(0);
  });

  it("the saved address, in any spelling that normalizes to it, starts the payment", async () => {
    const { cart, cookie } = await cartReadyToPay();
    const r = await pay(cookie, { postalCode: " 10115 ", name: "Anna  Schmidt", email: "Anna@Example.de" });
    // The demo provider sends the shopper to its payment page.
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/\/de-de\/pay\/demo\//);
    expect(await paymentCount(cart.id)).toBe(1);
  });
});
