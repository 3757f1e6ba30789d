import { describe, expect, it } from "vitest";
import { isPageSlug, parseBlocks } from "./content";

describe("page bodies (plain text blocks)", () => {
  it("splits headings, paragraphs with kept line breaks, and lists", () => {
    const body = "## Who we are\nKiln & Loom GmbH\nBeispielstraße 12\n\n- first\n- second\nafter the list";
    expect(parseBlocks(body)).toEqual([
      { kind: "heading", text: "Who we are" },
      { kind: "paragraph", lines: ["Kiln & Loom GmbH", "Beispielstraße 12"] },
      { kind: "list", items: ["first", "second"] },
      { kind: "paragraph", lines: ["after the list"] },
    ]);
  });

  it("never turns markup into anything but text", () => {
    expect(parseBlocks("<script>alert(1)</script>")).toEqual([{ kind: "paragraph", lines: ["<script>alert(1)</script>"] }]);
  });

  it("accepts Windows line endings and blank-line runs", () => {
    expect(parseBlocks("a\r\n\r\n\r\nb")).toEqual([
      { kind: "paragraph", lines: ["a"] },
      { kind: "paragraph", lines: ["b"] },
    ]);
  });

  it("knows exactly the slugs other pages link to", () => {
    for (const s of ["shipping", "returns", "privacy", "terms", "contact", "legal-notice"]) expect(isPageSlug(s)).toBe(true);
    expect(isPageSlug("impressum")).toBe(false);
  });
});
