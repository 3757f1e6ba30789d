// Production-safe defaults: the demo provider, the demo payment page, order-status links, the proxy
// in front of the app, GET pages that never write, and cookies a client broke.
import express from "express";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { cartsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { readCookie } from "~/lib/cookies";
import { parseEnv, resetEnvForTests } from "~/lib/env.server";
import { isUserError } from "~/lib/errors";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import { applyProxySettings } from "~/lib/proxy.server";
import { loader as indexLoader } from "~/routes/_index";
import { loader as cartLoader } from "~/routes/market.cart";
import { loader as checkoutLoader } from "~/routes/market.checkout";
import {
  loader as demoPayLoader,
  action as demoPayAction,
} from "~/routes/market.pay.demo.$paymentId";
import {
  addLine,
  createCart,
  reloadCart,
  updateCartDetails,
} from "../cart/cart.server";
import { priceCart } from "../cart/pricing.server";
import { getMarket } from "../markets/markets.server";
import { getOrderForToken, orderAccessToken } from "../orders/orders.server";
import { getPaymentProvider } from "../payments/providers.server";
import { completePayment, startPayment } from "./checkout.server";

const db = useTestDatabase();
const ORIGIN = "http://shop.test";
const savedEnv = { ...process.env };
afterEach(() => {
  for (const k of [
    "HARBOR_DEMO_PAYMENTS",
    "ORDER_LINK_TTL_DAYS",
    "DATABASE_URL",
  ]) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetEnvForTests();
});

async function cartReadyToPay() {
  const market = (await getMarket("de-de"))!;
  const { cart, token } = await createCart(market);
  const [row] = await db.current.db
    .execute<{ id: string }>(
      // any variant with stock in Frankfurt and a de-de price
      (await import("drizzle-orm"))
        .sql`select l.variant_id as id from inventory_levels l join market_prices p on p.variant_id = l.variant_id where l.location_id = 'loc_de_fra' and l.on_hand - l.reserved > 5 and p.market = 'de-de' limit 1`,
    )
    .then((r) =>
      "rows" in (r as object)
        ? (r as unknown as { rows: { id: string }[] }).rows
        : (r as unknown as { id: string }[]),
    );
  await addLine(cart, row!.id, 1);
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
  return {
    cart: await reloadCart(cart),
    cookie: `harbor_cart=${encodeURIComponent(`${cart.id}.${token}`)}`,
  };
}

describe("demo payments", () => {
  it("the demo provider runs on the embedded database, and on PostgreSQL only with HARBOR_DEMO_PAYMENTS=1", () => {
    const pg = { DATABASE_URL: "postgres://db.internal/shop" };
    expect(getPaymentProvider(parseEnv({}).payments).name).toBe("demo");
    expect(
      getPaymentProvider(
        parseEnv({ ...pg, HARBOR_DEMO_PAYMENTS: "1" }).payments,
      ).name,
    ).toBe("demo");
    const refused = (() => {
      try {
        getPaymentProvider(parseEnv(pg).payments);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(
      isUserError(refused) &&
        refused.status === 409 &&
        refused.code === "payment_unavailable",
    ).toBe(true);
  });

  it("the demo payment page answers only the paying cart's cookie or its signed token", async () => {
    const { cart, cookie } = await cartReadyToPay();
    const started = await startPayment(cart, { origin: ORIGIN });
    const url = new URL(started.redirectUrl!, ORIGIN);
    const id = started.payment.id;
    const status = (p: Promise<unknown>) =>
      p.then(
        (r) => (r instanceof Response ? r.status : 200),
        (e: unknown) => (e instanceof Response ? e.status : -1),
      );
    const params = { market: "de-de", paymentId: id };
    // A stranger who learned the payment id: no cookie, no token, or a forged token.
    expect(
      await status(
        demoPayLoader({
          request: new Request(`${ORIGIN}/de-de/pay/demo/${id}`),
          params,
          context: {},
        }),
      ),
    ).toBe(404);
    expect(
      await status(
        demoPayLoader({
          request: new Request(`${ORIGIN}/de-de/pay/demo/${id}?token=forged`),
          params,
          context: {},
        }),
      ),
    ).toBe(404);
    const strangerPays = new Request(`${ORIGIN}/de-de/pay/demo/${id}`, {
      method: "POST",
      body: new URLSearchParams({ outcome: "succeed" }),
    });
    expect(
      await status(
        demoPayAction({ request: strangerPays, params, context: {} }),
      ),
    ).toBe(404);
    // The shopper: through the signed link (another browser) or with the cart cookie.
    expect(
      await status(
        demoPayLoader({ request: new Request(url), params, context: {} }),
      ),
    ).toBe(200);
    expect(
      await status(
        demoPayLoader({
          request: new Request(`${ORIGIN}/de-de/pay/demo/${id}`, {
            headers: { Cookie: cookie },
          }),
          params,
          context: {},
        }),
      ),
    ).toBe(200);
  });
});

describe("order-status links", () => {
  it("expire after ORDER_LINK_TTL_DAYS (default 90) and cannot be extended by editing the expiry", async () => {
    const { cart } = await cartReadyToPay();
    const started = await startPayment(cart, { origin: ORIGIN });
    const orderId = (await completePayment(started.payment.id, "succeeded"))!;
    const day = 86_400_000;
    const issued89DaysAgo = orderAccessToken(
      orderId,
      new Date(Date.now() - 89 * day),
    );
    const issued91DaysAgo = orderAccessToken(
      orderId,
      new Date(Date.now() - 91 * day),
    );
    expect((await getOrderForToken(orderId, issued89DaysAgo)).id).toBe(orderId);
    await expect(
      getOrderForToken(orderId, issued91DaysAgo),
    ).rejects.toMatchObject({ status: 404 });
    const [exp, sig] = issued91DaysAgo.split(".");
    await expect(
      getOrderForToken(orderId, `${Number(exp) + 10 * 86_400}.${sig}`),
    ).rejects.toMatchObject({ status: 404 });
    process.env.ORDER_LINK_TTL_DAYS = "1";
    resetEnvForTests();
    await expect(
      getOrderForToken(
        orderId,
        orderAccessToken(orderId, new Date(Date.now() - 2 * day)),
      ),
    ).rejects.toMatchObject({ status: 404 });
    expect(
      (await getOrderForToken(orderId, orderAccessToken(orderId))).id,
    ).toBe(orderId);
  });
});

describe("TRUST_PROXY", () => {
  async function probe(
    trust: number | string[] | false,
    headers: Record<string, string>,
  ) {
    const app = express();
    applyProxySettings(app, trust);
    app.get("/", (req, res) =>
      res.json({
        ip: req.headers[CLIENT_IP_HEADER],
        protocol: req.protocol,
        host: req.hostname,
      }),
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const res = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        { headers },
      );
      return (await res.json()) as {
        ip: string;
        protocol: string;
        host: string;
      };
    } finally {
      server.close();
    }
  }
  const forwarded = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "shop.example.com",
    [CLIENT_IP_HEADER]: "6.6.6.6",
  };

  it("without it, X-Forwarded-* and a client-sent IP header are ignored", async () => {
    expect(await probe(false, forwarded)).toEqual({
      ip: "127.0.0.1",
      protocol: "http",
      host: "127.0.0.1",
    });
  });
  it("with the proxy configured, the client's IP, https and the public host come from the proxy", async () => {
    expect(await probe(["loopback"], forwarded)).toEqual({
      ip: "203.0.113.9",
      protocol: "https",
      host: "shop.example.com",
    });
    expect(await probe(1, forwarded)).toEqual({
      ip: "203.0.113.9",
      protocol: "https",
      host: "shop.example.com",
    });
  });
  it("refuses a value that would trust every sender", () => {
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
    expect(
      parseEnv({ TRUST_PROXY: "10.0.0.0/8, loopback" }).server.trustProxy,
    ).toEqual(["10.0.0.0/8", "loopback"]);
  });
});

describe("GET pages never change the cart", () => {
  it("opening /en-us/cart and /en-us/checkout with a de-de cart leaves the cart in de-de, unchanged", async () => {
    const { cart, cookie } = await cartReadyToPay();
    const before = (
      await db.current.db
        .select()
        .from(cartsTable)
        .where(eq(cartsTable.id, cart.id))
    )[0]!;
    const get = (path: string) =>
      new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } });
    const page = (await cartLoader({
      request: get("/en-us/cart"),
      params: { market: "en-us" },
      context: {},
    })) as unknown as {
      data: {
        cart: unknown;
        marketError: string | null;
        otherMarket: string | null;
      };
    };
    expect(page.data).toMatchObject({
      cart: null,
      marketError: "cart_in_other_market",
      otherMarket: "de-de",
    });
    const redirect = await checkoutLoader({
      request: get("/en-us/checkout"),
      params: { market: "en-us" },
      context: {},
    }).catch((e: unknown) => e);
    expect(
      redirect instanceof Response && redirect.headers.get("Location"),
    ).toBe("/en-us/cart");
    const after = (
      await db.current.db
        .select()
        .from(cartsTable)
        .where(eq(cartsTable.id, cart.id))
    )[0]!;
    expect(after).toEqual(before);
  });
});

