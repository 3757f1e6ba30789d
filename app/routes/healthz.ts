import { getDatabase, pingDb } from "~db/index";

export async function loader() {
  const database = await getDatabase().catch(() => null);
  const ok = database ? await pingDb(database) : false;
  return Response.json(
    { ok, db: database?.kind ?? null },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
