import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";
import { useT } from "~/lib/i18n";

/** The one error screen every route uses: localized, no stack traces. */
export function ErrorPage() {
  const error = useRouteError();
  const t = useT();
  const params = useParams();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const notFound = status === 404;
  if (!isRouteErrorResponse(error)) console.error(error);
  const home = params.market ? `/${params.market}` : "/";
  return (
    <main id="main" className="mx-auto max-w-2xl px-6 py-24 text-center">
      <p className="text-sm font-semibold tracking-widest text-clay uppercase">{status}</p>
      <h1 className="mt-3 text-3xl font-semibold">{notFound ? t("error.notFoundTitle") : t("error.genericTitle")}</h1>
      <p className="mt-4 text-stone-700">{notFound ? t("error.notFoundBody") : t("error.genericBody")}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-4">
        <Link to={home} className="rounded-md bg-clay px-5 py-2.5 font-medium text-white hover:bg-clay-dark">
          {t("error.backHome")}
        </Link>
        {params.market ? (
          <Link to={`/${params.market}/search`} className="rounded-md border border-stone-400 px-5 py-2.5 font-medium hover:bg-white">
            {t("error.search")}
          </Link>
        ) : null}
      </div>
    </main>
  );
}
