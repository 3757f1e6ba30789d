import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField, FormField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { useErrorText } from "~/components/ui/Field";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { formatMoney, parseDecimal, toDecimalString } from "~/lib/money";
import { getOrderAdminDetail } from "~/modules/orders/order-admin.server";
import { OrderPageForm } from "~/modules/orders/order-form";
import { platformName } from "~/modules/orders/order-status";
import { addOrderNote, cancelOrder, refundOrder, shipOrder } from "~/modules/orders/order-operations.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { can } from "~/modules/staff/permissions";
import { orderAuditHook, supportRefundLimit } from "~/server/order-admin.server";

const CARRIERS = ["dhl", "ups", "fedex", "usps", "japan-post", "royal-mail", "yunexpress"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireAdminPage(request, "read:orders");
  const d = await getOrderAdminDetail(params.id ?? "").catch((e) => {
    if (isUserError(e) && e.status === 404) throw new Response("Order not found", { status: 404 });
    throw e;
  });
  const o = d.order;
  const money = (amount: bigint) => formatMoney({ amount, currency: o.currency }, "en-US");
  const limit = supportRefundLimit(actor, o);
  return {
    order: {
      id: o.id,
      number: o.number,
      status: o.status,
      email: o.email,
      market: o.market,
      currency: o.currency,
      createdAt: o.createdAt.toISOString(),
      address: o.shippingAddress,
      shippingMethod: o.shippingMethod.method,
      importedFrom: o.importedFrom ? platformName(o.importedFrom) : null,
      externalId: o.externalId,
    },
    lines: d.lines.map((l) => ({
      id: l.id,
      title: l.title,
      variantTitle: l.variantTitle,
      sku: l.sku,
      quantity: l.quantity,
      fulfilled: l.fulfilledQuantity,
      restocked: l.restockedQuantity,
      unitPrice: money(l.unitPrice),
      total: money(l.total),
    })),
    totals: [
      ["admin.orders.subtotal", money(o.subtotal)],
      ["admin.orders.discounts", money(-o.discountTotal)],
      ["admin.orders.shipping", money(o.shippingTotal)],
      ["admin.orders.tax", money(o.taxTotal)],
      ["admin.orders.duties", money(o.dutyTotal)],
      ["admin.orders.total", money(o.total)],
    ] as [MessageKey, string][],
    payment: { provider: d.payment.provider, status: d.payment.status, captured: money(d.payment.captured), refunded: money(d.payment.refunded), refundable: money(d.payment.refundable) },
    refundableDecimal: toDecimalString(d.payment.refundable, o.currency),
    limit: limit === undefined ? null : money(limit),
    fulfillments: d.fulfillments.map((f) => ({ id: f.id, carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl, at: f.createdAt.toISOString() })),
    refunds: d.refunds.map((r) => ({ id: r.id, amount: money(r.amount), reason: r.reason, at: r.createdAt.toISOString(), restocked: r.restocked.reduce((n, x) => n + x.quantity, 0) })),
    timeline: d.timeline.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, from: e.fromStatus, to: e.toStatus, text: e.text, author: e.author })),
    // An imported order is history: no shipment, refund or cancellation here (notes are fine).
    can: {
      fulfil: !o.importedFrom && can(actor.role, "write:orders") && ["paid", "partially_fulfilled", "partially_refunded"].includes(o.status) && d.lines.some((l) => l.quantity > l.fulfilledQuantity + l.restockedQuantity),
      refund: !o.importedFrom && can(actor.role, "refund:orders") && d.payment.refundable > 0n,
      cancel: !o.importedFrom && can(actor.role, "write:orders") && ["pending_payment", "paid", "partially_refunded"].includes(o.status) && d.lines.every((l) => l.fulfilledQuantity === 0),
      note: can(actor.role, "write:orders"),
    },
    // One key per rendered form: a double submit (or a resubmitted page) is the same request.
    keys: { fulfil: randomUUID(), refund: randomUUID() },
  };
}

