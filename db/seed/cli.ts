// `npm run db:seed`: creates the demo store (Kiln & Loom) in the configured database — PostgreSQL at
// DATABASE_URL, else the embedded PGlite directory (PGLITE_DIR) — after applying migrations.
// A database that already holds a store is left as it is: seeding again would reset the demo
// products' stock. PGlite opens a directory from one process only: stop the server first.
import { loadEnvOrExit } from "../../app/lib/env.server";
import { openAndPrepare } from "../setup";
import { isEmpty, seedDemo } from "./index";

const log = (s: string) => console.log(`[seed] ${s}`);
const env = loadEnvOrExit();
const database = await openAndPrepare({ url: env.database.url ?? undefined, pgliteDir: env.database.pgliteDir, seed: "none", log });
try {
  if (await isEmpty(database)) {
    const started = Date.now();
    const { products } = await seedDemo(database);
    log(`seeded the demo store: ${products} products (${Date.now() - started} ms)`);
  } else {
    log("the database already holds a store: nothing seeded");
  }
} finally {
  await database.close();
}
