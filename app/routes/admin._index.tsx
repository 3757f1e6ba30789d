import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { useAdmin } from "~/components/admin/use-admin";
import { useT } from "~/lib/i18n";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminPage(request, null);
  return null;
}

export default function AdminDashboard() {
  const { staff, nav } = useAdmin();
  const t = useT();
  return (
    <section>
      <h1 className="text-2xl font-semibold">{t("admin.dashboard.title")}</h1>
      <p className="mt-2">{t("admin.dashboard.welcome", { name: staff.name || staff.email })}</p>
      <p className="mt-4 text-stone-700">{t("admin.dashboard.yourRole", { role: t(`admin.roles.${staff.role}`) })}</p>
      <ul className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {nav
          .filter((item) => item.path !== "/admin")
          .map((item) => (
            <li key={item.path}>
              <Link to={item.path} className="block rounded-md border border-stone-300 bg-white p-4 font-medium hover:border-ink">
                {t(item.nav!)}
              </Link>
            </li>
          ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