describe("malformed cookies", () => {
  const broken = [
    "harbor_cart=%E0%A4%A",
    "harbor_cart=%",
    "harbor_market=%ZZ; harbor_cart=..",
    "harbor_cart=a.b.c.%C3%28",
  ];
  it("are ignored by the cookie reader", () => {
    expect(readCookie("harbor_cart=%E0%A4%A", "harbor_cart")).toBeUndefined();
    expect(readCookie("harbor_market=%ZZ", "harbor_market")).toBeUndefined();
    expect(readCookie("harbor_cart=abc.def", "harbor_cart")).toBe("abc.def");
  });
  it.each(broken)(
    "the cart page, checkout and the market redirect answer %s without a 500",
    async (cookie) => {
      const get = (path: string) =>
        new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } });
      const cartPage = (await cartLoader({
        request: get("/de-de/cart"),
        params: { market: "de-de" },
        context: {},
      })) as unknown as { data: { cart: unknown } };
      expect(cartPage.data.cart).toBeNull();
      const checkout = await checkoutLoader({
        request: get("/de-de/checkout"),
        params: { market: "de-de" },
        context: {},
      }).catch((e: unknown) => e);
      expect(checkout instanceof Response && checkout.status).toBe(302);
      const home = await indexLoader({
        request: get("/"),
        params: {},
        context: {},
      });
      expect(home.status).toBe(302);
    },
  );
});
