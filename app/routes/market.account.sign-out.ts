import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/http.server";
import { clearSessionCookie, customerForToken, deleteAllSessions, deleteSession, sessionTokenFromRequest } from "~/modules/customers/sessions.server";
import { requireMarket } from "~/modules/markets/storefront.server";

/** POST only: `intent=current` ends this session, `intent=everywhere` every session and API token of the account. */
export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  assertSameOrigin(request);
  const intent = (await readFormData(request)).get("intent");
  const token = sessionTokenFromRequest(request);
  let notice = "signedOut";
  if (intent === "everywhere") {
    const found = await customerForToken(token, "cookie");
    if (found) await deleteAllSessions(found.customer.id);
    notice = "signedOutEverywhere";
  } else {
    await deleteSession(token);
  }
  return redirect(`/${market.handle}/account/sign-in?notice=${notice}`, { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export function loader({ params }: { params: { market?: string } }) {
  return redirect(`/${params.market ?? ""}/account`);
}
