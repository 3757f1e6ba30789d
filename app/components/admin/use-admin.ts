import { useRouteLoaderData } from "@remix-run/react";
import type { AdminPage } from "~/modules/staff/admin-pages";
import type { Role } from "~/modules/staff/permissions";

/** What the admin layout's loader gives every admin page. */
export interface AdminLayoutData {
  staff: { email: string; name: string; role: Role };
  csrf: string;
  nav: Pick<AdminPage, "path" | "nav">[];
}

/** The signed-in person and the CSRF token, from the admin layout. */
export function useAdmin(): AdminLayoutData {
  const data = useRouteLoaderData<AdminLayoutData>("routes/admin");
  if (!data) throw new Error("useAdmin: only inside the admin layout");
  return data;
}
