import type { ShippingLane } from "~db/schema/inventory";

export interface LocationLanes {
  id: string;
  /** ISO country of the building: decides whether what it ships is domestic, intra-EU or an import. */
  country: string;
  handlingDays: number;
  lanes: ShippingLane[];
}

/** A carrier service's transit time in business days (a shipping rate's window). */
export interface Transit {
  minDays: number;
  maxDays: number;
}

export interface DeliveryWindow {
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
 * The one rule for a delivery promise: a parcel from `location` sent with `service` to `country`
 * leaves after the location's handling days and travels no faster than either the service's window
 * or the location's lane to that country (a courier cannot beat the distance, a lane cannot beat the
 * service level). Product page, cart, checkout, order and email all get their dates from here.
 * Null when the location does not ship to the country.
 */
export function deliveryWindow(location: LocationLanes, service: Transit, country: string, now: Date): DeliveryWindow | null {
  const lane = laneTo(location, country);
  if (!lane) return null;
  const min = Math.max(service.minDays, lane.minDays);
  const max = Math.max(service.maxDays, lane.maxDays, min);
  return {
    earliest: addBusinessDays(now, location.handlingDays + min),
    latest: addBusinessDays(now, location.handlingDays + max),
  };
}

/** Location ids that can ship to a country at all. */
export function locationsServing(locations: LocationLanes[], country: string): string[] {
  return locations.filter((l) => laneTo(l, country)).map((l) => l.id);
}