type Outcome = { kind: "fulfilled" | "refunded" | "cancelled" | "noted" | "replayed" } | { kind: "error"; message: MessageKey; values?: Record<string, string> };
type ActionData = { intent: string; result?: SubmissionResult<string[]>; outcome?: Outcome };

/** Domain refusals the page explains; anything else is a bug and reaches the error page. */
const ERRORS: Record<string, MessageKey> = {
  invalid_refund: "admin.orders.errors.invalid_refund",
  refund_limit_exceeded: "admin.orders.errors.refund_limit_exceeded",
  invalid_restock: "admin.orders.errors.invalid_restock",
  invalid_transition: "admin.orders.errors.invalid_transition",
  invalid_fulfillment: "admin.orders.errors.invalid_fulfillment",
  idempotency_key_reused: "admin.orders.errors.idempotency_key_reused",
  refund_declined: "admin.orders.errors.refund_declined",
  payment_state_changed: "admin.orders.errors.payment_state_changed",
  payment_unavailable: "admin.orders.errors.refund_declined",
  order_imported: "admin.orders.errors.order_imported",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const intent = new URL(request.url).searchParams.get("intent") ?? "";
  // Role checks come first: refunds need refund:orders (and support's limit), the rest write:orders.
  const { actor, form } = await requireAdminAction(request, intent === "refund" ? "refund:orders" : "write:orders");
  const id = params.id ?? "";
  const submission = parseWithZod(form, { schema: OrderPageForm });
  if (submission.status !== "success") return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    switch (input.intent) {
      case "fulfil": {
        const r = await shipOrder(id, { carrier: input.carrier, trackingNumber: input.trackingNumber, idempotencyKey: input.idempotencyKey }, orderAuditHook(actor, "fulfil:orders"));
        return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), outcome: { kind: r.replayed ? "replayed" : "fulfilled" } });
      }
      case "refund": {
        const { order } = await getOrderAdminDetail(id);
        let amount: bigint;
        try {
          amount = parseDecimal(input.amount, order.currency);
        } catch {
          return data<ActionData>({ intent, result: submission.reply({ fieldErrors: { amount: ["admin.orders.errors.amount"] } }) }, { status: 400 });
        }
        const restock = Object.entries(input.restock ?? {})
          .filter(([, q]) => q > 0)
          .map(([orderLineId, quantity]) => ({ orderLineId, quantity }));
        const r = await refundOrder(
          id,
          { amount, reason: input.reason, restock, idempotencyKey: input.idempotencyKey, maxAmount: supportRefundLimit(actor, order) },
          orderAuditHook(actor, "refund:orders"),
        );
        return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), outcome: { kind: r.replayed ? "replayed" : "refunded" } });
      }
      case "cancel": {
        await cancelOrder(id, { reason: input.reason }, orderAuditHook(actor, "cancel:orders"));
        return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), outcome: { kind: "cancelled" } });
      }
      case "note": {
        await addOrderNote(id, { author: actor.email, text: input.text }, orderAuditHook(actor, "note:orders"));
        return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), outcome: { kind: "noted" } });
      }
    }
  } catch (e) {
    if (isUserError(e) && e.code === "order_not_found") throw new Response("Order not found", { status: 404 });
    const key = isUserError(e) ? ERRORS[e.code] : undefined;
    if (!key || !isUserError(e)) throw e;
    const details = e.details ?? {};
    return data<ActionData>({ intent, result: submission.reply(), outcome: { kind: "error", message: key, values: { detail: e.message, ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, String(v)])) } } }, { status: e.status });
  }
}

function OutcomeFlash({ outcome }: { outcome: Outcome }) {
  const t = useT();
  if (outcome.kind === "error") return <Flash tone="error">{t(outcome.message, outcome.values)}</Flash>;
  return <Flash>{t(`admin.orders.flash.${outcome.kind}`)}</Flash>;
}

const section = "rounded-md border border-stone-300 bg-white p-4";
const h2 = "mb-3 text-lg font-semibold";

