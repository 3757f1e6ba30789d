import { describe, expect, it } from "vitest";
import { demoLocations } from "~db/seed/reference";
import { addBusinessDays, deliveryWindow } from "./delivery";

const locations = demoLocations.map((l) => ({ id: l.id, country: l.country, handlingDays: l.handlingDays ?? 1, lanes: l.lanes }));
const monday = new Date("2026-03-02T10:00:00Z");
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe("delivery estimate", () => {
  it("skips weekends", () => {
    expect(iso(addBusinessDays(new Date("2026-03-06T10:00:00Z"), 1))).toBe("2026-03-09"); // Fri + 1 → Mon
    expect(iso(addBusinessDays(monday, 5))).toBe("2026-03-09");
  });
  // Seed (db/seed/reference.ts): Frankfurt handles in 1 business day, its lane to DE takes 1–3;
  // Shenzhen handles in 2, its lane to the rest of the world ("*") takes 7–12. Monday 2 March 2026.
  const at = (id: string) => locations.find((l) => l.id === id)!;
  it("a service slower than the lane sets the window: Frankfurt → DE by express (3–7) = 1 + 3 … 1 + 7 business days", () => {
    const w = deliveryWindow(at("loc_de_fra"), { minDays: 3, maxDays: 7 }, "DE", monday)!;
    expect(iso(w.earliest)).toBe("2026-03-06"); // Mon + 4 business days
    expect(iso(w.latest)).toBe("2026-03-12"); // Mon + 8
  });
  it("a lane slower than the service sets the window: Shenzhen → DE by express = 2 + 7 … 2 + 12", () => {
    const w = deliveryWindow(at("loc_cn_sz"), { minDays: 3, maxDays: 7 }, "DE", monday)!;
    expect(iso(w.earliest)).toBe("2026-03-13"); // Mon + 9
    expect(iso(w.latest)).toBe("2026-03-20"); // Mon + 14
  });
  it("the local service from Frankfurt to DE (1–3) travels in the lane's own 1–3 days", () => {
    const w = deliveryWindow(at("loc_de_fra"), { minDays: 1, maxDays: 3 }, "DE", monday)!;
    expect([iso(w.earliest), iso(w.latest)]).toEqual(["2026-03-04", "2026-03-06"]);
  });
  it("is null for a warehouse that cannot ship to the country", () => {
    expect(deliveryWindow(at("loc_us_lax"), { minDays: 3, maxDays: 7 }, "JP", monday)).toBeNull();
  });
});
