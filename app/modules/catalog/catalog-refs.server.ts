/**
 * Products and collections named by id or by handle (in any language), as SQL subqueries for other
 * modules' bulk queries (a segment's products- or collections-bought rule) and a check for unknown names.
 */
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { rowsOf } from "~db/rows";

/** Subquery: the ids of the products named by these ids or handles. */
export function productIdsSql(refs: readonly string[]): SQL {
  const list = sql.join(refs.map((r) => sql`${r}`), sql`, `);
  return sql`select p.id from products p where p.id in (${list}) union select pt.product_id from product_translations pt where pt.handle in (${list})`;
}

/** Subquery: the ids of the products in the collections named by these ids or handles. */
export function collectionProductIdsSql(refs: readonly string[]): SQL {
  const list = sql.join(refs.map((r) => sql`${r}`), sql`, `);
  return sql`select cp.product_id from collection_products cp where cp.collection_id in (select c.id from collections c where c.id in (${list}) union select ct.collection_id from collection_translations ct where ct.handle in (${list}))`;
}

/** The names among `refs` that match no product (kind products) or no collection: for a 400 that names them. */
export async function unknownCatalogRefs(kind: "products" | "collections", refs: readonly string[], tx?: Db): Promise<string[]> {
  if (!refs.length) return [];
  const db = tx ?? (await getDb());
  const values = sql.join(refs.map((r) => sql`(${r})`), sql`, `);
  const known =
    kind === "products"
      ? sql`exists (select 1 from products p where p.id = v.ref) or exists (select 1 from product_translations pt where pt.handle = v.ref)`
      : sql`exists (select 1 from collections c where c.id = v.ref) or exists (select 1 from collection_translations ct where ct.handle = v.ref)`;
  const rows = await db.execute(sql`select v.ref from (values ${values}) as v(ref) where not (${known})`);
  return rowsOf<{ ref: string }>(rows).map((r) => r.ref);
}
