import { sql } from "drizzle-orm";
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export type LocalizedText = Record<string, string>;

export const productsTable = pgTable(
  "products",
  {
    id: text().primaryKey(),
    status: text({ enum: ["draft", "active", "archived"] }).notNull().default("draft"),
    vendor: text().notNull().default(""),
    productType: text().notNull().default(""),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    hsCode: text(),
    countryOfOrigin: text(),
    salesCount: integer().notNull().default(0),
    publishedAt: timestamp({ withTimezone: true }),
    /** The public release: before it only viewers with early access (a tier benefit) see and buy the product; null = released. */
    releasedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.status, t.publishedAt)],
);

export const productTranslationsTable = pgTable(
  "product_translations",
  {
    productId: text()
      .notNull()
      .references(() => productsTable.id, { onDelete: "cascade" }),
    locale: text().notNull(),
    handle: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    seoTitle: text(),
    seoDescription: text(),
    searchVector: tsvector(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.locale] }),
    uniqueIndex().on(t.locale, t.handle),
    index("product_translations_search_idx").using("gin", t.searchVector),
    index("product_translations_title_trgm_idx").using("gin", sql`${t.title} gin_trgm_ops`),
  ],
);

export const productOptionsTable = pgTable(
  "product_options",
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => productsTable.id, { onDelete: "cascade" }),
    code: text().notNull(),
    position: integer().notNull().default(0),
    names: jsonb().$type<LocalizedText>().notNull(),
  },
  (t) => [uniqueIndex().on(t.productId, t.code)],
);

export const productOptionValuesTable = pgTable(
  "product_option_values",
  {
    id: text().primaryKey(),
    optionId: text()
      .notNull()
      .references(() => productOptionsTable.id, { onDelete: "cascade" }),
    code: text().notNull(),
    position: integer().notNull().default(0),
    labels: jsonb().$type<LocalizedText>().notNull(),
    /** Optional swatch colour, e.g. "#1f2937". */
    swatch: text(),
  },
  (t) => [uniqueIndex().on(t.optionId, t.code)],
);

export const productVariantsTable = pgTable(
  "product_variants",
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => productsTable.id, { onDelete: "cascade" }),
    sku: text().notNull().unique(),
    position: integer().notNull().default(0),
    /** Option value codes keyed by option code, e.g. {"size":"m","color":"indigo"}. */
    options: jsonb().$type<Record<string, string>>().notNull(),
    weightGrams: integer().notNull().default(0),
    lengthMm: integer(),
    widthMm: integer(),
    heightMm: integer(),
    imageId: text(),
  },
  (t) => [index().on(t.productId)],
);

export const productImagesTable = pgTable(
  "product_images",
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => productsTable.id, { onDelete: "cascade" }),
    url: text().notNull(),
    alt: jsonb().$type<LocalizedText>().notNull().default({}),
    width: integer().notNull(),
    height: integer().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [index().on(t.productId)],
);

export const collectionsTable = pgTable("collections", {
  id: text().primaryKey(),
  position: integer().notNull().default(0),
  imageUrl: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const collectionTranslationsTable = pgTable(
  "collection_translations",
  {
    collectionId: text()
      .notNull()
      .references(() => collectionsTable.id, { onDelete: "cascade" }),
    locale: text().notNull(),
    handle: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.locale] }), uniqueIndex().on(t.locale, t.handle)],
);

export const collectionProductsTable = pgTable(
  "collection_products",
  {
    collectionId: text()
      .notNull()
      .references(() => collectionsTable.id, { onDelete: "cascade" }),
    productId: text()
      .notNull()
      .references(() => productsTable.id, { onDelete: "cascade" }),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.productId] }), index().on(t.productId)],
);

/**
 * The Latin-script words of product titles and descriptions per locale: the vocabulary that typo
 * tolerant search corrects query words against (trigram candidates, then an edit-distance check).
 */
export const searchWordsTable = pgTable(
  "search_words",
  {
    locale: text().notNull(),
    word: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.locale, t.word] }),
    index("search_words_length_idx").on(t.locale, sql`char_length(${t.word})`),
  ],
);
