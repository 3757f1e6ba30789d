import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { SegmentBuilder } from "~/components/admin/SegmentBuilder";
import { useAdmin } from "~/components/admin/use-admin";
import { useT } from "~/lib/i18n";
import type { BuilderActionData } from "~/modules/marketing/segment-definition";
import { requireAdminPage } from "~/modules/staff/access.server";
import { segmentBuilderAction } from "~/server/segment-builder.server";
import { builderChoices } from "~/server/segment-pages.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "write:segments");
  return { choices: await builderChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  return segmentBuilderAction(request, null);
}

export default function NewSegment() {
  const { choices } = useLoaderData<typeof loader>();
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
      <h1 className="mb-4 text-2xl font-semibold">{t("admin.segments.newSegment")}</h1>
      <SegmentBuilder initial={{ name: "", match: "all", rules: [] }} choices={choices} actionData={actionData} csrf={csrf} canDelete={false} />
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
