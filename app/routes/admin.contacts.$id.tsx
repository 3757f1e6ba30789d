import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { EmptyState } from "~/components/admin/EmptyState";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { isUserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { updateContactProfile } from "~/modules/contacts/contacts-admin.server";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { can } from "~/modules/staff/permissions";
import { contactProfile } from "~/server/contact-profile.server";

async function loadProfile(id: string) {
  try {
    return await contactProfile(id);
  } catch (e) {
    if (isUserError(e) && e.status === 404) throw new Response("Contact not found", { status: 404 });
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:customers");
  const p = await loadProfile(params.id ?? "");
  const { baseCurrency } = await getStoreConfig();
  const money = (amount: bigint) => formatMoney({ amount, currency: baseCurrency }, "en-US");
  const c = p.contact;
  return {
    contact: {
      id: c.id,
      email: c.email,
      name: c.name ?? "",
      language: c.locale,
      market: c.market,
      country: c.country,
      source: c.source,
      utm: c.utm ? Object.entries(c.utm).map(([k, v]) => `${k}=${v}`).join(", ") : null,
      landingPage: c.landingPage,
      customerId: c.customerId,
      tags: c.tags,
      notes: c.notes ?? "",
      createdAt: c.createdAt.toISOString(),
    },
    consent: { status: p.consent.status, since: p.consent.since?.toISOString() ?? null },
    consents: p.consents.map((e) => ({ id: e.id, status: e.status, source: e.source, locale: e.locale, ip: e.ip, userAgent: e.userAgent, at: e.createdAt.toISOString(), wording: e.consentText ? { text: e.consentText.text, version: e.consentText.version, language: e.consentText.language } : null })),
    stats: {
      ordersCount: p.stats.ordersCount,
      spend: money(p.stats.lifetimeSpend),
      aov: p.stats.averageOrderValue === null ? null : money(p.stats.averageOrderValue),
      first: p.stats.firstOrderAt?.toISOString() ?? null,
      last: p.stats.lastOrderAt?.toISOString() ?? null,
    },
    points: p.points,
    tier: p.tier,
    orders: p.orders.map((o) => ({ id: o.id, number: o.number, status: o.status, total: formatMoney({ amount: o.total, currency: o.currency }, "en-US"), paidAt: o.paidAt?.toISOString() ?? null })),
    timeline: p.timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
    canEdit: can(actor.role, "write:customers"),
  };
}

/** Tags (comma-separated) and notes, audited as update:contacts. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:customers");
  const tags = form.get("tags");
  const notes = form.get("notes");
  if (typeof tags !== "string" || typeof notes !== "string" || !params.id) return data({ saved: false }, { status: 400 });
  const tagList = tags.split(",").map((t) => t.trim().slice(0, 60)).filter(Boolean).slice(0, 50);
  try {
    await auditedWrite(actor, "update:contacts", (tx) => updateContactProfile(tx, params.id!, { tags: tagList, notes: notes.slice(0, 5000) }));
  } catch (e) {
    if (isUserError(e) && e.status === 404) throw new Response("Contact not found", { status: 404 });
    throw e;
  }
  return data({ saved: true });
}

const section = "rounded-md border border-stone-300 bg-white p-4";

function When({ at }: { at: string | null }) {
  return at ? <time dateTime={at}>{at.slice(0, 16).replace("T", " ")}</time> : <>—</>;
}

export default function AdminContact() {
  const { contact: c, consent, consents, stats, points, tier, orders, timeline, canEdit } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>()?.saved;
  const { csrf } = useAdmin();
  const t = useT();
  return (
    <section>
      <p className="mb-2 text-sm">
        <Link to="/admin/contacts" className="underline">
          {t("admin.contacts.back")}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold break-all">{c.name || c.email}</h1>
      {saved ? <Flash>{t("admin.contacts.saved")}</Flash> : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className={section}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.contacts.profile")}</h2>
          <dl className="grid gap-1 text-sm">
            <dt className="font-medium">{t("admin.contacts.email")}</dt>
            <dd className="break-all">{c.email}</dd>
            <dt className="font-medium">{t("admin.contacts.language")}</dt>
            <dd>{c.language}</dd>
            <dt className="font-medium">{t("admin.contacts.market")}</dt>
            <dd>{c.market ?? "—"}</dd>
            <dt className="font-medium">{t("admin.contacts.country")}</dt>
            <dd>{c.country ?? "—"}</dd>
            <dt className="font-medium">{t("admin.contacts.source")}</dt>
            <dd>{c.source}</dd>
            <dt className="font-medium">{t("admin.contacts.utm")}</dt>
            <dd className="break-all">{c.utm ?? "—"}</dd>
            <dt className="font-medium">{t("admin.contacts.landingPage")}</dt>
            <dd className="break-all">{c.landingPage ?? "—"}</dd>
            <dt className="font-medium">{t("admin.contacts.customer")}</dt>
            <dd>{c.customerId ? <Link to={`/admin/customers/${c.customerId}`} className="underline">{c.customerId}</Link> : "—"}</dd>
            <dt className="font-medium">{t("admin.contacts.since")}</dt>
            <dd>
              <When at={c.createdAt} />
            </dd>
          </dl>
        </div>
        <div className={section}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.contacts.stats")}</h2>
          <dl className="grid gap-1 text-sm">
            <dt className="font-medium">{t("admin.contacts.consentCurrent")}</dt>
            <dd data-testid="contact-consent">
              {t(`admin.contacts.statuses.${consent.status}`)} {consent.since ? <>(<When at={consent.since} />)</> : null}
            </dd>
            <dt className="font-medium">{t("admin.contacts.orders")}</dt>
            <dd>{stats.ordersCount}</dd>
            <dt className="font-medium">{t("admin.contacts.spend")}</dt>
            <dd>{stats.spend}</dd>
            <dt className="font-medium">{t("admin.contacts.aov")}</dt>
            <dd>{stats.aov ?? "—"}</dd>
            <dt className="font-medium">{t("admin.contacts.firstOrder")}</dt>
            <dd>
              <When at={stats.first} />
            </dd>
            <dt className="font-medium">{t("admin.contacts.lastOrder")}</dt>
            <dd>
              <When at={stats.last} />
            </dd>
            <dt className="font-medium">{t("admin.contacts.points")}</dt>
            <dd>
              {t("admin.contacts.available")}: {points.available} · {t("admin.contacts.pending")}: {points.pending}
            </dd>
            <dt className="font-medium">{t("admin.contacts.tier")}</dt>
            <dd>{tier ? tier.name : t("admin.contacts.noTier")}</dd>
          </dl>
        </div>
        <div className={section}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.contacts.tagsNotes")}</h2>
          {canEdit ? (
            <Form method="post" className="grid gap-3">
              <CsrfField token={csrf} />
              <FormField id="contact-tags" name="tags" label={t("admin.contacts.tags")} description={t("admin.contacts.tagsHint")} defaultValue={c.tags.join(", ")} />
              <div>
                <label htmlFor="contact-notes" className="mb-1 block text-sm font-medium">
                  {t("admin.contacts.notes")}
                </label>
                <textarea id="contact-notes" name="notes" rows={4} defaultValue={c.notes} className="w-full rounded-md border border-stone-400 p-2 text-sm" />
              </div>
              <Button size="sm" variant="dark">
                {t("admin.contacts.save")}
              </Button>
            </Form>
          ) : (
            <dl className="grid gap-1 text-sm">
              <dt className="font-medium">{t("admin.contacts.tags")}</dt>
              <dd>{c.tags.join(", ") || "—"}</dd>
              <dt className="font-medium">{t("admin.contacts.notes")}</dt>
              <dd className="whitespace-pre-wrap">{c.notes || "—"}</dd>
            </dl>
          )}
        </div>
        <div className={`${section} lg:col-span-3`}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.contacts.consentHistory")}</h2>
          {consents.length ? (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("admin.contacts.consentHistory")}</caption>
                <thead>
                  <tr className="border-b border-stone-300">
                    <th scope="col" className="py-1 pe-2">{t("admin.contacts.when")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.contacts.consent")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.contacts.source")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.contacts.wording")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.contacts.ip")}</th>
                    <th scope="col" className="py-1">{t("admin.contacts.userAgent")}</th>
                  </tr>
                </thead>
                <tbody>
                  {consents.map((e) => (
                    <tr key={e.id} className="border-b border-stone-200 align-top">
                      <td className="py-1 pe-2 whitespace-nowrap">
                        <When at={e.at} />
                      </td>
                      <td className="py-1 pe-2">{t(`admin.contacts.statuses.${e.status}`)}</td>
                      <td className="py-1 pe-2">{e.source}</td>
                      <td className="py-1 pe-2">{e.wording ? <q lang={e.wording.language}>{e.wording.text}</q> : "—"}{e.wording ? ` (v${e.wording.version}, ${e.wording.language})` : null}</td>
                      <td className="py-1 pe-2">{e.ip ?? "—"}</td>
                      <td className="py-1 break-all">{e.userAgent ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <EmptyState>{t("admin.contacts.noConsent")}</EmptyState>
          )}
        </div>
        <div className={`${section} lg:col-span-2`}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.contacts.orders")}</h2>
          {orders.length ? (
            <ul className="grid gap-1 text-sm">
              {orders.map((o) => (
                <li key={o.id}>
                  <Link to={`/admin/orders/${o.id}`} className="underline">
                    #{o.number}
                  </Link>{" "}
                  · <When at={o.paidAt} /> · {t(`admin.orders.statuses.${o.status}`)} · {o.total}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState>{t("admin.contacts.noOrders")}</EmptyState>
          )}
        </div>
        <div className={section}>
          <h2 className="mb-3 text-lg font-semibold">{t("admin.contacts.timeline")}</h2>
          {timeline.length ? (
            <ol className="grid gap-1 text-sm" data-testid="contact-timeline">
              {timeline.map((e, i) => (
                <li key={i}>
                  <When at={e.at} /> · {t(`admin.contacts.kinds.${e.kind}`)}: {e.kind === "consent" ? t(`admin.contacts.statuses.${e.label as "subscribed"}`) : e.label}
                  {e.detail ? ` (${e.detail})` : null}
                </li>
              ))}
            </ol>
          ) : (
            <EmptyState>{t("admin.contacts.noTimeline")}</EmptyState>
          )}
        </div>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
