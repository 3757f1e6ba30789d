import { describe, expect, it } from "vitest";
import { pageTitle, titleMeta } from "./seo";

describe("page titles", () => {
  it("names the store once", () => {
    expect(pageTitle("Warenkorb", "Kiln & Loom")).toBe("Warenkorb | Kiln & Loom");
    // A merchant's SEO title that already carries the brand (the demo seed's "… · Kiln & Loom").
    expect(pageTitle("Jun Glaze Teacup · Kiln & Loom", "Kiln & Loom")).toBe("Jun Glaze Teacup · Kiln & Loom");
    expect(pageTitle("", "Kiln & Loom")).toBe("Kiln & Loom");
  });

  it("takes the store name from the root loader's data", () => {
    expect(titleMeta("カート", [{ id: "root", data: { storeName: "Kiln & Loom" } }, { id: "routes/market", data: {} }])).toEqual({ title: "カート | Kiln & Loom" });
    expect(titleMeta("Cart", [])).toEqual({ title: "Cart" });
  });
});
