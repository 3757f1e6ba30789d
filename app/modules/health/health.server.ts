import { getDatabase, pingDb } from "~db/index";

/** Whether the database answers, and which kind it is (for GET /healthz). */
export async function checkDatabase(): Promise<{ ok: boolean; kind: "pglite" | "postgres" | null }> {
  const database = await getDatabase().catch(() => null);
  const ok = database ? await pingDb(database) : false;
  return { ok, kind: database?.kind ?? null };
}
