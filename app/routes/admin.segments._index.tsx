import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { DataTable, type Column } from "~/components/admin/DataTable";
import { Flash } from "~/components/admin/Flash";
import { ButtonLink } from "~/components/ui/Button";
import { useT } from "~/lib/i18n";
import { countSegment, listSegments } from "~/modules/marketing/segments.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:segments");
  const segments = await listSegments();
  const rows = await Promise.all(segments.map(async (s) => ({ id: s.id, name: s.name, match: s.match, rules: s.rules.length, members: await countSegment(s), updatedAt: s.updatedAt.toISOString().slice(0, 10) })));
  return { rows, canWrite: can(actor.role, "write:segments"), deleted: new URL(request.url).searchParams.get("deleted") === "1" };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function AdminSegments() {
  const { rows, canWrite, deleted } = useLoaderData<typeof loader>();
  const t = useT();
  const columns: Column<Row>[] = [
    {
      key: "name",
      label: t("admin.segments.name"),
      render: (r) => (
        <Link to={`/admin/segments/${r.id}`} className="underline">
          {r.name}
        </Link>
      ),
    },
    { key: "match", label: t("admin.segments.match"), render: (r) => t(r.match === "any" ? "admin.segments.matchAny" : "admin.segments.matchAll") },
    { key: "rules", label: t("admin.segments.rulesCount"), render: (r) => r.rules },
    { key: "members", label: t("admin.segments.members"), render: (r) => r.members },
  ];
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.segments.title")}</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-700">{t("admin.segments.intro")}</p>
      {deleted ? <Flash>{t("admin.segments.deleted")}</Flash> : null}
      {canWrite ? (
        <p className="mb-4">
          <ButtonLink to="/admin/segments/new">{t("admin.segments.newSegment")}</ButtonLink>
        </p>
      ) : null}
      <DataTable caption={t("admin.segments.title")} columns={columns} rows={rows} rowKey={(r) => r.id} empty={t("admin.segments.empty")} total={rows.length} page={1} perPage={Math.max(rows.length, 1)} />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
