import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { now } from "~/lib/clock.server";
import { useT } from "~/lib/i18n";
import { applyDeliveryEvent, messageEvents } from "~/modules/mail/delivery-events.server";
import { getOutboxMessage } from "~/modules/mail/outbox.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { can } from "~/modules/staff/permissions";

async function loadMessage(id: string | undefined) {
  const message = id && id.length <= 100 ? await getOutboxMessage(id) : null;
  if (!message) throw new Response("Not found", { status: 404 });
  return message;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:outbox");
  const message = await loadMessage(params.id);
  const events = await messageEvents(message.id);
  return {
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: message.headers,
    events: events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
    // Only messages kept in the outbox (no provider): with Resend, its webhooks report what happened.
    canSimulate: message.transport === "outbox" && can(actor.role, "write:customers"),
  };
}

const SIMULATED = { delivered: "delivered", bounced: "bounced_hard", complained: "complained" } as const;

/** The offline loop: the same effects a Resend webhook has (suppression, a complaint's consent row). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:customers");
  const event = String(form.get("event"));
  const type = Object.hasOwn(SIMULATED, event) ? SIMULATED[event as keyof typeof SIMULATED] : null;
  if (!type) return data({ applied: false }, { status: 400 });
  const message = await loadMessage(params.id);
  if (message.transport !== "outbox") return data({ applied: false }, { status: 400 });
  const outcome = await applyDeliveryEvent({ type, source: "viewer", outboxEmailId: message.id, occurredAt: now() });
  await auditedWrite(actor, "simulate:mail-events", async () => ({ entityId: message.id, before: null, after: { type, suppressed: outcome.suppressed }, result: null }));
  return data({ applied: true });
}

export default function AdminMailMessage() {
  const m = useLoaderData<typeof loader>();
  const applied = useActionData<typeof action>()?.applied;
  const { csrf } = useAdmin();
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
      <h2 className="mb-2 text-lg font-semibold">{t("admin.mail.events")}</h2>
      {applied ? <Flash>{t("admin.mail.eventApplied")}</Flash> : null}
      {m.events.length ? (
        <ul className="mb-4 text-sm" data-testid="mail-events">
          {m.events.map((e, i) => (
            <li key={i}>
              <time dateTime={e.occurredAt}>{e.occurredAt.slice(0, 16).replace("T", " ")}</time> · {e.type} · {e.source}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-4 text-sm text-stone-700">{t("admin.mail.noEvents")}</p>
      )}
      {m.canSimulate ? (
        <Form method="post" className="mb-6 flex flex-wrap items-center gap-2">
          <CsrfField token={csrf} />
          <p className="w-full text-sm text-stone-700">{t("admin.mail.simulateIntro")}</p>
          <Button name="event" value="delivered" variant="outline">
            {t("admin.mail.markDelivered")}
          </Button>
          <Button name="event" value="bounced" variant="outline">
            {t("admin.mail.markBounced")}
          </Button>
          <Button name="event" value="complained" variant="outline">
            {t("admin.mail.markComplained")}
          </Button>
        </Form>
      ) : null}
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
