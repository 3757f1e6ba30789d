import type { MetaDescriptor } from "@remix-run/node";
import { isRouteErrorResponse, useParams, useRouteError } from "@remix-run/react";
import { ButtonLink } from "~/components/ui/Button";
import { parseMessages, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/seo";

type RootMatchData = { storeName?: string; messages?: string };
type ErrorMessages = { error?: { notFoundTitle?: string; genericTitle?: string } };

/** The error screen's document title (every page needs one), from the root loader's active catalog. */
export function errorMeta(error: unknown, matches: readonly { id: string; data: unknown }[]): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as RootMatchData | undefined;
  const messages = root?.messages ? (parseMessages(root.messages) as ErrorMessages).error : undefined;
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = (notFound ? messages?.notFoundTitle : messages?.genericTitle) ?? (notFound ? "Not found" : "Error");
  return [{ title: pageTitle(title, root?.storeName ?? "") }, { name: "robots", content: "noindex" }];
}

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
