// Refusals on storefront pages are worded from their code and details in the page's language; the
// server's English `message` (meant for API clients) must never reach a German, Japanese or Arabic page.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { isUserError, type UserError } from "~/lib/errors";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import { createTranslator } from "~/lib/i18n.server";
import { addLine, createCart } from "~/modules/cart/cart.server";
import { startPayment } from "~/modules/checkout/checkout.server";
import { getMarket } from "~/modules/markets/markets.server";
import { action as cartPageAction } from "~/routes/market.cart";
import { userErrorMessage } from "./user-error-message";

const db = useTestDatabase();
const de = createTranslator("de", "de-DE");
const ja = createTranslator("ja", "ja-JP");
const ar = createTranslator("ar", "ar-AE");

describe("userErrorMessage", () => {
  it("words stock refusals with the count the server sends, in the page's language", () => {
    const english = "Only 3 left in stock.";
    expect(userErrorMessage(de, { code: "insufficient_stock", message: english, details: { available: 3 } })).toBe("Nur noch 3 Stück auf Lager.");
    expect(userErrorMessage(de, { code: "insufficient_stock", message: "This item is sold out.", details: { available: 0 } })).toBe("Dieser Artikel ist ausverkauft.");
    expect(userErrorMessage(ja, { code: "insufficient_stock", message: english, details: { available: 3 } })).toBe("在庫は残り3点です。");
    // Arabic needs the dual for 2 (CLDR plural rules for ar: one, two, few 3–10, many 11–99).
    expect(userErrorMessage(ar, { code: "insufficient_stock", message: "", details: { available: 2 } })).toBe("تبقّت قطعتان فقط في المخزون.");
    expect(userErrorMessage(ar, { code: "insufficient_stock", message: "", details: { available: 5 } })).toContain("قطع");
    // A checkout names the line.
    expect(userErrorMessage(de, { code: "insufficient_stock", message: "Teekanne: only 1 left.", details: { lineId: "cl_1", title: "Teekanne", available: 1 } })).toBe(
      "Teekanne: nur noch 1 Stück verfügbar.",
    );
    // Reserving stock at payment names no count: the general wording, never the English message.
    expect(userErrorMessage(de, { code: "insufficient_stock", message: "Some items just sold out. Please review your cart.", details: { variantId: "v" } })).toBe(
      "Einige Artikel sind gerade ausverkauft. Bitte prüfen Sie Ihren Warenkorb.",
    );
  });

  it("words the quantity and line limits with the limit the server sends", () => {
    expect(userErrorMessage(de, { code: "invalid_quantity", message: "At most 99 of one item per order.", details: { max: 99 } })).toBe(
      "Höchstens 99 Stück eines Artikels pro Bestellung.",
    );
    expect(userErrorMessage(de, { code: "too_many_lines", message: "A cart holds at most 100 different items.", details: { max: 100 } })).toBe(
      "Ein Warenkorb fasst höchstens 100 verschiedene Artikel.",
    );
    expect(userErrorMessage(de, { code: "invalid_quantity", message: "x", details: null })).toBe("Bitte geben Sie eine gültige Menge ein.");
    expect(userErrorMessage(de, { code: "currency_not_enabled", message: "The Deutschland market sells in EUR, not USD." })).toBe(
      "Dieser Shop verkauft nicht in dieser Währung.",
    );
  });

  it("translates a form check's message key and shows an unknown code as its key", () => {
    expect(userErrorMessage(de, { code: "invalid_input", message: "errors.cart_empty" })).toBe("Bitte überprüfen Sie Ihre Eingabe: Ihr Warenkorb ist leer.");
    expect(userErrorMessage(de, { code: "rate_limited", message: "Too many requests." })).toBe(de("errors.rate_limited"));
    expect(userErrorMessage(de, { code: "no_such_code", message: "English" })).toBe("errors.no_such_code");
  });
});

/** A de-de variant whose sellable stock is exactly `units`, all of it in the Frankfurt warehouse. */
async function variantWithStock(units: number, variantId?: string): Promise<string> {
  const rows = (r: unknown) => ("rows" in (r as object) ? (r as { rows: { id: string }[] }).rows : (r as { id: string }[]));
  const id =
    variantId ??
    rows(
      await db.current.db.execute(
        sql`select l.variant_id as id from inventory_levels l join market_prices p on p.variant_id = l.variant_id where l.location_id = 'loc_de_fra' and p.market = 'de-de' order by l.variant_id limit 1`,
      ),
    )[0]!.id;
  await db.current.db.execute(sql`update inventory_levels set on_hand = reserved where variant_id = ${id}`);
  await db.current.db.execute(sql`update inventory_levels set on_hand = reserved + ${units} where variant_id = ${id} and location_id = 'loc_de_fra'`);
  return id;
}

describe("the storefront's refusals reach the page in its language", () => {
  it("adding more than the stock on the German cart page answers 409 with the count, worded in German", async () => {
    const variantId = await variantWithStock(3);
    const request = new Request("http://localhost/de-de/cart", {
      method: "POST",
      headers: { [CLIENT_IP_HEADER]: "198.51.100.40" },
      body: new URLSearchParams({ intent: "add", variantId, quantity: "5" }),
    });
    type Result = { data: { error: { code: string; message: string; details?: unknown } | null }; init: { status?: number } | null };
    const res = (await cartPageAction({ request, params: { market: "de-de" }, context: {} })) as unknown as Result;
    expect(res.init?.status).toBe(409);
    expect(res.data.error).toMatchObject({ code: "insufficient_stock", details: { available: 3 } });
    const shown = userErrorMessage(de, res.data.error!);
    expect(shown).toBe("Nur noch 3 Stück auf Lager.");
    expect(shown).not.toContain(res.data.error!.message);
  });

  it("the cart refuses a line above the per-item limit with the limit in the details", async () => {
    const market = (await getMarket("de-de"))!;
    const { cart } = await createCart(market);
    const variantId = await variantWithStock(500);
    await addLine(cart, variantId, 60);
    const refused = await addLine(cart, variantId, 60).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUserError(refused) && refused.code).toBe("invalid_quantity");
    expect((refused as UserError).details).toEqual({ max: 99 });
    expect(userErrorMessage(de, { code: "invalid_quantity", message: (refused as UserError).message, details: (refused as UserError).details })).toBe(
      "Höchstens 99 Stück eines Artikels pro Bestellung.",
    );
  });

  it("a checkout whose line lost stock names the line and what is left", async () => {
    const market = (await getMarket("de-de"))!;
    const { cart } = await createCart(market);
    const variantId = await variantWithStock(3);
    await addLine(cart, variantId, 3);
    await variantWithStock(1, variantId);
    const refused = await startPayment(cart, { origin: "http://localhost" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUserError(refused) && refused.code).toBe("insufficient_stock");
    const details = (refused as UserError).details as { title: string; available: number };
    expect(details).toMatchObject({ available: 1, title: expect.any(String) });
    expect(userErrorMessage(de, { code: "insufficient_stock", message: (refused as UserError).message, details })).toBe(`${details.title}: nur noch 1 Stück verfügbar.`);
  });
});
