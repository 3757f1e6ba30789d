import { asc, inArray } from "drizzle-orm";
import { getDb } from "~db/index";
import { inventoryLevelsTable, locationsTable } from "~db/schema";
import type { LocationLanes } from "./delivery";

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

export function invalidateLocations(): void {
  locationsCache = null;
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
