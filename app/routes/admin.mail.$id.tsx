import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { useT } from "~/lib/i18n";
import { getOutboxMessage } from "~/modules/mail/outbox.server";
import { requireAdminPage } from "~/modules/staff/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:outbox");
  const message = params.id && params.id.length <= 100 ? await getOutboxMessage(params.id) : null;
  if (!message) throw new Response("Not found", { status: 404 });
  return { subject: message.subject, html: message.html, text: message.text, headers: message.headers };
}

export default function AdminMailMessage() {
  const m = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <Link to="/admin/mail" className="text-sm underline">
        {t("admin.mail.back")}
      </Link>
      <h1 className="mt-2 mb-4 text-2xl font-semibold break-words">{m.subject}</h1>
      <h2 className="mb-2 text-lg font-semibold">{t("admin.mail.headers")}</h2>
      <dl className="mb-6 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md border border-stone-300 bg-white p-3 text-sm">
        {Object.entries(m.headers).map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-medium">{name}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mb-2 text-lg font-semibold">{t("admin.mail.html")}</h2>
      {/* No scripts, forms, navigation or same-origin access for the message (empty sandbox). */}
      <iframe title={t("admin.mail.preview")} srcDoc={m.html} sandbox="" className="mb-6 h-[600px] w-full rounded-md border border-stone-300 bg-white" />
      <h2 className="mb-2 text-lg font-semibold">{t("admin.mail.text")}</h2>
      <pre className="overflow-auto rounded-md border border-stone-300 bg-white p-3 text-sm whitespace-pre-wrap">{m.text}</pre>
    </article>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
