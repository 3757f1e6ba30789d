import type { LoaderFunctionArgs } from "@remix-run/node";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { requireAdminPage } from "~/modules/staff/access.server";

/** An unknown admin path: the admin's 404 (after sign-in, so it tells strangers nothing). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, null);
  throw new Response("Not found", { status: 404 });
}

export default function AdminNotFound() {
  return null;
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
