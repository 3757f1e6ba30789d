// Stock that agrees with itself: what the cart says is available is what payment reserves, and
// reservations lock inventory rows in one stable order. With DATABASE_URL the race runs on real
// parallel PostgreSQL connections; on PGlite (one connection) transactions run one after another.
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  inventoryLevelsTable,
  inventoryReservationsTable,
  variantPricesTable,
} from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { newId } from "~/lib/ids";
import {
  addLine,
  createCart,
  reloadCart,
  updateCartDetails,
  type CartRow,
} from "../cart/cart.server";
import { toCartView } from "../cart/cart-view.server";
import { priceCart } from "../cart/pricing.server";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { startPayment } from "../checkout/checkout.server";
import { getMarket } from "../markets/markets.server";
import { allocateLines } from "./allocation";
import { allocateCart } from "./inventory.server";
import { reserveStock } from "./reservations.server";

const db = useTestDatabase();
const DE = {
  name: "Anna Schmidt",
  line1: "Hauptstr. 1",
  city: "Berlin",
  postalCode: "10115",
  country: "DE",
};

async function makeVariant(stock: Record<string, number>): Promise<string> {
  const d = db.current.db;
  const result = await d.execute(
    sql`select id, product_id from product_variants order by id limit 1`,
  );
  const rows =
    "rows" in (result as object)
      ? (result as unknown as { rows: { product_id: string }[] }).rows
      : (result as unknown as { product_id: string }[]);
  const productId = rows[0]!.product_id;
  const id = newId("var");
  await d.execute(
    sql`insert into product_variants (id, product_id, sku, position, options, weight_grams) values (${id}, ${productId}, ${id.toUpperCase()}, 99, '{}'::jsonb, 100)`,
  );
  await d.insert(variantPricesTable).values([
    { variantId: id, currency: "EUR", amount: 1000n },
    { variantId: id, currency: "USD", amount: 1100n },
  ]);
  for (const [locationId, onHand] of Object.entries(stock))
    await d
      .insert(inventoryLevelsTable)
      .values({ variantId: id, locationId, onHand, reserved: 0 });
  await refreshMarketPrices([productId]);
  return id;
}

async function cartFor(lines: [string, number][]): Promise<CartRow> {
  const { cart } = await createCart((await getMarket("de-de"))!);
  for (const [v, q] of lines) await addLine(cart, v, q);
  await updateCartDetails(cart, {
    email: "shopper@example.com",
    shippingAddress: DE as CartRow["shippingAddress"],
  });
  const priced = await priceCart(await reloadCart(cart));
  await updateCartDetails(cart, {
    shippingMethod: priced.shippingQuotes.find((q) => q.method !== "local")!
      .method,
  });
  return reloadCart(cart);
}

async function levels(variantIds: string[]) {
  const rows = await db.current.db
    .select()
    .from(inventoryLevelsTable)
    .where(inArray(inventoryLevelsTable.variantId, variantIds));
  return Object.fromEntries(
    rows.map((r) => [
      `${r.variantId}@${r.locationId}`,
      { onHand: r.onHand, reserved: r.reserved },
    ]),
  );
}

describe("allocateLines", () => {
  it("keeps a line in one warehouse when one holds all of it, and splits it in rank order otherwise", () => {
    const stock = new Map([
      [
        "v",
        new Map([
          ["fra", 62],
          ["sz", 30],
        ]),
      ],
    ]);
    expect(
      allocateLines(
        [
          {
            lineId: "a",
            variantId: "v",
            quantity: 10,
            locations: ["fra", "sz"],
          },
        ],
        stock,
      )[0]!.parts,
    ).toEqual([{ locationId: "fra", quantity: 10 }]);
    expect(
      allocateLines(
        [
          {
            lineId: "a",
            variantId: "v",
            quantity: 40,
            locations: ["sz", "fra"],
          },
        ],
        stock,
      )[0]!.parts,
    ).toEqual([{ locationId: "fra", quantity: 40 }]);
    expect(
      allocateLines(
        [
          {
            lineId: "a",
            variantId: "v",
            quantity: 90,
            locations: ["fra", "sz"],
          },
        ],
        stock,
      )[0],
    ).toMatchObject({
      parts: [
        { locationId: "fra", quantity: 62 },
        { locationId: "sz", quantity: 28 },
      ],
      shortBy: 0,
    });
    expect(
      allocateLines(
        [
          {
            lineId: "a",
            variantId: "v",
            quantity: 93,
            locations: ["fra", "sz"],
          },
        ],
        stock,
      )[0]!.shortBy,
    ).toBe(1);
  });
  it("lines of the same variant draw on the same stock", () => {
    const stock = new Map([["v", new Map([["fra", 5]])]]);
    const [a, b] = allocateLines(
      [
        { lineId: "a", variantId: "v", quantity: 4, locations: ["fra"] },
        { lineId: "b", variantId: "v", quantity: 4, locations: ["fra"] },
      ],
      stock,
    );
    expect(a!.shortBy).toBe(0);
    expect(b!.shortBy).toBe(3);
  });
});

