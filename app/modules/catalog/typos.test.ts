import { describe, expect, it } from "vitest";
import { latinWords, osaDistance, typoBudget } from "./typos";

describe("typo rules", () => {
  // Algolia "minWordSizefor1Typo" = 4 → 5+ letters, "minWordSizefor2Typos" = 8 → 9+ letters (issue #7).
  it("allows one typo from 5 letters and two from 9 letters, none in non-Latin scripts", () => {
    expect(typoBudget("tass")).toBe(0);
    expect(typoBudget("tasse")).toBe(1);
    expect(typoBudget("teekanne")).toBe(1);
    expect(typoBudget("teeschale")).toBe(2);
    expect(typoBudget("théière")).toBe(1);
    expect(typoBudget("急須急須急須急須急須")).toBe(0);
  });

  it("counts insertion, deletion, substitution and an adjacent swap as one edit each", () => {
    expect(osaDistance("teeschale", "teeschale")).toBe(0);
    expect(osaDistance("teeschale", "teesschale")).toBe(1); // insertion
    expect(osaDistance("teeschale", "teschale")).toBe(1); // deletion
    expect(osaDistance("teeschale", "teeschsle")).toBe(1); // substitution
    expect(osaDistance("teeschale", "tesechale")).toBe(1); // swapped "es" → "se"
    expect(osaDistance("ca", "abc")).toBe(3); // OSA, not unrestricted Damerau (which says 2)
    expect(osaDistance("teeschale", "tesechalle")).toBe(2);
  });

  it("stops early once the distance exceeds the budget", () => {
    expect(osaDistance("teapot", "saucepan", 1)).toBe(2);
    expect(osaDistance("a", "abcdef", 2)).toBe(3);
  });

  it("splits text into lowercase Latin words", () => {
    expect(latinWords("Teeschale aus Porzellan, 急須 — Thé")).toEqual(["teeschale", "aus", "porzellan", "thé"]);
  });
});
