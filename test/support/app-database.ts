/**
 * An empty PostgreSQL database for tests that run the real server process (which migrates and seeds
 * it on first start): on the server DATABASE_URL names when set, else on a private PostgreSQL
 * server (initdb into a temporary directory). Null when neither is possible.
 */
import postgres from "postgres";
import { postgresBinDir, startPrivatePostgres } from "./private-postgres";

export interface AppDatabase {
  url: string;
  /** Where it lives, for the test's log. */
  where: string;
  drop(): Promise<void>;
}

export function appDatabasePossible(): boolean {
  return Boolean(process.env.DATABASE_URL) || postgresBinDir() !== null;
}

/** Says once, loudly, why a test file that needs PostgreSQL did not run. */
export function warnSkippedWithoutPostgres(file: string): void {
  if (appDatabasePossible()) return;
  console.warn(
    "\n" +
      "==========================================================================================\n" +
      ` SKIPPED ${file}: it needs PostgreSQL (several server processes share one database).\n` +
      " Set DATABASE_URL, or install the postgresql package (initdb, pg_ctl under\n" +
      " /usr/lib/postgresql/<version>/bin) so the test can start a private server.\n" +
      "==========================================================================================\n",
  );
}

export async function createAppDatabase(prefix: string): Promise<AppDatabase> {
  const name = `${prefix}_${process.pid}`;
  const shared = process.env.DATABASE_URL;
  const pg = shared ? null : await startPrivatePostgres(postgresBinDir()!);
  const serverUrl = shared ?? pg!.url;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    where: shared ? `database ${name} on DATABASE_URL's server` : `a private PostgreSQL on port ${pg!.port}`,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end({ timeout: 1 }).catch(() => {});
      pg?.destroy();
    },
  };
}
