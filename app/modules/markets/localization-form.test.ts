import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { LocalizationForm } from "./localization-form";

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
};

describe("localization form", () => {
  it("takes an ISO 3166-1 alpha-2 country and an ISO 639-1 language", () => {
    const r = parseWithZod(form({ country: "JP", language: "ja", redirectTo: "/en-us/cart" }), { schema: LocalizationForm });
    expect(r.status === "success" && r.value).toEqual({ country: "JP", language: "ja", redirectTo: "/en-us/cart" });
  });

  it("names each missing or malformed choice with a message key", () => {
    const r = parseWithZod(form({ country: "Japan", language: "" }), { schema: LocalizationForm });
    expect(r.reply().error).toMatchObject({ country: ["localization.errors.country"], language: ["localization.errors.language"] });
  });
});
