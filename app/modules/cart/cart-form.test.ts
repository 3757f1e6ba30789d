import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { CartPageAction, DiscountCodeForm, UpdateLineForm } from "./cart-form";

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
};

describe("cart forms", () => {
  it("trims the discount code like the cart API and asks for one when it is blank", () => {
    const ok = parseWithZod(form({ intent: "discount", code: "  welcome10 " }), { schema: DiscountCodeForm });
    expect(ok.status).toBe("success");
    expect(ok.status === "success" && ok.value.code).toBe("welcome10");
    const blank = parseWithZod(form({ intent: "discount", code: "   " }), { schema: DiscountCodeForm });
    expect(blank.status).toBe("error");
    expect(blank.reply().error?.code).toEqual(["cart.errors.codeRequired"]);
    const long = parseWithZod(form({ intent: "discount", code: "X".repeat(65) }), { schema: DiscountCodeForm });
    expect(long.reply().error?.code).toEqual(["cart.errors.codeTooLong"]);
  });

  it("accepts quantities 0–99 on a line (0 removes it) and names the field otherwise", () => {
    for (const quantity of ["0", "7", "99"]) {
      expect(parseWithZod(form({ intent: "update", lineId: "line_1", quantity }), { schema: UpdateLineForm }).status).toBe("success");
    }
    for (const quantity of ["-1", "100", "1.5", "abc", ""]) {
      const r = parseWithZod(form({ intent: "update", lineId: "line_1", quantity }), { schema: UpdateLineForm });
      expect(r.reply().error?.quantity, quantity).toEqual(["cart.errors.quantity"]);
    }
  });

  it("tells the page's forms apart by intent, and adds one item when no quantity is sent", () => {
    const add = parseWithZod(form({ intent: "add", variantId: "var_1" }), { schema: CartPageAction });
    // Without `then` (a form posted without JavaScript) the shopper goes on to the cart page.
    expect(add.status === "success" && add.value).toEqual({ intent: "add", variantId: "var_1", quantity: 1, then: "cart" });
    const stay = parseWithZod(form({ intent: "add", variantId: "var_1", then: "stay" }), { schema: CartPageAction });
    expect(stay.status === "success" && stay.value).toMatchObject({ then: "stay" });
    const remove = parseWithZod(form({ intent: "remove", lineId: "line_1" }), { schema: CartPageAction });
    expect(remove.status === "success" && remove.value).toEqual({ intent: "remove", lineId: "line_1" });
    expect(parseWithZod(form({ intent: "explode" }), { schema: CartPageAction }).status).toBe("error");
  });
});
