import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { inventoryLevelsTable, locationsTable } from "~db/schema/inventory";
import { allocateLines, rankLocations, shipmentsFor, type LineAllocation, type Shipment } from "./allocation";
import type { LocationLanes, Transit } from "./delivery";

export type LocationInput = typeof locationsTable.$inferInsert;

export interface StockLevelInput {
  variantId: string;
  locationId: string;
  onHand: number;
}

let locationsCache: { at: number; value: Promise<LocationLanes[]> } | null = null;

export async function getLocations(): Promise<LocationLanes[]> {
  if (!locationsCache || Date.now() - locationsCache.at > 30_000) {
    const value = (async () => {
      const db = await getDb();
      return db.select().from(locationsTable).orderBy(asc(locationsTable.position));
    })();
    locationsCache = { at: Date.now(), value };
    value.catch(() => (locationsCache = null));
  }
  return locationsCache.value;
}

/** Adds the locations that do not exist yet (existing ones are kept as they are). */
export async function ensureLocations(locations: LocationInput[], db?: Db): Promise<void> {
  if (!locations.length) return;
  const d = db ?? (await getDb());
  await d.insert(locationsTable).values(locations).onConflictDoNothing();
  locationsCache = null;
}

/** Every location's code and name, in their order (admin forms). */
export async function listLocations(db?: Db): Promise<{ code: string; name: string }[]> {
  const d = db ?? (await getDb());
  return d.select({ code: locationsTable.code, name: locationsTable.name }).from(locationsTable).orderBy(asc(locationsTable.position));
}

/** location code → id, read now (not cached): imports resolve stock by location code. */
export async function locationIdsByCode(db?: Db): Promise<Map<string, string>> {
  const d = db ?? (await getDb());
  const rows = await d.select({ id: locationsTable.id, code: locationsTable.code }).from(locationsTable);
  return new Map(rows.map((l) => [l.code, l.id]));
}

/**
 * Sets on-hand stock inside the caller's (catalog write) transaction, keeping what is reserved for
 * payments in progress. Returns the levels that could not be set because fewer units than are
 * reserved were asked for (the caller answers 409 and writes nothing).
 */
export async function setStockLevels(tx: Db, levels: StockLevelInput[]): Promise<{ variantId: string; locationId: string; reserved: number }[]> {
  if (!levels.length) return [];
  const current = await tx
    .select({ variantId: inventoryLevelsTable.variantId, locationId: inventoryLevelsTable.locationId, reserved: inventoryLevelsTable.reserved })
    .from(inventoryLevelsTable)
    .where(inArray(inventoryLevelsTable.variantId, [...new Set(levels.map((l) => l.variantId))]))
    .for("update");
  const reserved = new Map(current.map((c) => [`${c.variantId}|${c.locationId}`, c.reserved]));
  const short = levels
    .map((l) => ({ variantId: l.variantId, locationId: l.locationId, reserved: reserved.get(`${l.variantId}|${l.locationId}`) ?? 0, onHand: l.onHand }))
    .filter((l) => l.onHand < l.reserved)
    .map(({ onHand: _, ...l }) => l);
  if (short.length) return short;
  await tx
    .insert(inventoryLevelsTable)
    .values(levels.map((l) => ({ ...l, reserved: 0 })))
    .onConflictDoUpdate({ target: [inventoryLevelsTable.variantId, inventoryLevelsTable.locationId], set: { onHand: sql`excluded.on_hand` } });
  return [];
}

/** On-hand and reserved units of the given variants by location code (admin forms, snapshots). */
export async function getStockLevels(variantIds: string[], db?: Db): Promise<{ variantId: string; location: string; onHand: number; reserved: number }[]> {
  if (!variantIds.length) return [];
  const d = db ?? (await getDb());
  return d
    .select({ variantId: inventoryLevelsTable.variantId, location: locationsTable.code, onHand: inventoryLevelsTable.onHand, reserved: inventoryLevelsTable.reserved })
    .from(inventoryLevelsTable)
    .innerJoin(locationsTable, eq(locationsTable.id, inventoryLevelsTable.locationId))
    .where(inArray(inventoryLevelsTable.variantId, variantIds))
    .orderBy(asc(locationsTable.position));
}

/**
 * A subquery `(variant_id)` of variants with units available at any of the locations, for catalog
 * listings that filter by availability inside one SQL statement.
 */
export function variantsInStockSql(locationIds: string[]): SQL {
  if (!locationIds.length) return sql`select null::text as variant_id where false`;
  const ids = sql.join(
    locationIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`select distinct variant_id from inventory_levels where location_id in (${ids}) and on_hand - reserved > 0`;
}

/** variant id → (location id → available units, i.e. on hand minus reserved). */
export async function getAvailability(variantIds: string[]): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>();
  if (!variantIds.length) return result;
  const db = await getDb();
  const rows = await db
    .select()
    .from(inventoryLevelsTable)
    .where(inArray(inventoryLevelsTable.variantId, variantIds));
  for (const r of rows) {
    let m = result.get(r.variantId);
    if (!m) result.set(r.variantId, (m = new Map()));
    m.set(r.locationId, Math.max(0, r.onHand - r.reserved));
  }
  return result;
}

/**
 * Locations a cart to `country` may draw stock from, best first: only `onlyLocation` when the chosen
 * shipping method ships everything from one warehouse (local delivery), else every location with a
 * lane to the country.
 */
export async function shippingLocations(country: string, onlyLocation?: string | null): Promise<string[]> {
  if (onlyLocation) return [onlyLocation];
  return rankLocations(await getLocations(), country);
}

export interface CartAllocation {
  lines: LineAllocation[];
  shipments: Shipment[];
}

/**
 * Where each cart line ships from (line → location(s) and units), and the resulting shipments with
 * their own delivery windows for the shipping service, by the same rule `reserveStock` applies at payment. Read-only: stock
 * can still move before payment locks it.
 */
export async function allocateCart(
  lines: readonly { lineId: string; variantId: string; quantity: number }[],
  country: string,
  opts: { service: Transit; onlyLocation?: string | null; now?: Date },
): Promise<CartAllocation> {
  const [locations, stock, ranked] = await Promise.all([
    getLocations(),
    getAvailability(lines.map((l) => l.variantId)),
    shippingLocations(country, opts.onlyLocation),
  ]);
  const allocation = allocateLines(
    lines.map((l) => ({ ...l, locations: ranked })),
    stock,
  );
  return { lines: allocation, shipments: shipmentsFor(allocation, locations, country, opts.service, opts.now ?? new Date()) };
}
