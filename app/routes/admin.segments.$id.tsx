import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { SegmentBuilder } from "~/components/admin/SegmentBuilder";
import { useAdmin } from "~/components/admin/use-admin";
import { isUserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { ruleDraft, type BuilderActionData } from "~/modules/marketing/segment-definition";
import { getSegment } from "~/modules/marketing/segments.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { segmentBuilderAction } from "~/server/segment-builder.server";
import { builderChoices } from "~/server/segment-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:segments");
  try {
    const segment = await getSegment(params.id ?? "");
    return {
      id: segment.id,
      draft: { name: segment.name, match: segment.match, rules: segment.rules.map(ruleDraft) },
      choices: await builderChoices(),
      saved: new URL(request.url).searchParams.get("saved") === "1",
    };
  } catch (e) {
    if (isUserError(e) && e.status === 404) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return segmentBuilderAction(request, params.id ?? "");
}

export default function EditSegment() {
  const { id, draft, choices, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<BuilderActionData>();
  const { csrf } = useAdmin();
  const t = useT();
  return (
    <section>
      <p className="mb-2 text-sm">
        <Link to="/admin/segments" className="underline">
          {t("admin.segments.back")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.segments.editSegment")}</h1>
      {saved && !actionData ? <Flash>{t("admin.segments.saved")}</Flash> : null}
      <SegmentBuilder key={id} initial={draft} choices={choices} actionData={actionData} csrf={csrf} canDelete />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
