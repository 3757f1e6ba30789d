import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { ButtonLink } from "~/components/ui/Button";
import { useT } from "~/lib/i18n";

/** The admin's error screen: 403 (the role lacks the section), 404, anything else. */
export function AdminErrorPage() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const [title, body] =
    status === 403
      ? (["admin.errors.forbiddenTitle", "admin.errors.forbiddenBody"] as const)
      : status === 404
        ? (["admin.errors.notFoundTitle", "admin.errors.notFoundBody"] as const)
        : (["admin.errors.genericTitle", "admin.errors.genericBody"] as const);
  return (
    <section className="py-12">
      <p className="text-sm font-semibold tracking-widest text-clay uppercase">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{t(title)}</h1>
      <p className="mt-3 text-stone-700">{t(body)}</p>
      <ButtonLink to="/admin" className="mt-6 inline-block">
        {t("admin.errors.backToDashboard")}
      </ButtonLink>
    </section>
  );
}
