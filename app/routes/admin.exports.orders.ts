/** The orders list's "Export CSV": every order, imported ones included, streamed. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdminPage } from "~/modules/staff/access.server";
import { csvDownload } from "~/server/exports.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:orders");
  return csvDownload("orders");
}
