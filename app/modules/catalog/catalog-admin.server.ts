import { and, asc, count, desc, eq, exists, ilike, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "~db/index";
import { collectionProductsTable, collectionTranslationsTable, collectionsTable, productTranslationsTable, productVariantsTable, productsTable } from "~db/schema/catalog";
import type { AdminProductSort } from "./catalog";
import type { ProductStatus } from "./catalog-input";

export interface AdminProductQuery {
  status?: ProductStatus;
  collectionId?: string;
  /** Part of a title (any language) or a SKU. */
  q?: string;
  sort: AdminProductSort;
  direction: "asc" | "desc";
  limit: number;
  offset: number;
}

export interface AdminProductRow {
  id: string;
  title: string;
  handle: string;
  status: ProductStatus;
  variants: number;
  updatedAt: Date;
  createdAt: Date;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The admin's product table: every status, English title, filtered, sorted and paged in SQL. */
export async function listProductsForAdmin(query: AdminProductQuery): Promise<{ items: AdminProductRow[]; total: number }> {
  const db = await getDb();
  const where: SQL[] = [];
  if (query.status) where.push(eq(productsTable.status, query.status));
  if (query.collectionId) {
    where.push(
      exists(
        db
          .select({ x: sql`1` })
          .from(collectionProductsTable)
          .where(and(eq(collectionProductsTable.productId, productsTable.id), eq(collectionProductsTable.collectionId, query.collectionId))),
      ),
    );
  }
  const q = query.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    where.push(
      or(
        exists(db.select({ x: sql`1` }).from(productTranslationsTable).where(and(eq(productTranslationsTable.productId, productsTable.id), ilike(productTranslationsTable.title, pattern)))),
        exists(db.select({ x: sql`1` }).from(productVariantsTable).where(and(eq(productVariantsTable.productId, productsTable.id), ilike(productVariantsTable.sku, pattern)))),
      )!,
    );
  }
  const condition = where.length ? and(...where) : undefined;
  const title = sql<string>`coalesce(${productTranslationsTable.title}, ${productsTable.id})`;
  const order = { title, status: productsTable.status, updated: productsTable.updatedAt, created: productsTable.createdAt }[query.sort];
  const dir = query.direction === "asc" ? asc : desc;
  const variantCount = sql<number>`(select count(*)::int from product_variants v where v.product_id = ${productsTable.id})`;
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: productsTable.id,
        title,
        handle: sql<string>`coalesce(${productTranslationsTable.handle}, '')`,
        status: productsTable.status,
        variants: variantCount,
        updatedAt: productsTable.updatedAt,
        createdAt: productsTable.createdAt,
      })
      .from(productsTable)
      .leftJoin(productTranslationsTable, and(eq(productTranslationsTable.productId, productsTable.id), eq(productTranslationsTable.locale, "en")))
      .where(condition)
      .orderBy(dir(order), asc(productsTable.id))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ n: count() }).from(productsTable).where(condition),
  ]);
  return { items: rows, total: totals?.n ?? 0 };
}

/** Every collection with its English title and product count, in storefront order. */
export async function listCollectionsForAdmin(): Promise<{ id: string; title: string; handle: string; products: number }[]> {
  const db = await getDb();
  return db
    .select({
      id: collectionsTable.id,
      title: sql<string>`coalesce(${collectionTranslationsTable.title}, ${collectionsTable.id})`,
      handle: sql<string>`coalesce(${collectionTranslationsTable.handle}, '')`,
      products: sql<number>`(select count(*)::int from collection_products cp where cp.collection_id = ${collectionsTable.id})`,
    })
    .from(collectionsTable)
    .leftJoin(collectionTranslationsTable, and(eq(collectionTranslationsTable.collectionId, collectionsTable.id), eq(collectionTranslationsTable.locale, "en")))
    .orderBy(asc(collectionsTable.position), asc(collectionsTable.id));
}
