import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { productVariantsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { getMarket } from "../markets/markets.server";
import { getProductByHandle, getProductById } from "./catalog.server";
import { getVariantSaleStatus, loadPricedVariants } from "./priced-variants.server";

const db = useTestDatabase();

async function market(handle: string) {
  const m = await getMarket(handle);
  if (!m) throw new Error(`no market ${handle}`);
  return m;
}

describe("loadPricedVariants (the cart's read of the catalog)", () => {
  it("agrees with the product page: title, handle, option labels and shelf price in the market's language and currency", async () => {
    const de = await market("de-de");
    const found = await getProductByHandle(de, "reisschale-blau-weiss");
    if (found.kind !== "found") throw new Error("demo product missing");
    const product = found.product;
    const priced = await loadPricedVariants(
      de,
      product.variants.map((v) => v.id),
    );
    expect(priced.size).toBe(product.variants.length);
    for (const v of product.variants) {
      const p = priced.get(v.id)!;
      expect(p).toMatchObject({ productId: product.id, sku: v.sku, handle: product.handle, title: product.title, variantTitle: v.title, status: "active" });
      expect(p.price).toBe(v.price.amount);
      expect(p.imageUrl).toBe(product.images[0]!.url);
    }
  });

  it("leaves out variants that do not exist", async () => {
    const priced = await loadPricedVariants(await market("en-us"), ["var_does_not_exist"]);
    expect(priced.size).toBe(0);
  });
});

describe("getVariantSaleStatus", () => {
  it("reports a draft product's variant as draft, so a cart refuses it", async () => {
    const [variant] = await db.current.db
      .select({ id: productVariantsTable.id })
      .from(productVariantsTable)
      .where(eq(productVariantsTable.productId, "prod_eggshell_porcelain_table_lamp"));
    const status = await getVariantSaleStatus(await market("en-us"), [variant!.id, "var_does_not_exist"]);
    expect(status.get(variant!.id)?.status).toBe("draft");
    expect(status.has("var_does_not_exist")).toBe(false);
  });

  it("gives the market's shelf price of an active variant", async () => {
    const jp = await market("ja-jp");
    const product = await getProductById(jp, "prod_blue_white_rice_bowl");
    const v = product!.variants[0]!;
    expect(v.price.currency).toBe("JPY");
    expect((await getVariantSaleStatus(jp, [v.id])).get(v.id)).toEqual({ status: "active", releasedAt: null, price: v.price.amount });
  });
});
