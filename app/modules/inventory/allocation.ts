import { deliveryWindow, laneTo, type LocationLanes, type Transit } from "./delivery";

export interface AllocationRequest {
  /** The caller's key for the line (a cart line id); echoed back. */
  lineId: string;
  variantId: string;
  quantity: number;
  /** Locations that may ship this line, best first. */
  locations: readonly string[];
}

interface AllocationPart {
  locationId: string;
  quantity: number;
}

export interface LineAllocation {
  lineId: string;
  variantId: string;
  quantity: number;
  /** Where the units come from; one part unless the line is split between warehouses. */
  parts: AllocationPart[];
  /** Units that fit nowhere (0 when the line is fully allocated). */
  shortBy: number;
}

/** variant id → (location id → units that can still be promised). */
export type StockByVariant = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Locations that can ship to `country`, fastest first (handling + slowest transit), then by their
 * configured order. The same ranking decides the cart's availability and the reservation.
 */
export function rankLocations(
  locations: readonly LocationLanes[],
  country: string,
): string[] {
  return locations
    .map((l, position) => ({
      id: l.id,
      lane: laneTo(l, country),
      days: l.handlingDays,
      position,
    }))
    .filter((l) => l.lane)
    .sort(
      (a, b) =>
        a.days + a.lane!.maxDays - (b.days + b.lane!.maxDays) ||
        a.position - b.position,
    )
    .map((l) => l.id);
}

/**
 * Decides where each line ships from. A line is kept in one parcel when a single location has all of
 * it (the best ranked such location); otherwise it is split across locations in rank order, so a
 * cart may take every unit the serving warehouses hold together. Lines sharing a variant draw on the
 * same stock. Pure: the caller passes stock read (and, when reserving, row-locked) from the database.
 */
export function allocateLines(
  requests: readonly AllocationRequest[],
  stock: StockByVariant,
): LineAllocation[] {
  const left = new Map<string, Map<string, number>>();
  const remaining = (variantId: string) => {
    let m = left.get(variantId);
    if (!m) left.set(variantId, (m = new Map(stock.get(variantId) ?? [])));
    return m;
  };
  return requests.map((r) => {
    const quantity = Math.max(0, Math.trunc(r.quantity));
    const here = remaining(r.variantId);
    const whole = r.locations.find((loc) => (here.get(loc) ?? 0) >= quantity);
    const parts: AllocationPart[] = [];
    let need = quantity;
    for (const loc of whole ? [whole] : r.locations) {
      if (need <= 0) break;
      const take = Math.min(need, Math.max(0, here.get(loc) ?? 0));
      if (take <= 0) continue;
      parts.push({ locationId: loc, quantity: take });
      here.set(loc, (here.get(loc) ?? 0) - take);
      need -= take;
    }
    return {
      lineId: r.lineId,
      variantId: r.variantId,
      quantity,
      parts,
      shortBy: need,
    };
  });
}

export interface Shipment {
  locationId: string;
  /** ISO country the parcel leaves from. */
  country: string;
  lines: { lineId: string; variantId: string; quantity: number }[];
  /** This parcel's own delivery window (deliveryWindow: handling days, then the service or the lane, whichever is slower). */
  earliest: Date;
  latest: Date;
}

/** Groups allocated lines into one shipment per location, each with its delivery window for `service`. */
export function shipmentsFor(
  allocation: readonly LineAllocation[],
  locations: readonly LocationLanes[],
  country: string,
  service: Transit,
  now: Date,
): Shipment[] {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const shipments = new Map<string, Shipment>();
  for (const line of allocation) {
    for (const part of line.parts) {
      let s = shipments.get(part.locationId);
      if (!s) {
        const loc = byId.get(part.locationId);
        const window = loc ? deliveryWindow(loc, service, country, now) : null;
        if (!loc || !window) continue;
        s = { locationId: loc.id, country: loc.country, lines: [], ...window };
        shipments.set(loc.id, s);
      }
      s.lines.push({
        lineId: line.lineId,
        variantId: line.variantId,
        quantity: part.quantity,
      });
    }
  }
  return [...shipments.values()].sort(
    (a, b) => a.latest.getTime() - b.latest.getTime() || a.earliest.getTime() - b.earliest.getTime(),
  );
}
