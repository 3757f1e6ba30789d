/** The loyalty page's "Export points ledger": every ledger row with the contact's address, streamed. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdminPage } from "~/modules/staff/access.server";
import { csvDownload } from "~/server/exports.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:customers");
  return csvDownload("points");
}
