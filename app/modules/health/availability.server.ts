import { API_BASE_PATH, errorResponse, withCors } from "~/lib/api/http.server";
import { createTranslator, catalogs } from "~/lib/i18n.server";
import { databaseDownSince, trackDbFailures, type DbFailure } from "~db/index";
import { textDirection } from "../markets/markets";

/**
 * When the database is away, out of connections or too slow, Harbor answers 503 with Retry-After —
 * pages with a short localized "back in a moment" page, the API with its one error body — instead
 * of a 500 or a hang. Nothing is retried here: a shopper's retry (or Stripe's webhook retry) is safe
 * because every write is idempotent or transactional.
 */
const RETRY_AFTER_SECONDS: Record<DbFailure, number> = { unavailable: 5, busy: 2, timeout: 2 };

type Handler = (request: Request) => Promise<Response>;

/**
 * Wraps the Remix request handler: a 5xx (or a throw) from a request whose queries met a database
 * failure — or while the database is known to be away — becomes the 503 answer.
 */
export async function answerWithAvailability(request: Request, handle: Handler, nonce?: string): Promise<Response> {
  const { result, failure } = await trackDbFailures(() => handle(request));
  const response = result.status === "fulfilled" ? result.value : null;
  if (response && response.status < 500) return response;
  const reason = failure ?? (databaseDownSince() !== null ? "unavailable" : null);
  if (!reason) {
    if (response) return response;
    throw (result as PromiseRejectedResult).reason;
  }
  await response?.body?.cancel().catch(() => {});
  return outageResponse(request, reason, nonce);
}

function outageResponse(request: Request, reason: DbFailure, nonce?: string): Response {
  const retryAfter = String(RETRY_AFTER_SECONDS[reason]);
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/webhooks/") || !acceptsHtml(request)) {
    const message =
      reason === "unavailable"
        ? `The store's database is unavailable; retry after ${retryAfter} s.`
        : `The store is busy; retry after ${retryAfter} s.`;
    const answer = errorResponse(503, "service_unavailable", message, { headers: { "Retry-After": retryAfter } });
    // The Storefront API is called from browsers on other origins: they may read its 503 like any answer.
    return url.pathname.startsWith(`${API_BASE_PATH}/`) ? withCors(request, answer) : answer;
  }
  const language = pageLanguage(url.pathname, request.headers.get("accept-language"));
  const t = createTranslator(language);
  const html = `<!doctype html>
<html lang="${language}" dir="${textDirection(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(t("error.outageTitle"))}</title>
<style${nonce ? ` nonce="${nonce}"` : ""}>
body{margin:0;font-family:system-ui,sans-serif;background:#faf8f5;color:#1c1917}
main{max-width:36rem;margin:0 auto;padding:6rem 1.5rem;text-align:center}
h1{font-size:1.875rem;margin:0 0 1rem}
p{color:#44403c;line-height:1.6}
a{display:inline-block;margin-top:2rem;padding:.75rem 1.5rem;border-radius:.5rem;background:#1c1917;color:#fff;text-decoration:none}
a:focus-visible{outline:3px solid #b45309;outline-offset:2px}
</style>
</head>
<body>
<main id="main">
<h1>${escapeHtml(t("error.outageTitle"))}</h1>
<p>${escapeHtml(t("error.outageBody"))}</p>
<a href="${escapeHtml(url.pathname + url.search)}">${escapeHtml(t("error.outageRetry"))}</a>
</main>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": retryAfter },
  });
}

function acceptsHtml(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  // Remix's client-side navigations ask for data (?_data / .data); answer them as JSON.
  const url = new URL(request.url);
  if (url.searchParams.has("_data") || url.pathname.endsWith(".data")) return false;
  return accept === "" || accept.includes("text/html") || accept.includes("*/*");
}

/** The market's language from the path (/de-de/…), else the browser's, else English. No database needed. */
function pageLanguage(pathname: string, acceptLanguage: string | null): string {
  const fromPath = /^\/([a-z]{2})-[a-z]{2}(\/|$)/.exec(pathname)?.[1];
  if (fromPath && catalogs[fromPath]) return fromPath;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const lang = part.trim().slice(0, 2).toLowerCase();
    if (catalogs[lang]) return lang;
  }
  return "en";
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
