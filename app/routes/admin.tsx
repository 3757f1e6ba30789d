import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { ADMIN_LANGUAGE, AdminI18n } from "~/components/admin/AdminI18n";
import { CsrfField } from "~/components/admin/FormField";
import type { AdminLayoutData } from "~/components/admin/use-admin";
import { cx } from "~/components/ui/styles";
import { useT } from "~/lib/i18n";
import { clientMessages } from "~/lib/i18n.server";
import { requireAdminPage } from "~/modules/staff/access.server";
import { ADMIN_PAGES } from "~/modules/staff/admin-pages";
import { can } from "~/modules/staff/permissions";


export async function loader({ request }: LoaderFunctionArgs) {
  const { session, csrf } = await requireAdminPage(request, null);
  const { role, email, name } = session.staff;
  const data: AdminLayoutData = {
    staff: { email, name, role },
    csrf,
    nav: ADMIN_PAGES.filter((p) => p.nav && (p.permission === null || can(role, p.permission))).map((p) => ({ path: p.path, nav: p.nav })),
  };
  return { ...data, messages: clientMessages(ADMIN_LANGUAGE, "admin") };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction = () => [{ title: "Harbor admin" }, { name: "robots", content: "noindex" }];

function Shell() {
  const { staff, csrf, nav } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="min-h-screen bg-stone-50">
      <a href="#admin-main" className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2">
        {t("admin.skipToContent")}
      </a>
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-stone-300 bg-ink px-4 py-3 text-white lg:px-6">
        <p className="font-semibold">{t("admin.title")}</p>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span>{t("admin.signedInAs", { email: staff.email, role: t(`admin.roles.${staff.role}`) })}</span>
          <Form method="post" action="/admin/sign-out">
            <CsrfField token={csrf} />
            <button type="submit" className="rounded-md border border-white/60 px-3 py-1 hover:bg-white/10">
              {t("admin.signOut")}
            </button>
          </Form>
        </div>
      </header>
      <div className="lg:flex">
        <nav aria-label={t("admin.nav.label")} className="border-b border-stone-300 bg-white lg:min-h-screen lg:w-56 lg:shrink-0 lg:border-e lg:border-b-0">
          <ul className="flex flex-wrap gap-1 p-2 lg:flex-col">
            {nav.map((item) => (
              <li key={item.path}>
                <NavLink
                  to={item.path}
                  end={item.path === "/admin"}
                  className={({ isActive }) => cx("block rounded-md px-3 py-2 text-sm", isActive ? "bg-ink font-semibold text-white" : "hover:bg-stone-100")}
                >
                  {t(item.nav!)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="admin-main" className="min-w-0 flex-1 px-4 py-6 lg:px-8">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

export default function AdminLayout() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <AdminI18n messages={messages}>
      <Shell />
    </AdminI18n>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
