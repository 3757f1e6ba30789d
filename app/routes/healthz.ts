import { checkDatabase } from "~/modules/health/health.server";

export async function loader() {
  const { ok, kind } = await checkDatabase();
  return Response.json(
    { ok, db: kind },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
