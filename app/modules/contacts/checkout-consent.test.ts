// The checkout's marketing checkbox (issue #10): never pre-ticked, and consent is recorded with source
// "checkout" only when the order is paid — a ticked box on a cart that is never paid is no consent.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { productVariantsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { MarketingOptIn } from "~/components/storefront/Newsletter";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { getAvailability } from "../inventory/inventory.server";
import { getMarket } from "../markets/markets.server";
import { checkoutConsentChoice, saveCheckoutConsent } from "./checkout-consent.server";
import { consentHistory } from "./consent.server";
import { findContactByEmail } from "./contacts.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

const ADDRESSES: Record<string, Record<string, string>> = {
  "de-de": { name: "Lena", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
  "en-us": { name: "Sam", line1: "1 Main St", city: "Portland", region: "OR", postalCode: "97201", country: "US" },
};

async function checkoutCart(market: string, email: string) {
  const m = (await getMarket(market))!;
  const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= 10))!;
  const { cart } = await createCart(m);
  await addLine(cart, variant.id, 1);
  await updateCartDetails(cart, { email, shippingAddress: ADDRESSES[market] as never });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
  return cart;
}

async function pay(cartId: string, cart: Awaited<ReturnType<typeof checkoutCart>>, status: "succeeded" | "failed") {
  const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
  expect(started.payment.cartId).toBe(cartId);
  return completePayment(started.payment.id, status);
}

describe("checkout marketing checkbox", () => {
  it("is never pre-ticked", () => {
    const html = renderToString(createElement(MarketingOptIn, { checked: false }));
    expect(html).toContain('type="checkbox"');
    expect(html).not.toMatch(/checked/);
  });

  it("records consent with source checkout only when the order is paid (double opt-in in de-de)", async () => {
    const cart = await checkoutCart("de-de", "lena@example.com");
    expect(await checkoutConsentChoice(cart.id)).toBe(false);
    await saveCheckoutConsent(cart.id, true, { language: "de", ip: "192.0.2.10", userAgent: "Checkout/1" });
    expect(await checkoutConsentChoice(cart.id)).toBe(true);
    await pay(cart.id, cart, "failed");
    // A failed payment is no order: no consent recorded.
    const beforePaid = await findContactByEmail("lena@example.com");
    expect(beforePaid ? await consentHistory(beforePaid.id) : []).toHaveLength(0);
    await pay(cart.id, cart, "succeeded");
    const contact = (await findContactByEmail("lena@example.com"))!;
    const history = await consentHistory(contact.id);
    expect(history).toHaveLength(1);
    // The wording and browser are those of the moment the box was ticked.
    expect(history[0]).toMatchObject({ status: "pending", source: "checkout", ip: "192.0.2.10", userAgent: "Checkout/1", locale: "de" });
    expect(history[0]!.consentText?.id).toBe("ctx_email_de_v1");
  });

  it("subscribes at once where the market has no double opt-in; an unticked box records nothing", async () => {
    const ticked = await checkoutCart("en-us", "sam@example.com");
    await saveCheckoutConsent(ticked.id, true, { language: "en" });
    await pay(ticked.id, ticked, "succeeded");
    expect((await consentHistory((await findContactByEmail("sam@example.com"))!.id))[0]).toMatchObject({ status: "subscribed", source: "checkout" });

    const unticked = await checkoutCart("en-us", "kim@example.com");
    await saveCheckoutConsent(unticked.id, true, { language: "en" });
    await saveCheckoutConsent(unticked.id, false, { language: "en" });
    await pay(unticked.id, unticked, "succeeded");
    // Still a contact (every buyer is), but not a subscriber.
    const kim = (await findContactByEmail("kim@example.com"))!;
    expect(await consentHistory(kim.id)).toHaveLength(0);
  });
});