describe("availability the payment can reserve", () => {
  it("62 units in Frankfurt and 30 in Shenzhen, a cart of 90 to Germany: the cart offers 92 and payment reserves 62 + 28", async () => {
    const v = await makeVariant({ loc_de_fra: 62, loc_cn_sz: 30 });
    const cart = await cartFor([[v, 90]]);
    const view = toCartView(await priceCart(cart));
    expect(view.lines[0]!.quantityAvailable).toBe(92);

    const started = await startPayment(cart, { origin: "http://shop.test" });
    const reservations = await db.current.db
      .select()
      .from(inventoryReservationsTable)
      .where(eq(inventoryReservationsTable.paymentId, started.payment.id));
    expect(reservations.map((r) => [r.locationId, r.quantity]).sort()).toEqual([
      ["loc_cn_sz", 28],
      ["loc_de_fra", 62],
    ]);
    expect(await levels([v])).toEqual({
      [`${v}@loc_de_fra`]: { onHand: 62, reserved: 62 },
      [`${v}@loc_cn_sz`]: { onHand: 30, reserved: 28 },
    });
  });

  it("allocateCart tells where each line ships from, one shipment per warehouse with its own delivery window", async () => {
    const v = await makeVariant({ loc_de_fra: 62, loc_cn_sz: 30 });
    const w = await makeVariant({ loc_cn_sz: 5 });
    // Monday 2 March 2026, express (3–7 transit days): Frankfurt → DE is 1 handling + 3–7 (the service is
    // slower than its 1–3 lane), Shenzhen → DE 2 + 7–12 (its lane is slower than the service) (db/seed).
    const now = new Date("2026-03-02T10:00:00Z");
    const result = await allocateCart(
      [
        { lineId: "l1", variantId: v, quantity: 90 },
        { lineId: "l2", variantId: w, quantity: 2 },
      ],
      "DE",
      { now, service: { minDays: 3, maxDays: 7 } },
    );
    expect(result.lines.map((l) => [l.lineId, l.parts, l.shortBy])).toEqual([
      [
        "l1",
        [
          { locationId: "loc_de_fra", quantity: 62 },
          { locationId: "loc_cn_sz", quantity: 28 },
        ],
        0,
      ],
      ["l2", [{ locationId: "loc_cn_sz", quantity: 2 }], 0],
    ]);
    expect(
      result.shipments.map((s) => [
        s.locationId,
        s.lines.map((l) => `${l.lineId}×${l.quantity}`),
        s.earliest.toISOString().slice(0, 10),
        s.latest.toISOString().slice(0, 10),
      ]),
    ).toEqual([
      ["loc_de_fra", ["l1×62"], "2026-03-06", "2026-03-12"],
      ["loc_cn_sz", ["l1×28", "l2×2"], "2026-03-13", "2026-03-20"],
    ]);
  });
});

describe("lock order", () => {
  it("two carts holding the same two variants in opposite orders never deadlock, even when their reservations interleave", async () => {
    const [v1, v2] = [
      await makeVariant({ loc_cn_sz: 10 }),
      await makeVariant({ loc_cn_sz: 10 }),
    ].sort();
    const expires = new Date(Date.now() + 60_000);
    const at = ["loc_cn_sz"];
    const d = db.current.db;
    let otherCart: Promise<unknown> = Promise.resolve();
    // Cart A = [v1, v2] has taken v1 when cart B = [v2, v1] starts; only then does A reach v2.
    const first = d.transaction(async (tx) => {
      await reserveStock(
        tx,
        "pay_a",
        [{ variantId: v1!, quantity: 1, locations: at }],
        expires,
      );
      otherCart = d.transaction((txB) =>
        reserveStock(
          txB,
          "pay_b",
          [
            { variantId: v2!, quantity: 1, locations: at },
            { variantId: v1!, quantity: 1, locations: at },
          ],
          expires,
        ),
      );
      otherCart.catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      await reserveStock(
        tx,
        "pay_a",
        [{ variantId: v2!, quantity: 1, locations: at }],
        expires,
      );
    });
    const results = await Promise.allSettled([
      first,
      (async () => {
        await first.catch(() => {});
        return otherCart;
      })(),
    ]);
    expect(
      results.map((r) =>
        r.status === "rejected" ? String((r.reason as Error).message) : "ok",
      ),
    ).toEqual(["ok", "ok"]);
    expect(await levels([v1!, v2!])).toEqual({
      [`${v1}@loc_cn_sz`]: { onHand: 10, reserved: 2 },
      [`${v2}@loc_cn_sz`]: { onHand: 10, reserved: 2 },
    });
  });

  it("20 concurrent checkouts of two-line carts in opposite line orders all reserve, none fails", async () => {
    const [v1, v2] = [
      await makeVariant({ loc_cn_sz: 100 }),
      await makeVariant({ loc_cn_sz: 100 }),
    ];
    const carts: CartRow[] = [];
    for (let i = 0; i < 20; i++)
      carts.push(
        await cartFor(
          i % 2
            ? [
                [v1!, 1],
                [v2!, 1],
              ]
            : [
                [v2!, 1],
                [v1!, 1],
              ],
        ),
      );
    const results = await Promise.allSettled(
      carts.map((c) => startPayment(c, { origin: "http://shop.test" })),
    );
    expect(
      results
        .filter((r) => r.status === "rejected")
        .map((r) => String((r as PromiseRejectedResult).reason)),
    ).toEqual([]);
    const held = await db.current.db
      .select({
        n: sql<number>`sum(${inventoryReservationsTable.quantity})::int`,
      })
      .from(inventoryReservationsTable)
      .where(
        and(
          inArray(inventoryReservationsTable.variantId, [v1!, v2!]),
          eq(inventoryReservationsTable.status, "active"),
        ),
      );
    expect(held[0]!.n).toBe(40);
  });
});
