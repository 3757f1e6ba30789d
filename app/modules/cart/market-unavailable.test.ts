// A merchant switches a market off while shoppers still hold carts in it: those carts answer a
// 409 the API documents (and the page treats as "no cart"), never a 500.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { marketsTable } from "~db/schema/markets";
import { useTestDatabase } from "~db/testing";
import { action as createCartAction } from "~/routes/api.v1.carts";
import { loader as cartLoader } from "~/routes/api.v1.carts.$id";
import { invalidateStoreConfig } from "../markets/markets.server";

const db = useTestDatabase();

describe("a cart whose market was switched off", () => {
  it("answers 409 market_unavailable in the one error body, and works again when the market returns", async () => {
    const created = await createCartAction({
      request: new Request("http://localhost/api/v1/carts", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ market: "fr-fr" }) }),
      params: {},
      context: {},
    });
    expect(created.status).toBe(201);
    const cart = (await created.json()) as { id: string; token: string };
    const read = () =>
      cartLoader({ request: new Request(`http://localhost/api/v1/carts/${cart.id}`, { headers: { "X-Cart-Token": cart.token } }), params: { id: cart.id }, context: {} });

    await db.current.db.update(marketsTable).set({ enabled: false }).where(eq(marketsTable.handle, "fr-fr"));
    invalidateStoreConfig();
    try {
      const res = await read();
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: { code: "market_unavailable", message: expect.stringContaining("fr-fr"), field: "market" } });
    } finally {
      await db.current.db.update(marketsTable).set({ enabled: true }).where(eq(marketsTable.handle, "fr-fr"));
      invalidateStoreConfig();
    }
    expect((await read()).status).toBe(200);
  });
});
