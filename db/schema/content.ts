import { integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** Store pages (shipping, returns, privacy, …) addressed by slug. */
export const pagesTable = pgTable("pages", {
  slug: text().primaryKey(),
  /** Market handles the page is shown in; null = every market (e.g. the German legal notice is de-de only). */
  markets: jsonb().$type<string[]>(),
  position: integer().notNull().default(0),
});

/** A page's title and body per language; the body is plain text (see app/modules/content/blocks.ts). */
export const pageTranslationsTable = pgTable(
  "page_translations",
  {
    slug: text()
      .notNull()
      .references(() => pagesTable.slug, { onDelete: "cascade" }),
    language: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.language] })],
);
