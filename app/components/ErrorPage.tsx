import { isRouteErrorResponse, useParams, useRouteError } from "@remix-run/react";
import { ButtonLink } from "~/components/ui/Button";
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
        <ButtonLink to={home}>{t("error.backHome")}</ButtonLink>
        {params.market ? (
          <ButtonLink to={`/${params.market}/search`} variant="outline" className="font-medium hover:bg-white">
            {t("error.search")}
          </ButtonLink>
        ) : null}
      </div>
    </main>
  );
}
