import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCustomerData } from "~/modules/customers/privacy.server";
import { requireCustomerPage } from "~/modules/customers/sessions.server";
import { requireMarket } from "~/modules/markets/storefront.server";

/** "Download my data": the signed-in customer's data as a JSON file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const customer = await requireCustomerPage(request, market.handle);
  const body = JSON.stringify(await exportCustomerData(customer), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
