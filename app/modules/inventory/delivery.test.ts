import { describe, expect, it } from "vitest";
import { demoLocations } from "~db/seed/reference";
import { addBusinessDays, estimateDelivery } from "./delivery";

const locations = demoLocations.map((l) => ({ id: l.id, country: l.country, handlingDays: l.handlingDays ?? 1, lanes: l.lanes }));
const monday = new Date("2026-03-02T10:00:00Z");
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe("delivery estimate", () => {
  it("skips weekends", () => {
    expect(iso(addBusinessDays(new Date("2026-03-06T10:00:00Z"), 1))).toBe("2026-03-09"); // Fri + 1 → Mon
    expect(iso(addBusinessDays(monday, 5))).toBe("2026-03-09");
  });
  it("ships from the overseas warehouse that has stock", () => {
    const e = estimateDelivery(locations, new Map([["loc_cn_sz", 10], ["loc_de_fra", 2]]), "DE", monday)!;
    expect(e.locationId).toBe("loc_de_fra");
    expect(iso(e.earliest)).toBe("2026-03-04"); // 1 handling + 1 transit
    expect(iso(e.latest)).toBe("2026-03-06");
  });
  it("falls back to the main warehouse when the nearest one is out of stock", () => {
    const e = estimateDelivery(locations, new Map([["loc_cn_sz", 10], ["loc_de_fra", 0]]), "DE", monday)!;
    expect(e.locationId).toBe("loc_cn_sz");
    expect(iso(e.earliest)).toBe("2026-03-13"); // 2 + 7 business days
  });
  it("ignores a warehouse that cannot ship to the country", () => {
    const e = estimateDelivery(locations, new Map([["loc_us_lax", 10]]), "JP", monday);
    expect(e).toBeNull();
  });
  it("returns null when nothing is in stock", () => {
    expect(estimateDelivery(locations, new Map(), "US", monday)).toBeNull();
  });
});
