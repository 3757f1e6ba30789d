/**
 * The numbers a shopper sees add up: in every market the visible summary rows (subtotal − discounts +
 * shipping + every tax/duty row added on top) equal the total, and an order's lines plus shipping plus the
 * tax charged on top equal the order total — exactly, in minor units.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLevelsTable, ordersTable, outboxEmailsTable, shippingRatesTable, variantPricesTable } from "~db/schema";
import { demoMarkets } from "~db/seed/reference";
import { useTestDatabase } from "~db/testing";
import { newId } from "~/lib/ids";
import { parseDecimal } from "~/lib/money";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { runDueJobs } from "../jobs/jobs.server";
import { completePayment, startPayment } from "../checkout/checkout.server";
import { getMarket } from "../markets/markets.server";
import { getOrder, getOrderDetails } from "../orders/orders.server";
import { invalidateShippingRates } from "../shipping/shipping.server";
import { addLine, createCart, reloadCart, updateCartDetails, type CartRow } from "./cart.server";
import { toCartView, type CartView } from "./cart-view.server";
import { priceCart } from "./pricing.server";

const db = useTestDatabase();
const ORIGIN = "http://shop.test";

/** One shipping address per demo market country (regions where the tax depends on them). */
const ADDRESSES: Record<string, Record<string, string>> = {
  US: { name: "Ann Lee", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001", country: "US" },
  CA: { name: "Luc Roy", line1: "1 rue Sainte-Catherine", city: "Montréal", region: "QC", postalCode: "H2X 1Y4", country: "CA" },
  GB: { name: "Sam Hill", line1: "1 High St", city: "London", postalCode: "SW1A 1AA", country: "GB" },
  DE: { name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" },
  FR: { name: "Marie Dupont", line1: "1 rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" },
  ES: { name: "Lucía García", line1: "Calle Mayor 1", city: "Madrid", postalCode: "28013", country: "ES" },
  IE: { name: "Aoife Byrne", line1: "1 Grafton St", city: "Dublin", postalCode: "D02 XY00", country: "IE" },
  JP: { name: "山田 花子", line1: "千代田1-1", city: "千代田区", region: "13", postalCode: "100-0001", country: "JP" },
  AU: { name: "Jack Smith", line1: "1 George St", city: "Sydney", region: "NSW", postalCode: "2000", country: "AU" },
  SG: { name: "Tan Wei", line1: "1 Orchard Rd", city: "Singapore", postalCode: "238801", country: "SG" },
  BR: { name: "João Silva", line1: "Av. Paulista 1000", city: "São Paulo", region: "SP", postalCode: "01310-100", country: "BR" },
  MX: { name: "Ana López", line1: "Av. Reforma 1", city: "Ciudad de México", region: "CMX", postalCode: "06600", country: "MX" },
  AE: { name: "Omar Ali", line1: "Sheikh Zayed Rd 1", city: "Dubai", country: "AE" },
  KW: { name: "Fatima Al-Sabah", line1: "Street 1", city: "Kuwait City", country: "KW" },
};

async function makeVariant(prices: Record<string, bigint>, stock: Record<string, number>): Promise<string> {
  const d = db.current.db;
  const result = await d.execute(sql`select product_id from product_variants order by id limit 1`);
  const rows = "rows" in (result as object) ? (result as unknown as { rows: { product_id: string }[] }).rows : (result as unknown as { product_id: string }[]);
  const productId = rows[0]!.product_id;
  const id = newId("var");
  await d.execute(sql`insert into product_variants (id, product_id, sku, position, options, weight_grams) values (${id}, ${productId}, ${id.toUpperCase()}, 99, '{}'::jsonb, 300)`);
  for (const [currency, amount] of Object.entries(prices)) await d.insert(variantPricesTable).values({ variantId: id, currency, amount });
  for (const [locationId, onHand] of Object.entries(stock)) await d.insert(inventoryLevelsTable).values({ variantId: id, locationId, onHand, reserved: 0 });
  await refreshMarketPrices([productId]);
  return id;
}

async function cartWith(market: string, lines: [string, number][], address: object): Promise<CartRow> {
  const m = (await getMarket(market))!;
  const { cart } = await createCart(m);
  for (const [v, q] of lines) await addLine(cart, v, q);
  await updateCartDetails(cart, { email: "shopper@example.com", shippingAddress: address as CartRow["shippingAddress"] });
  const priced = await priceCart(await reloadCart(cart));
  const method = priced.shippingQuotes.find((q) => q.method !== "local")?.method ?? priced.shippingQuotes[0]!.method;
  await updateCartDetails(cart, { shippingMethod: method });
  return reloadCart(cart);
}

async function freeShipping(market: string) {
  await db.current.db.update(shippingRatesTable).set({ freeOver: 0n }).where(eq(shippingRatesTable.market, market));
  invalidateShippingRates();
}

const minor = (m: { amount: string; currencyCode: string }) => parseDecimal(m.amount, m.currencyCode);

/** The rows CartSummary renders above the total, signed as they are read. */
function visibleRowsSum(view: CartView): bigint {
  const added = view.taxLines.filter((t) => !t.included).reduce((a, t) => a + minor(t.amount), 0n);
  return minor(view.totals.subtotal) - minor(view.totals.discounts) + minor(view.totals.shipping) + added;
}

/** The line rows of the cart add up to the subtotal row and, after discounts, to what the lines cost. */
function expectLinesReconcile(view: CartView) {
  expect(view.lines.reduce((a, l) => a + minor(l.subtotal), 0n)).toBe(minor(view.totals.subtotal));
}

/** Order lines (tax-inclusive totals) + shipping + tax and duties charged on top of shipping = order total. */
async function expectOrderReconciles(cart: CartRow): Promise<bigint> {
  const started = await startPayment(cart, { origin: ORIGIN });
  const orderId = await completePayment(started.payment.id, "succeeded");
  const d = await getOrderDetails(orderId!);
  const order = (await getOrder(orderId!))!;
  const onTopOfShipping = d.taxLines.filter((t) => t.included === 0 && t.orderLineId === null).reduce((a, t) => a + t.amount, 0n);
  const lines = d.lines.reduce((a, l) => a + l.total, 0n);
  expect(lines + order.shippingTotal - (order.discountTotal - d.lines.reduce((a, l) => a + l.discount, 0n)) + onTopOfShipping).toBe(order.total);
  expect(started.payment.amount).toBe(order.total);
  return order.total;
}

const EVERY_CURRENCY = { USD: 4999n, CAD: 6999n, GBP: 3999n, EUR: 4495n, JPY: 7980n, AUD: 7995n, SGD: 6790n, BRL: 24990n, MXN: 89900n, AED: 18400n, KWD: 15450n };

describe("every market: visible rows sum to the total", () => {
  it("for a small cart, a cart above every low-value threshold, and a cart shipping from two places", async () => {
    const everywhere = { loc_cn_sz: 500, loc_us_lax: 500, loc_de_fra: 500 };
    const fromChina = await makeVariant(EVERY_CURRENCY, { loc_cn_sz: 500 });
    const stockedEverywhere = await makeVariant(EVERY_CURRENCY, everywhere);
    for (const market of demoMarkets) {
      const address = ADDRESSES[market.country]!;
      for (const lines of [
        [[fromChina, 1]],
        [[fromChina, 40]],
        [
          [fromChina, 3],
          [stockedEverywhere, 2],
        ],
      ] as [string, number][][]) {
        const view = toCartView(await priceCart(await cartWith(market.handle, lines, address)));
        expectLinesReconcile(view);
        expect(visibleRowsSum(view), `${market.handle} ${JSON.stringify(lines.map((l) => l[1]))}`).toBe(minor(view.totals.total));
      }
    }
  }, 120_000);

  it("DDU (de-de above €150 net): lines are shown without the uncollected VAT and the on-delivery estimate is not in the total", async () => {
    const v = await makeVariant({ USD: 25000n, EUR: 23800n }, { loc_cn_sz: 10 });
    const view = toCartView(await priceCart(await cartWith("de-de", [[v, 1]], ADDRESSES.DE!)));
    // €238.00 contains 19/119 = €38.00 VAT that is not collected: the line reads €200.00
    expect(view.lines[0]!.total).toEqual({ amount: "200.00", currencyCode: "EUR" });
    expect(view.notices.map((n) => n.code)).toEqual(["duties_due_on_delivery"]);
    expect(view.dueOnDelivery).not.toBeNull();
    expect(visibleRowsSum(view)).toBe(minor(view.totals.total));
  });
});

describe("DDU: the shipping options are on the summary's tax basis (issue #7 item 7)", () => {
  // Inclusive markets with a low-value threshold and DDU: de-de, fr-fr, es-es, en-eu (EU €150), en-gb (£135),
  // en-au (A$1,000). Above the threshold the destination's VAT is not collected at checkout, so neither the
  // lines nor the shipping may contain it — in the option list as in the summary.
  it.each([
    // €13.00 express contains 19/119 DE VAT = 2.0756 → 2.08: €10.92 (UStG §12(1) 19%)
    { market: "de-de", address: "DE", prices: { USD: 25000n, EUR: 23800n }, express: "10.92", currency: "EUR" },
    // €13.00 contains 20/120 FR TVA = 2.1667 → 2.17: €10.83 (CGI art. 278, 20%)
    { market: "fr-fr", address: "FR", prices: { USD: 25000n, EUR: 23800n }, express: "10.83", currency: "EUR" },
    // £11.00 contains 20/120 UK VAT = 1.8333 → 1.83: £9.17; £200 is £166.67 net, above £135 (HMRC VAT Notice 143)
    { market: "en-gb", address: "GB", prices: { USD: 25000n, GBP: 20000n }, express: "9.17", currency: "GBP" },
  ] as { market: string; address: string; prices: Record<string, bigint>; express: string; currency: string }[])("$market: express reads $express in the option list, the summary and the order", async ({ market, address, prices, express, currency }) => {
    const v = await makeVariant(prices, { loc_cn_sz: 10 });
    const cart = await cartWith(market, [[v, 1]], ADDRESSES[address]!);
    await updateCartDetails(cart, { shippingMethod: "express" });
    const view = toCartView(await priceCart(await reloadCart(cart)));
    expect(view.notices.map((n) => n.code)).toEqual(["duties_due_on_delivery"]);
    const option = view.shippingMethods.find((m) => m.code === "express")!;
    expect(option.amount).toEqual({ amount: express, currencyCode: currency });
    expect(view.totals.shipping).toEqual({ amount: express, currencyCode: currency });
    expect(visibleRowsSum(view)).toBe(minor(view.totals.total));
    await expectOrderReconciles(await reloadCart(cart));
    const order = await db.current.db.execute(sql`select shipping_total, shipping_method ->> 'amount' as method_amount from orders where cart_id = ${cart.id}`);
    const rows = "rows" in (order as object) ? (order as unknown as { rows: Record<string, unknown>[] }).rows : (order as unknown as Record<string, unknown>[]);
    const charged = parseDecimal(express, currency).toString();
    expect(rows.map((r) => [String(r.shipping_total), r.method_amount])).toEqual([[charged, charged]]);
  });

  it("a cart under the threshold keeps the VAT-inclusive rate-table price (VAT is collected on it)", async () => {
    const v = await makeVariant({ USD: 5500n, EUR: 5000n }, { loc_cn_sz: 10 });
    const cart = await cartWith("de-de", [[v, 1]], ADDRESSES.DE!);
    const view = toCartView(await priceCart(cart));
    expect(view.notices).toEqual([]);
    expect(view.shippingMethods.find((m) => m.code === "express")!.amount).toEqual({ amount: "13.00", currencyCode: "EUR" });
  });
});

describe("DDU: the on-delivery estimate is stored on the order and shown to the shopper (issue #7 item 7)", () => {
  it("de-de, €238 from Shenzhen + €13 express: €49.59 import VAT and duty due on delivery, on the order row and in the confirmation email", async () => {
    const v = await makeVariant({ USD: 25000n, EUR: 23800n }, { loc_cn_sz: 10 });
    const cart = await cartWith("de-de", [[v, 1]], ADDRESSES.DE!);
    await updateCartDetails(cart, { shippingMethod: "express" });
    // Goods €238.00 contain 19/119 VAT = €38.00 → €200.00 net; express €13.00 → €10.92 net (19/119 = 2.08).
    // Duty: the market's 4% estimate of the goods value = €8.00. Import VAT (Directive 2006/112/EC art. 85–86:
    // customs value + transport to the destination + duties) 19% × (200.00 + 10.92 + 8.00) = 41.5948 → €41.59.
    // Due on delivery: 8.00 + 41.59 = €49.59.
    const p = await priceCart(await reloadCart(cart));
    expect(p.tax.dueOnDelivery).toBe(4959n);
    await expectOrderReconciles(await reloadCart(cart));
    const [order] = await db.current.db.select().from(ordersTable).where(eq(ordersTable.cartId, cart.id));
    expect(order!.dueOnDelivery).toBe(4959n);
    expect(order!.total).toBe(20000n + 1092n); // the estimate is not charged

    registerAllJobHandlers();
    await runDueJobs({ limit: 20 });
    await runDueJobs({ limit: 20 });
    const [mail] = await db.current.db.select().from(outboxEmailsTable).where(and(eq(outboxEmailsTable.orderId, order!.id), eq(outboxEmailsTable.template, "order-confirmation")));
    expect(mail!.text).toMatch(/Bei Zustellung zu zahlen \(Schätzung\)\s+≈ 49,59\s€/);
  });
});

describe("where each line ships from decides its tax rule", () => {
  it("de-de: a line from the Frankfurt warehouse is domestic with no threshold; a line from Shenzhen follows the import rules; the order stores both", async () => {
    const fromFrankfurt = await makeVariant({ USD: 60000n, EUR: 59500n }, { loc_de_fra: 5 });
    const fromShenzhen = await makeVariant({ USD: 25000n, EUR: 23800n }, { loc_cn_sz: 5 });
    const cart = await cartWith("de-de", [
      [fromFrankfurt, 1],
      [fromShenzhen, 1],
    ], ADDRESSES.DE!);
    const p = await priceCart(cart);
    const [fra, sz] = p.lines;
    // €595 from Germany to Germany: 19% VAT collected although far above €150
    expect(fra!.taxRegime).toBe("domestic");
    expect(fra!.shipFrom).toEqual({ locationId: "loc_de_fra", country: "DE" });
    expect(p.tax.taxLines.find((t) => t.lineId === fra!.id)).toMatchObject({ jurisdiction: "DE", rateBp: 1900, amount: 9500n, included: true });
    // €238 (€200 net) from China: above the €150 IOSS threshold, DDU
    expect(sz!.taxRegime).toBe("import_ddu");
    expect(sz!.amount).toBe(20000n);
    expect(p.tax.taxLines.some((t) => t.lineId === sz!.id)).toBe(false);

    await expectOrderReconciles(cart);
    const orders = await db.current.db.execute(sql`select variant_id, ship_from_location_id, ship_from_country, tax_regime from order_lines where variant_id in (${fromFrankfurt}, ${fromShenzhen}) order by ship_from_country`);
    const rows = "rows" in (orders as object) ? (orders as unknown as { rows: unknown[] }).rows : (orders as unknown as unknown[]);
    expect(rows).toEqual([
      { variant_id: fromShenzhen, ship_from_location_id: "loc_cn_sz", ship_from_country: "CN", tax_regime: "import_ddu" },
      { variant_id: fromFrankfurt, ship_from_location_id: "loc_de_fra", ship_from_country: "DE", tax_regime: "domestic" },
    ]);
  });

  it("de-de to Austria from Frankfurt is an intra-EU sale at Austria's 20%, with no import notice", async () => {
    const v = await makeVariant({ USD: 60000n, EUR: 60000n }, { loc_de_fra: 5 });
    const at = { name: "Karl Huber", line1: "Ring 2", city: "Wien", postalCode: "1010", country: "AT" };
    const p = await priceCart(await cartWith("de-de", [[v, 1]], at));
    expect(p.lines[0]!.taxRegime).toBe("intra_eu");
    expect(p.tax.notices).toEqual([]);
    expect(p.tax.taxLines.find((t) => t.lineId === p.lines[0]!.id)).toMatchObject({ jurisdiction: "AT", rateBp: 2000, amount: 10000n }); // 600 × 20/120
  });
});

describe("reconciliation in tax-exclusive multi-rate markets and zero/three-decimal currencies", () => {
  it("Québec: C$100.00 + GST 5% (5.00) + QST 9.975% (9.975 → 9.98) = C$114.98, shown as 9.975%", async () => {
    await freeShipping("en-ca");
    const v = await makeVariant({ USD: 7300n, CAD: 10000n }, { loc_us_lax: 10 });
    const cart = await cartWith("en-ca", [[v, 1]], ADDRESSES.CA!);
    const view = toCartView(await priceCart(cart));
    expect(view.taxLines.map((t) => [t.name, t.rate, t.amount.amount])).toEqual([
      ["GST", "5", "5.00"],
      ["QST", "9.975", "9.98"], // Revenu Québec: QST 9.975%
    ]);
    expect(view.totals.total.amount).toBe("114.98");
    expect(visibleRowsSum(view)).toBe(11498n);
    expect(await expectOrderReconciles(cart)).toBe(11498n);
    const d = await db.current.db.execute(sql`select rate_bp from order_tax_lines where name = 'QST'`);
    const rows = "rows" in (d as object) ? (d as unknown as { rows: { rate_bp: string }[] }).rows : (d as unknown as { rate_bp: string }[]);
    expect(rows.map((r) => Number(r.rate_bp))).toEqual([997.5]);
  });

  it("British Columbia: 3 × C$33.33 = C$99.99 + GST 5% (5.00) + PST 7% (7.00) = C$111.99", async () => {
    await freeShipping("en-ca");
    const v = await makeVariant({ USD: 2400n, CAD: 3333n }, { loc_us_lax: 10 });
    const bc = { ...ADDRESSES.CA!, city: "Vancouver", region: "BC", postalCode: "V6B 1A1" };
    const cart = await cartWith("en-ca", [[v, 3]], bc);
    const view = toCartView(await priceCart(cart));
    // 99.99 × 5% = 4.9995 → 5.00; 99.99 × 7% = 6.9993 → 7.00 (CRA GST; BC PST Act, 7%)
    expect(view.taxLines.map((t) => [t.name, t.rate, t.amount.amount])).toEqual([
      ["GST", "5", "5.00"],
      ["PST", "7", "7.00"],
    ]);
    expect(visibleRowsSum(view)).toBe(11199n);
    expect(await expectOrderReconciles(cart)).toBe(11199n);
  });

  it("KWD: 3 × 12.345 = 37.035 is charged as 37.030 (Stripe: multiples of 10 fils) and the order lines sum to it", async () => {
    await freeShipping("ar-kw");
    const v = await makeVariant({ USD: 4000n, KWD: 12345n }, { loc_cn_sz: 10 });
    const cart = await cartWith("ar-kw", [[v, 3]], ADDRESSES.KW!);
    const p = await priceCart(cart);
    expect(p.totals.total).toBe(37030n);
    expect(p.lines.reduce((a, l) => a + l.amount, 0n)).toBe(37030n);
    expect(visibleRowsSum(toCartView(p))).toBe(37030n);
    expect(await expectOrderReconciles(cart)).toBe(37030n);
  });

  it("JPY: 3 × ¥1,980 = ¥5,940 including 10% consumption tax of ¥540, no minor unit anywhere", async () => {
    await freeShipping("ja-jp");
    const v = await makeVariant({ USD: 1300n, JPY: 1980n }, { loc_cn_sz: 10 });
    const cart = await cartWith("ja-jp", [[v, 3]], ADDRESSES.JP!);
    const view = toCartView(await priceCart(cart));
    // 5,940 × 10/110 = 540 (NTA: consumption tax 10%)
    expect(view.taxLines.map((t) => [t.name, t.rate, t.amount.amount, t.included])).toEqual([["Consumption tax", "10", "540", true]]);
    expect(visibleRowsSum(view)).toBe(5940n);
    expect(await expectOrderReconciles(cart)).toBe(5940n);
  });

  it("Brazil (pt-br): R$249.90 contains import tax and ICMS collected at checkout (Remessa Conforme), not a generic 'tax included'", async () => {
    await freeShipping("pt-br");
    const v = await makeVariant({ USD: 4999n, BRL: 24990n }, { loc_cn_sz: 10 });
    const cart = await cartWith("pt-br", [[v, 1]], ADDRESSES.BR!);
    const p = await priceCart(cart);
    // ICMS 17% por dentro: value + II = 249.90 × 0.83 = 207.42; value = 207.42 / 1.2 = 172.85 (US$34.23 at 5.05 ≤ US$50)
    // → II 20% = 34.57 (Lei 14.902/2024, Portaria MF 612/2023 as amended); ICMS = 249.90 − 207.42 = 42.48
    expect(p.tax.taxLines.map((t) => [t.name, t.jurisdiction, t.rateBp, t.amount, t.included])).toEqual([
      ["Import tax", "BR", 2000, 3457n, true],
      ["ICMS", "BR-SP", 1700, 4248n, true],
    ]);
    expect(p.tax.notices).toEqual([{ code: "duties_and_taxes_prepaid" }]);
    expect(p.totals.total).toBe(24990n);
    expect(await expectOrderReconciles(cart)).toBe(24990n);
  });
});
