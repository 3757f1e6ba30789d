import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { detailsFormSchema, ShippingMethodForm } from "./checkout-form";

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
};

const jp = { intent: "details", email: "hanako@example.jp", country: "JP", name: "山田 花子", postalCode: "１０００００１", region: "東京都", city: "千代田区", line1: "千代田1-1" };

describe("checkout details form", () => {
  it("validates contact and address together with the country's rules, normalizing the address", () => {
    const r = parseWithZod(form(jp), { schema: detailsFormSchema("JP", ["JP"]) });
    expect(r.status).toBe("success");
    if (r.status !== "success") return;
    expect(r.value.postalCode).toBe("100-0001"); // JP postal codes are NNN-NNNN (Japan Post)
    expect(r.value.region).toBe("13"); // JIS X 0401 code for Tokyo
    expect(r.value.email).toBe("hanako@example.jp");
  });

  it("reports every field's problem at once, as message keys", () => {
    const r = parseWithZod(form({ intent: "details", email: "not-an-address", country: "US", name: "", line1: "1 Main St", city: "New York", region: "Narnia", postalCode: "1234" }), {
      schema: detailsFormSchema("US", ["US"]),
    });
    expect(r.status).toBe("error");
    expect(r.reply().error).toMatchObject({
      email: ["checkout.errors.email"],
      name: ["address.errors.required"],
      region: ["address.errors.regionInvalid"],
      postalCode: ["address.errors.postalCodeFormat"],
    });
  });

  it("refuses a country outside the market's ship-to list", () => {
    const r = parseWithZod(form(jp), { schema: detailsFormSchema("JP", ["US", "CA"]) });
    expect(r.reply().error?.country).toEqual(["address.errors.countryNotServed"]);
  });

  it("asks for a shipping method when none is chosen", () => {
    expect(parseWithZod(form({ intent: "shipping" }), { schema: ShippingMethodForm }).reply().error?.method).toEqual(["checkout.errors.method"]);
    expect(parseWithZod(form({ intent: "shipping", method: "express" }), { schema: ShippingMethodForm }).status).toBe("success");
  });
});
