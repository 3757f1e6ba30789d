import { createDb, migrateDb, setDatabase, type Database } from "./index";
import { isEmpty, seedDemo } from "./seed";

/** Opens the configured database, applies migrations and seeds the demo store when empty. */
export async function openAndPrepare(opts: { url?: string; pgliteDir: string; seed: "demo" | "none"; migrate?: boolean; log?: (s: string) => void }): Promise<Database> {
  const log = opts.log ?? (() => {});
  const database = opts.url ? await createDb({ url: opts.url }) : await createDb({ pgliteDir: opts.pgliteDir });
  setDatabase(database);
  const started = Date.now();
  if (opts.migrate !== false) await migrateDb(database);
  log(`database: ${database.kind === "pglite" ? `embedded PGlite at ${opts.pgliteDir}` : "PostgreSQL"} (migrated in ${Date.now() - started} ms)`);
  if (opts.seed === "demo" && (await isEmpty(database))) {
    const t = Date.now();
    const { products } = await seedDemo(database);
    log(`seeded the demo store: ${products} products (${Date.now() - t} ms)`);
  }
  return database;
}
