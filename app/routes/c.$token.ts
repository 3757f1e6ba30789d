import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { openTrackedLink } from "~/modules/mail/clicks.server";

/**
 * A tracked link from a marketing email: records the click, sets the attribution cookie and sends the
 * reader on. Only links to the store are ever signed or followed, so this is no open redirect.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const opened = await openTrackedLink(params.token ?? "", request);
  if (!opened) {
    return new Response("This link is not valid. Copy the whole link from the email.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  return redirect(opened.url, { status: 302, headers: { "Set-Cookie": opened.cookie, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
}
