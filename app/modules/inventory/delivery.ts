import type { ShippingLane } from "~db/schema/inventory";

export interface LocationLanes {
  id: string;
  /** ISO country of the building: decides whether what it ships is domestic, intra-EU or an import. */
  country: string;
  handlingDays: number;
  lanes: ShippingLane[];
}

export interface DeliveryEstimate {
  locationId: string;
  earliest: Date;
  latest: Date;
}

/** Adds business days (Mon–Fri) to a date, in UTC. */
export function addBusinessDays(from: Date, days: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

export function laneTo(location: LocationLanes, country: string): ShippingLane | undefined {
  return (
    location.lanes.find((l) => l.countries.includes(country)) ??
    location.lanes.find((l) => l.countries.includes("*"))
  );
}

/**
 * The quickest delivery window to `country` among locations that have stock and a lane there.
 * `stock` maps location id → available units.
 */
export function estimateDelivery(
  locations: LocationLanes[],
  stock: Map<string, number>,
  country: string,
  now: Date,
  quantity = 1,
): DeliveryEstimate | null {
  let best: DeliveryEstimate | null = null;
  for (const loc of locations) {
    if ((stock.get(loc.id) ?? 0) < quantity) continue;
    const lane = laneTo(loc, country);
    if (!lane) continue;
    const earliest = addBusinessDays(now, loc.handlingDays + lane.minDays);
    const latest = addBusinessDays(now, loc.handlingDays + lane.maxDays);
    if (!best || latest < best.latest || (+latest === +best.latest && earliest < best.earliest)) {
      best = { locationId: loc.id, earliest, latest };
    }
  }
  return best;
}

/** Location ids that can ship to a country at all. */
export function locationsServing(locations: LocationLanes[], country: string): string[] {
  return locations.filter((l) => laneTo(l, country)).map((l) => l.id);
}