export default function AdminOrder() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const { csrf } = useAdmin();
  const t = useT();
  const errorText = useErrorText();
  const formFor = (intent: string) => ({
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    shouldValidate: "onSubmit" as const,
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: OrderPageForm }),
  });
  const [fulfil, fulfilFields] = useForm(formFor("fulfil"));
  const [refund, refundFields] = useForm(formFor("refund"));
  const [cancel, cancelFields] = useForm(formFor("cancel"));
  const [note, noteFields] = useForm(formFor("note"));
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formAction?.endsWith(`intent=${intent}`);
  // Optimistic: a note being saved shows in the timeline at once.
  const pendingNote = busy("note") ? String(navigation.formData?.get("text") ?? "").trim() : "";
  const o = d.order;
  return (
    <section>
      <p className="mb-2 text-sm">
        <Link to="/admin/orders" className="underline">
          {t("admin.orders.back")}
        </Link>
      </p>
      <h1 className="mb-1 text-2xl font-semibold">{t("admin.orders.orderTitle", { number: String(o.number) })}</h1>
      <p className="mb-4 text-stone-700">
        <span className="rounded bg-stone-200 px-2 py-0.5 font-medium text-ink" data-testid="order-status">
          {t(`admin.orders.statuses.${o.status}`)}
        </span>{" "}
        <time dateTime={o.createdAt}>{o.createdAt.replace("T", " ").slice(0, 16)}</time> · <code>{o.market}</code>
        {o.importedFrom ? (
          <>
            {" "}
            <span className="rounded bg-stone-200 px-2 py-0.5 font-medium text-ink" data-testid="imported-badge">
              {t("admin.orders.importedFrom", { platform: o.importedFrom })}
            </span>
          </>
        ) : null}
      </p>
      {o.importedFrom ? <p className="mb-4 text-sm text-stone-700">{t("admin.orders.importedHint", { platform: o.importedFrom, id: o.externalId ?? "" })}</p> : null}
      {actionData?.outcome ? <OutcomeFlash outcome={actionData.outcome} /> : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="grid gap-4 lg:col-span-2">
          <div className={section}>
            <h2 className={h2}>{t("admin.orders.items")}</h2>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-stone-300">
                    <th scope="col" className="py-1 pe-2">{t("admin.orders.product")}</th>
                    <th scope="col" className="py-1 pe-2 text-end">{t("admin.orders.quantity")}</th>
                    <th scope="col" className="py-1 pe-2 text-end">{t("admin.orders.shipped")}</th>
                    <th scope="col" className="py-1 pe-2 text-end">{t("admin.orders.restocked")}</th>
                    <th scope="col" className="py-1 text-end">{t("admin.orders.lineTotal")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.lines.map((l) => (
                    <tr key={l.id} className="border-b border-stone-200 align-top">
                      <td className="py-1 pe-2">
                        {l.title} <span className="text-stone-700">{l.variantTitle}</span>
                        <span className="block text-xs text-stone-700">{l.sku} · {l.unitPrice}</span>
                      </td>
                      <td className="py-1 pe-2 text-end">{l.quantity}</td>
                      <td className="py-1 pe-2 text-end">{l.fulfilled}</td>
                      <td className="py-1 pe-2 text-end">{l.restocked}</td>
                      <td className="py-1 text-end whitespace-nowrap">{l.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm sm:ms-auto sm:max-w-xs">
              {d.totals.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt>{t(k)}</dt>
                  <dd className="text-end whitespace-nowrap">{v}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div className={section}>
            <h2 className={h2}>{t("admin.orders.timeline")}</h2>
            <ol className="grid gap-2 text-sm" aria-label={t("admin.orders.timeline")}>
              {d.timeline.map((e) => (
                <li key={e.id} className="border-s-2 border-stone-300 ps-3">
                  <time dateTime={e.at} className="block text-xs text-stone-700">{e.at.replace("T", " ").slice(0, 19)}</time>
                  {e.kind === "status" ? (
                    <span className="font-medium">{e.from ? t("admin.orders.moved", { from: t(`admin.orders.statuses.${e.from as "paid"}`), to: t(`admin.orders.statuses.${e.to as "paid"}`) }) : t(`admin.orders.statuses.${e.to as "paid"}`)}</span>
                  ) : e.kind === "note" ? (
                    <span className="font-medium">{t("admin.orders.noteBy", { author: e.author ?? "" })}</span>
                  ) : null}
                  {e.text ? <p className="whitespace-pre-wrap break-words">{e.text}</p> : null}
                </li>
              ))}
              {pendingNote ? (
                <li className="border-s-2 border-stone-300 ps-3 opacity-70" aria-busy="true">
                  <span className="font-medium">{t("admin.orders.saving")}</span>
                  <p className="whitespace-pre-wrap break-words">{pendingNote}</p>
                </li>
              ) : null}
            </ol>
            {d.can.note ? (
              <Form method="post" action="?intent=note" {...getFormProps(note)} className="mt-4 grid gap-2">
                <CsrfField token={csrf} />
                <input type="hidden" name="intent" value="note" />
                <label htmlFor="note-text" className="text-sm font-medium">{t("admin.orders.addNote")}</label>
                <textarea
                  id="note-text"
                  name={noteFields.text.name}
                  rows={3}
                  maxLength={2000}
                  required
                  aria-invalid={noteFields.text.errors ? true : undefined}
                  aria-describedby={noteFields.text.errors ? "note-text-error" : undefined}
                  className="rounded-md border border-stone-500 p-2"
                  key={actionData?.outcome?.kind === "noted" ? d.timeline.length : "note"}
                />
                {noteFields.text.errors ? <p id="note-text-error" className="text-sm text-red-800">{errorText(noteFields.text.errors)}</p> : null}
                <div>
                  <Button size="sm" disabled={busy("note")}>{t("admin.orders.saveNote")}</Button>
                </div>
              </Form>
            ) : null}
          </div>
        </div>
        <div className="grid content-start gap-4">
          <div className={section}>
            <h2 className={h2}>{t("admin.orders.customer")}</h2>
            <p className="break-all">{o.email}</p>
            <address className="mt-2 text-sm not-italic">
              {[o.address.name, o.address.line1, o.address.line2, [o.address.postalCode, o.address.city].filter(Boolean).join(" "), o.address.region, o.address.country].filter(Boolean).map((x, i) => (
                <span key={i} className="block">{x}</span>
              ))}
            </address>
            <p className="mt-2 text-sm">{t("admin.orders.shippingMethod", { method: o.shippingMethod })}</p>
          </div>
          <div className={section}>
            <h2 className={h2}>{t("admin.orders.payment")}</h2>
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
              <dt>{t("admin.orders.provider")}</dt>
              <dd className="text-end">{d.payment.provider ?? "—"} {d.payment.status ? `(${d.payment.status})` : ""}</dd>
              <dt>{t("admin.orders.captured")}</dt>
              <dd className="text-end">{d.payment.captured}</dd>
              <dt>{t("admin.orders.refunded")}</dt>
              <dd className="text-end">{d.payment.refunded}</dd>
              <dt>{t("admin.orders.refundable")}</dt>
              <dd className="text-end" data-testid="refundable">{d.payment.refundable}</dd>
            </dl>
            {d.refunds.length ? (
              <ul className="mt-3 grid gap-1 text-sm">
                {d.refunds.map((r) => (
                  <li key={r.id}>
                    {t("admin.orders.refundLine", { amount: r.amount, date: r.at.slice(0, 10) })}
                    {r.reason ? ` — ${r.reason}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <div className={section}>
            <h2 className={h2}>{t("admin.orders.shipments")}</h2>
            {d.fulfillments.length ? (
              <ul className="grid gap-1 text-sm">
                {d.fulfillments.map((f) => (
                  <li key={f.id}>
                    {f.carrier}:{" "}
                    {f.trackingUrl ? (
                      <a href={f.trackingUrl} className="underline" rel="noreferrer noopener" target="_blank">
                        {f.trackingNumber}
                      </a>
                    ) : (
                      f.trackingNumber
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-stone-700">{t("admin.orders.notShipped")}</p>
            )}
          </div>
        </div>
      </div>

      {d.can.fulfil || d.can.refund || d.can.cancel ? (
        <div className="mt-6 grid gap-4 lg:grid-cols-3">
          {d.can.fulfil ? (
            <Form method="post" action="?intent=fulfil" {...getFormProps(fulfil)} className={`${section} grid content-start gap-3`}>
              <h2 className={h2}>{t("admin.orders.fulfilTitle")}</h2>
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="fulfil" />
              <input type="hidden" name="idempotencyKey" value={d.keys.fulfil} />
              <FormField {...getInputProps(fulfilFields.carrier, { type: "text" })} id="fulfil-carrier" label={t("admin.orders.carrier")} list="carriers" required error={errorText(fulfilFields.carrier.errors)} />
              <datalist id="carriers">
                {CARRIERS.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
              <FormField {...getInputProps(fulfilFields.trackingNumber, { type: "text" })} id="fulfil-tracking" label={t("admin.orders.trackingNumber")} required error={errorText(fulfilFields.trackingNumber.errors)} />
              <p className="text-sm text-stone-700">{t("admin.orders.fulfilHint")}</p>
              <div>
                <Button disabled={busy("fulfil")}>{busy("fulfil") ? t("admin.orders.working") : t("admin.orders.fulfil")}</Button>
              </div>
            </Form>
          ) : null}
          {d.can.refund ? (
            <Form method="post" action="?intent=refund" {...getFormProps(refund)} className={`${section} grid content-start gap-3`}>
              <h2 className={h2}>{t("admin.orders.refundTitle")}</h2>
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="refund" />
              <input type="hidden" name="idempotencyKey" value={d.keys.refund} />
              <FormField
                {...getInputProps(refundFields.amount, { type: "text" })}
                id="refund-amount"
                label={t("admin.orders.refundAmount", { currency: o.currency })}
                description={d.limit ? t("admin.orders.refundHintLimit", { refundable: d.payment.refundable, limit: d.limit }) : t("admin.orders.refundHint", { refundable: d.payment.refundable })}
                defaultValue={d.refundableDecimal}
                inputMode="decimal"
                required
                error={errorText(refundFields.amount.errors)}
              />
              <FormField {...getInputProps(refundFields.reason, { type: "text" })} id="refund-reason" label={t("admin.orders.reason")} error={errorText(refundFields.reason.errors)} />
              <fieldset className="grid gap-2">
                <legend className="text-sm font-medium">{t("admin.orders.restock")}</legend>
                {d.lines.map((l) => (
                  <FormField
                    key={l.id}
                    id={`restock-${l.id}`}
                    name={`restock.${l.id}`}
                    type="number"
                    min={0}
                    max={l.quantity - l.restocked}
                    defaultValue="0"
                    label={t("admin.orders.restockLine", { title: `${l.title} ${l.variantTitle}`.trim(), max: String(l.quantity - l.restocked) })}
                  />
                ))}
              </fieldset>
              <div>
                <Button disabled={busy("refund")}>{busy("refund") ? t("admin.orders.working") : t("admin.orders.refund")}</Button>
              </div>
            </Form>
          ) : null}
          {d.can.cancel ? (
            <Form method="post" action="?intent=cancel" {...getFormProps(cancel)} className={`${section} grid content-start gap-3`}>
              <h2 className={h2}>{t("admin.orders.cancelTitle")}</h2>
              <CsrfField token={csrf} />
              <input type="hidden" name="intent" value="cancel" />
              <p className="text-sm text-stone-700">{t("admin.orders.cancelHint")}</p>
              <FormField {...getInputProps(cancelFields.reason, { type: "text" })} id="cancel-reason" label={t("admin.orders.reason")} required error={errorText(cancelFields.reason.errors)} />
              <div>
                <Button variant="danger" disabled={busy("cancel")}>{busy("cancel") ? t("admin.orders.working") : t("admin.orders.cancel")}</Button>
              </div>
            </Form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
