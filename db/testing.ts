import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, setDatabase, type Database } from "./index";

let counter = 0;

/**
 * A fresh copy of the migrated, demo-seeded template database for this test file: PGlite loads the
 * template's data dir; PostgreSQL does CREATE DATABASE … TEMPLATE. Installs it as the process database.
 */
export async function createTestDatabase(opts: { max?: number } = {}): Promise<Database & { url?: string }> {
  const tpl = inject("harborTemplate");
  if (tpl.kind === "pglite") {
    const blob = new Blob([readFileSync(tpl.dumpFile)]);
    const database = await createDb({ loadDataDir: blob });
    setDatabase(database);
    return database;
  }
  const name = `harbor_t_${tpl.template.replace("harbor_tpl_", "")}_${process.pid}_${++counter}_${Date.now() % 100000}`;
  const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${tpl.template}`);
  } finally {
    await admin.end();
  }
  const u = new URL(tpl.url);
  u.pathname = `/${name}`;
  const database = await createDb({ url: u.toString(), max: opts.max ?? 5 });
  setDatabase(database);
  const close = database.close;
  return {
    ...database,
    url: u.toString(),
    close: async () => {
      await close();
      const a = postgres(tpl.url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}

/** beforeAll/afterAll wiring: `const db = useTestDatabase();` then `db.current` inside tests. */
export function useTestDatabase(): { current: Database } {
  const holder = {} as { current: Database };
  beforeAll(async () => {
    holder.current = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}
