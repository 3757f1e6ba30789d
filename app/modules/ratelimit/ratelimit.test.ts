// Abuse limits: counted in the database so they hold across app processes, answered as 429 with
// Retry-After (RFC 6585 §4, RFC 9110 §10.2.3) in the API and as a localized message on pages.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "~db/index";
import {
  inventoryLevelsTable,
  inventoryReservationsTable,
  paymentsTable,
  variantPricesTable,
} from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import { createTranslator } from "~/lib/i18n.server";
import { isUserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { action as createCartAction } from "~/routes/api.v1.carts";
import { action as cartPageAction } from "~/routes/market.cart";
import {
  addLine,
  createCart,
  reloadCart,
  updateCartDetails,
  type CartRow,
} from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { startPayment } from "../checkout/checkout.server";
import { getMarket } from "../markets/markets.server";
import {
  hit,
  MAX_RESERVED_UNITS_PER_CART,
  RATE_LIMITS,
} from "./ratelimit.server";

const db = useTestDatabase();

describe("counters in the database", () => {
  it("a limit of 10 holds across two app instances (two database connections) hitting it at once", async () => {
    // On PostgreSQL a second pool stands for a second app process; PGlite has a single connection.
    const url = (db.current as { url?: string }).url;
    const other = url ? await createDb({ url, max: 3 }) : db.current;
    try {
      const rule = { name: "test_two_instances", limit: 10, windowSeconds: 60 };
      const now = new Date("2026-03-02T10:00:10Z");
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          hit(rule, "ip:203.0.113.7", {
            now,
            tx: (i % 2 ? other : db.current).db,
          }),
        ),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      // 10:00:10 in a 60 s window that started at 10:00:00 → 50 s to wait.
      expect(results.find((r) => !r.allowed)!.retryAfterSeconds).toBe(50);
      // The next window starts from zero.
      expect(
        (
          await hit(rule, "ip:203.0.113.7", {
            now: new Date("2026-03-02T10:01:00Z"),
          })
        ).hits,
      ).toBe(1);
    } finally {
      if (other !== db.current) await other.close();
    }
  });
});

const post = (
  url: string,
  ip: string,
  init: { json?: unknown; form?: Record<string, string>; cookie?: string } = {},
) =>
  new Request(url, {
    method: "POST",
    headers: {
      [CLIENT_IP_HEADER]: ip,
      ...(init.json ? { "Content-Type": "application/json" } : {}),
      ...(init.cookie ? { Cookie: init.cookie } : {}),
    },
    body: init.json
      ? JSON.stringify(init.json)
      : new URLSearchParams(init.form ?? {}),
  });

