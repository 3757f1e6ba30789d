// One contact per person: the normalized address is the key; the canonical form (Gmail ignores dots
// and +tags, per Google's "Gmail doesn't recognize dots" help page) is kept for fraud checks only.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactsTable, productVariantsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { canonicalEmail, normalizeEmail } from "~/lib/email";
import { now, runAt } from "~/lib/clock.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { getAvailability } from "../inventory/inventory.server";
import { pointsBalance, postPoints, releaseDuePoints } from "../loyalty/ledger.server";
import { getMarket } from "../markets/markets.server";
import { ensureContact, findContactByEmail } from "./contacts.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

describe("email forms", () => {
  it("normalizes case and Unicode, keeps dots and tags in the address mail goes to", () => {
    expect(normalizeEmail("  Anna.Schmidt+News@GMail.com ")).toBe("anna.schmidt+news@gmail.com");
    expect(canonicalEmail("Anna.Schmidt+News@GoogleMail.com")).toBe("annaschmidt@gmail.com");
    // Outlook honours +tags but not dot removal.
    expect(canonicalEmail("a.b+x@outlook.com")).toBe("a.b@outlook.com");
    // Unknown providers: no rule is guessed.
    expect(canonicalEmail("a.b+x@kilnandloom.example")).toBe("a.b+x@kilnandloom.example");
  });
});

describe("contacts", () => {
  it("keeps one contact per address, the first source and UTM, and links the account once", async () => {
    const first = await ensureContact(db.current.db, { email: "Mia@Example.com", locale: "de", market: "de-de", source: "footer", utm: { source: "ig" } });
    const again = await ensureContact(db.current.db, { email: "mia@example.COM", locale: "de", source: "checkout", utm: { source: "fb" }, customerId: "cus_1" });
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ source: "footer", utm: { source: "ig" }, customerId: "cus_1", market: "de-de" });
    // The same account with another address does not steal the link.
    const other = await ensureContact(db.current.db, { email: "mia2@example.com", locale: "de", source: "api", customerId: "cus_1" });
    expect(other.customerId).toBeNull();
  });

  it("makes a paid order's buyer a contact", async () => {
    const m = (await getMarket("de-de"))!;
    const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
    const stock = await getAvailability(variants.map((v) => v.id));
    const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= 5))!;
    const { cart } = await createCart(m);
    await addLine(cart, variant.id, 1);
    await updateCartDetails(cart, { email: "Buyer.One@Example.com", shippingAddress: { name: "Jonas", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" } });
    const p = await priceCart(await reloadCart(cart));
    await updateCartDetails(cart, { shippingMethod: p.shippingQuotes[0]!.method });
    const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
    expect(await findContactByEmail("buyer.one@example.com")).toBeNull();
    await completePayment(started.payment.id, "succeeded");
    expect(await findContactByEmail("buyer.one@example.com")).toMatchObject({ source: "order", country: "DE", market: "de-de", name: "Jonas" });
  });
});

describe("points ledger", () => {
  it("sums signed rows; pending rows become available when due; never below zero; one row per dedupe key", async () => {
    const c = await ensureContact(db.current.db, { email: "points@example.com", locale: "en", source: "api" });
    const t0 = new Date("2027-01-01T00:00:00Z");
    await db.current.db.transaction(async (tx) => {
      await postPoints(tx, { contactId: c.id, type: "earn", points: 120, pending: true, availableAt: new Date("2027-01-15T00:00:00Z"), source: "order", dedupeKey: "earn:o1" });
      expect(await postPoints(tx, { contactId: c.id, type: "earn", points: 120, pending: true, source: "order", dedupeKey: "earn:o1" })).toBeNull();
      await postPoints(tx, { contactId: c.id, type: "adjust", points: 50, source: "admin", reason: "goodwill" });
    });
    expect(await pointsBalance(c.id)).toEqual({ available: 50, pending: 120 });
    await expect(db.current.db.transaction((tx) => postPoints(tx, { contactId: c.id, type: "redeem", points: -51, source: "checkout" }))).rejects.toMatchObject({ code: "insufficient_points" });
    // Other contacts' rows may fall due too (the release is store-wide); this contact's are due on the 15th.
    await releaseDuePoints(t0);
    expect(await pointsBalance(c.id)).toEqual({ available: 50, pending: 120 });
    await releaseDuePoints(new Date("2027-01-15T00:00:00Z"));
    expect(await pointsBalance(c.id)).toEqual({ available: 170, pending: 0 });
    const rows = await db.current.db.select().from(contactsTable).where(eq(contactsTable.id, c.id));
    expect(rows).toHaveLength(1);
  });

  it("pins now() inside runAt only", async () => {
    const at = new Date("2030-05-01T12:00:00Z");
    expect(await runAt(at, async () => now().toISOString())).toBe(at.toISOString());
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
