import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orderEventsTable, orderLinesTable, outboxEmailsTable, productVariantsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { addLine, createCart, reloadCart, updateCartDetails } from "../cart/cart.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { priceCart } from "../cart/pricing.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { runDueJobs } from "../jobs/jobs.server";
import { getMarket } from "../markets/markets.server";
import { getAvailability } from "../inventory/inventory.server";
import { markDelivered, refundOrder, shipOrder } from "./order-operations.server";
import { canTransition } from "./orders";
import { getOrder, getOrderDetails, getOrderForToken, orderAccessToken, requestReturn } from "./orders.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

async function paidOrder(market: string, address: Record<string, string>, quantity = 2): Promise<string> {
  const m = (await getMarket(market))!;
  const variants = await db.current.db.select({ id: productVariantsTable.id }).from(productVariantsTable);
  const stock = await getAvailability(variants.map((v) => v.id));
  const variant = variants.find((v) => [...(stock.get(v.id)?.values() ?? [])].some((n) => n >= 10))!;
  const { cart } = await createCart(m);
  await addLine(cart, variant.id, quantity);
  await updateCartDetails(cart, { email: "buyer@example.com", shippingAddress: address as never });
  const p = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, { shippingMethod: p.shippingQuotes.find((q) => q.method === "express")!.method });
  const started = await startPayment(await reloadCart(cart), { origin: "http://shop.test" });
  return (await completePayment(started.payment.id, "succeeded"))!;
}

async function emails(orderId: string) {
  await runDueJobs({ limit: 50 });
  await runDueJobs({ limit: 50 });
  return db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.orderId, orderId));
}

describe("order lifecycle", () => {
  it("follows the status machine", () => {
    expect(canTransition("pending_payment", "paid")).toBe(true);
    expect(canTransition("paid", "fulfilled")).toBe(true);
    expect(canTransition("cancelled", "paid")).toBe(false);
    expect(canTransition("refunded", "fulfilled")).toBe(false);
    expect(canTransition("delivered", "paid")).toBe(false);
  });

  it("ships partially then fully, with tracking links and a shipping email each time, then delivers", async () => {
    const orderId = await paidOrder("de-de", { name: "Anna", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" });
    const [line] = await db.current.db.select().from(orderLinesTable).where(eq(orderLinesTable.orderId, orderId));
    const first = await shipOrder(orderId, { carrier: "dhl", trackingNumber: "JD0001", lines: [{ orderLineId: line!.id, quantity: 1 }] });
    expect(first.status).toBe("partially_fulfilled");
    await expect(shipOrder(orderId, { carrier: "dhl", trackingNumber: "JD0002", lines: [{ orderLineId: line!.id, quantity: 5 }] })).rejects.toMatchObject({ code: "invalid_fulfillment" });
    const second = await shipOrder(orderId, { carrier: "dhl", trackingNumber: "JD0002" });
    expect(second.status).toBe("fulfilled");
    const d = await getOrderDetails(orderId);
    expect(d.fulfillments.map((f) => f.trackingUrl)).toEqual([expect.stringContaining("JD0001"), expect.stringContaining("JD0002")]);
    expect((await markDelivered(orderId)).status).toBe("delivered");
    const mails = await emails(orderId);
    expect(mails.map((m) => m.template).sort()).toEqual(["order-confirmation", "shipping-confirmation", "shipping-confirmation"]);
    expect(mails.find((m) => m.template === "shipping-confirmation")!.text).toContain("JD000");
    const events = await db.current.db.select().from(orderEventsTable).where(eq(orderEventsTable.orderId, orderId));
    expect(events.map((e) => e.toStatus)).toEqual(["pending_payment", "paid", "partially_fulfilled", "fulfilled", "delivered"]);
    const returnId = await requestReturn((await getOrder(orderId))!, { lines: [{ orderLineId: line!.id, quantity: 1 }], reason: "Chipped rim" });
    expect(returnId).toMatch(/^ret_/);
  });

  it("refunds partially then fully in the order currency (KWD in multiples of 10 fils) and emails each refund", async () => {
    const orderId = await paidOrder("ar-kw", { name: "Fatima", line1: "Street 1", city: "Kuwait City", country: "KW" });
    const order = (await getOrder(orderId))!;
    await expect(refundOrder(orderId, { amount: 5n })).rejects.toMatchObject({ code: "invalid_refund" });
    await expect(refundOrder(orderId, { amount: order.total + 10n })).rejects.toMatchObject({ code: "invalid_refund" });
    const { order: partial } = await refundOrder(orderId, { amount: 1000n, reason: "goodwill" });
    expect(partial).toMatchObject({ status: "partially_refunded", refundedTotal: 1000n });
    const { order: full } = await refundOrder(orderId, { amount: order.total - 1000n });
    expect(full).toMatchObject({ status: "refunded", refundedTotal: order.total });
    await expect(refundOrder(orderId, { amount: 10n })).rejects.toMatchObject({ code: "invalid_transition" });
    const mails = await emails(orderId);
    expect(mails.filter((m) => m.template === "refund-confirmation")).toHaveLength(2);
    expect(mails.every((m) => m.locale === "ar")).toBe(true);
  });

  it("opens the order only with its signed token", async () => {
    const orderId = await paidOrder("en-us", { name: "Jane", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001", country: "US" }, 1);
    await expect(getOrderForToken(orderId, "forged")).rejects.toMatchObject({ status: 404 });
    await expect(getOrderForToken(orderId, null)).rejects.toMatchObject({ status: 404 });
    expect((await getOrderForToken(orderId, orderAccessToken(orderId))).id).toBe(orderId);
  });
});
