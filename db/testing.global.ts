// vitest globalSetup: one migrated, demo-seeded template per run; each test file gets a copy.
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb, migrateDb } from "./index";
import { seedDemo } from "./seed";

declare module "vitest" {
  export interface ProvidedContext {
    harborTemplate: { kind: "postgres"; url: string; template: string } | { kind: "pglite"; dumpFile: string };
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `harbor_tpl_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    const database = await createDb({ url: withDatabase(url, template), max: 4 });
    await migrateDb(database);
    await seedDemo(database);
    await database.close();
    project.provide("harborTemplate", { kind: "postgres", url, template });
    console.log(`[test db] PostgreSQL template ${template} ready in ${Date.now() - started} ms`);
    return async () => {
      const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`harbor_t_${process.pid}_%`} or datname = ${template}`;
      for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }
  const database = await createDb({});
  await migrateDb(database);
  await seedDemo(database);
  const client = database.client as import("@electric-sql/pglite").PGlite;
  const dump = await client.dumpDataDir("none");
  await database.close();
  const dir = mkdtempSync(join(tmpdir(), "harbor-test-"));
  const dumpFile = join(dir, "template.tar");
  writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide("harborTemplate", { kind: "pglite", dumpFile });
  console.log(`[test db] PGlite template ready in ${Date.now() - started} ms`);
  return () => rmSync(dir, { recursive: true, force: true });
}