describe("API", () => {
  it("the 61st cart from one IP within ten minutes is 429 rate_limited with Retry-After; another IP is unaffected", async () => {
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < RATE_LIMITS.cartCreatePerIp.limit + 1; i++) {
      last = await createCartAction({
        request: post("http://localhost/api/v1/carts", "198.51.100.1", {
          json: { market: "de-de" },
        }),
        params: {},
        context: {},
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(last!.status).toBe(429);
    const retryAfter = Number(last!.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await last!.json()).toMatchObject({
      error: { code: "rate_limited" },
    });
    const elsewhere = await createCartAction({
      request: post("http://localhost/api/v1/carts", "198.51.100.2", {
        json: { market: "de-de" },
      }),
      params: {},
      context: {},
    });
    expect(elsewhere.status).toBe(201);
  });
});

describe("pages", () => {
  it("the 11th discount code attempt on one cart gets 429, Retry-After and the message in the shopper's language", async () => {
    const market = (await getMarket("de-de"))!;
    const { cart, token } = await createCart(market);
    const cookie = `harbor_cart=${encodeURIComponent(`${cart.id}.${token}`)}`;
    type Result = {
      data: { error: { code: string } | null };
      init: { status?: number; headers?: HeadersInit } | null;
    };
    let res: Result | null = null;
    for (let i = 0; i < RATE_LIMITS.discountCodePerCart.limit + 1; i++) {
      const request = post("http://localhost/de-de/cart", "198.51.100.3", {
        form: { intent: "discount", code: `GUESS${i}` },
        cookie,
      });
      res = (await cartPageAction({
        request,
        params: { market: "de-de" },
        context: {},
      })) as unknown as Result;
    }
    expect(res!.init?.status).toBe(429);
    expect(
      Number(new Headers(res!.init?.headers).get("Retry-After")),
    ).toBeGreaterThanOrEqual(1);
    expect(res!.data.error?.code).toBe("rate_limited");
    expect(createTranslator("de")("errors.rate_limited")).toBe(
      "Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.",
    );
  });
});

describe("stock held per cart", () => {
  async function variant(onHand: number): Promise<string> {
    const d = db.current.db;
    const result = await d.execute(
      sql`select product_id from product_variants order by id limit 1`,
    );
    const rows =
      "rows" in (result as object)
        ? (result as unknown as { rows: { product_id: string }[] }).rows
        : (result as unknown as { product_id: string }[]);
    const id = newId("var");
    await d.execute(
      sql`insert into product_variants (id, product_id, sku, position, options, weight_grams) values (${id}, ${rows[0]!.product_id}, ${id.toUpperCase()}, 99, '{}'::jsonb, 1)`,
    );
    await d
      .insert(variantPricesTable)
      .values({ variantId: id, currency: "EUR", amount: 100n });
    await d
      .insert(inventoryLevelsTable)
      .values({ variantId: id, locationId: "loc_de_fra", onHand, reserved: 0 });
    await refreshMarketPrices([rows[0]!.product_id]);
    return id;
  }
  async function readyCart(lines: [string, number][]): Promise<CartRow> {
    const { cart } = await createCart((await getMarket("de-de"))!);
    for (const [v, q] of lines) await addLine(cart, v, q);
    await updateCartDetails(cart, {
      email: "s@example.com",
      shippingAddress: {
        name: "A B",
        line1: "Hauptstr. 1",
        city: "Berlin",
        postalCode: "10115",
        country: "DE",
      },
    });
    const priced = await priceCart(await reloadCart(cart));
    await updateCartDetails(cart, {
      shippingMethod: priced.shippingQuotes.find((q) => q.method !== "local")!
        .method,
    });
    return reloadCart(cart);
  }

  it(`a cart cannot hold more than ${MAX_RESERVED_UNITS_PER_CART} units in reservations; nothing is reserved when refused`, async () => {
    const [a, b] = [await variant(500), await variant(500)];
    const cart = await readyCart([
      [a, 99],
      [b, 2],
    ]);
    const error = await startPayment(cart, {
      origin: "http://shop.test",
    }).catch((e: unknown) => e);
    expect(
      isUserError(error) &&
        error.status === 422 &&
        error.code === "too_many_units",
    ).toBe(true);
    const held = await db.current.db
      .select()
      .from(inventoryReservationsTable)
      .where(eq(inventoryReservationsTable.variantId, a));
    expect(held).toEqual([]);
    expect(
      await db.current.db
        .select()
        .from(paymentsTable)
        .where(eq(paymentsTable.cartId, cart.id)),
    ).toEqual([]);
  });

  it(`re-reserving for one cart is capped at ${RATE_LIMITS.reservationsPerCart.limit} a day`, async () => {
    const v = await variant(500);
    const cart = await readyCart([[v, 1]]);
    const outcomes: string[] = [];
    for (let q = 1; q <= RATE_LIMITS.reservationsPerCart.limit + 1; q++) {
      // Each changed quantity is a new checkout of the cart: the old reservation is released, a new one made.
      await db.current.db.execute(
        sql`update cart_lines set quantity = ${q} where cart_id = ${cart.id}`,
      );
      outcomes.push(
        await startPayment(await reloadCart(cart), {
          origin: "http://shop.test",
        }).then(
          () => "ok",
          (e: unknown) =>
            isUserError(e) ? `${e.status} ${e.code}` : String(e),
        ),
      );
    }
    expect(outcomes.slice(0, -1).every((o) => o === "ok")).toBe(true);
    expect(outcomes.at(-1)).toBe("429 rate_limited");
  });
});
