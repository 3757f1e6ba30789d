import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireAdminAction } from "~/modules/staff/access.server";
import { signOut } from "~/modules/staff/auth.server";

export async function loader() {
  return redirect("/admin");
}

/** Ends this session (same-origin POST with the form's CSRF token), then back to the sign-in page. */
export async function action({ request }: ActionFunctionArgs) {
  await requireAdminAction(request, null);
  return redirect("/admin/sign-in", { headers: { "Set-Cookie": await signOut(request) } });
}
