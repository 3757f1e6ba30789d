/**
 * The checks every admin entry point runs first, before it validates input or looks anything up:
 * who is asking (session cookie for pages, bearer token for the Admin API) and whether their role
 * grants the permission. Pages: no session → sign-in page; not permitted → 403. API: 401 / 403.
 */
import { redirect } from "@remix-run/node";
import { assertSameOrigin } from "~/lib/csrf.server";
import { UserError } from "~/lib/errors";
import { readFormData } from "~/lib/http.server";
import type { Actor } from "./audit.server";
import { csrfToken, csrfTokenMatches, staffForBearer, staffSession, type StaffSession } from "./auth.server";
import { can, type Permission } from "./permissions";

const CSRF_FIELD = "csrf";

export interface AdminPageContext {
  session: StaffSession;
  actor: Actor;
  csrf: string;
}

function forbidden(): Response {
  return new Response("You do not have permission to open this page.", { status: 403, statusText: "Forbidden" });
}

/** Pages (loaders): the signed-in person, allowed `permission` (null: any staff member). */
export async function requireAdminPage(request: Request, permission: Permission | null): Promise<AdminPageContext> {
  const session = await staffSession(request);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/admin/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (permission && !can(session.staff.role, permission)) throw forbidden();
  const actor: Actor = { staffId: session.staff.id, email: session.staff.email, role: session.staff.role, via: "page" };
  return { session, actor, csrf: csrfToken(session) };
}

/**
 * Page actions: same-origin check, session and permission, then the form's CSRF token (the hidden
 * `csrf` field every admin form carries). Returns the parsed form for the action to validate.
 */
export async function requireAdminAction(request: Request, permission: Permission | null): Promise<AdminPageContext & { form: FormData }> {
  assertSameOrigin(request);
  const context = await requireAdminPage(request, permission);
  const form = await readFormData(request);
  if (!csrfTokenMatches(context.session, form.get(CSRF_FIELD))) {
    throw new Response("The form has expired. Reload the page and try again.", { status: 403, statusText: "Forbidden" });
  }
  return { ...context, form };
}

/** Admin API: the bearer token's owner, allowed `permission`. Cookies are never looked at. */
export async function requireApiPermission(request: Request, permission: Permission): Promise<Actor> {
  const staff = await staffForBearer(request);
  if (!staff) throw new UserError("unauthorized", "Send a valid Admin API token as `Authorization: Bearer <token>`.", 401);
  if (!can(staff.role, permission)) throw new UserError("forbidden", `The ${staff.role} role may not ${permission}.`, 403);
  return { staffId: staff.id, email: staff.email, role: staff.role, via: "api" };
}
