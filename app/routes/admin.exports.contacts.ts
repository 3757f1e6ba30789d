/** The contacts list's "Export CSV": every contact matching the list's filters, streamed. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { readContactFilters } from "~/server/contact-list-page.server";
import { csvDownload } from "~/server/exports.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:customers");
  const { baseCurrency } = await getStoreConfig();
  const { invalid, filters } = readContactFilters(new URL(request.url), baseCurrency, 1);
  if (invalid) throw new Response(`The filter "${invalid}" is not valid; correct it on the contacts page and export again.`, { status: 400 });
  return csvDownload("contacts", filters);
}
