import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { AdminErrorPage } from "~/components/admin/AdminErrorPage";
import { Flash } from "~/components/admin/Flash";
import { CsrfField } from "~/components/admin/FormField";
import { useAdmin } from "~/components/admin/use-admin";
import { Button } from "~/components/ui/Button";
import { controlClass } from "~/components/ui/styles";
import { isUserError } from "~/lib/errors";
import { useT, type MessageKey } from "~/lib/i18n";
import { newId } from "~/lib/ids";
import { formatMoney } from "~/lib/money";
import { listCollectionsForAdmin } from "~/modules/catalog/catalog-admin.server";
import { LANGS, PRODUCT_STATUSES, type Lang } from "~/modules/catalog/catalog-input";
import { deleteProduct, listingWarnings, loadProductRecord, previewMarketPrices, upsertProduct } from "~/modules/catalog/catalog-write.server";
import type { ListingWarning } from "~/modules/catalog/compliance";
import { getFileStore, uploadProductImage } from "~/modules/catalog/file-store.server";
import { optionsToText, productInputFromForm } from "~/modules/catalog/product-form";
import { productTranslationTable } from "~/modules/catalog/translations";
import { listLocations } from "~/modules/inventory/inventory.server";
import { priceCurrencies } from "~/modules/pricing/pricing.server";
import { requireAdminAction, requireAdminPage } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";
import { can } from "~/modules/staff/permissions";

async function formContext() {
  const [currencies, locations, collections] = await Promise.all([priceCurrencies(), listLocations(), listCollectionsForAdmin()]);
  return { currencies, locations, collections: collections.map((c) => ({ id: c.id, title: c.title })) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdminPage(request, "read:products");
  const id = params.id!;
  const product = id === "new" ? null : await loadProductRecord(id);
  if (id !== "new" && !product) throw new Response("No such product.", { status: 404 });
  const [ctx, warnings, preview] = await Promise.all([formContext(), product ? listingWarnings(product) : [], product ? previewMarketPrices(product.id) : []]);
  return {
    product,
    ...ctx,
    warnings,
    translations: productTranslationTable(product?.translations ?? {}),
    preview: preview.map((m) => ({
      market: m.market,
      name: m.name,
      currency: m.currency,
      variants: m.variants.map((v) => ({ sku: v.sku, price: formatMoney(v.price, "en-US"), compareAt: v.compareAt ? formatMoney(v.compareAt, "en-US") : null, source: v.source })),
    })),
  };
}

type ActionData = {
  error?: { code: string; message: string; field?: string };
  warnings?: ListingWarning[];
  needsConfirm?: boolean;
  values?: Record<string, string>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, form } = await requireAdminAction(request, "write:products");
  const id = params.id === "new" ? newId("prod") : params.id!;
  if (form.get("intent") === "delete") {
    try {
      await auditedWrite(actor, "delete:products", async (tx) => {
        const r = await deleteProduct(id, tx);
        return { entityId: id, before: r.before, after: null, result: null };
      });
    } catch (e) {
      if (!isUserError(e)) throw e;
      return data<ActionData>({ error: { code: e.code, message: e.message } }, { status: e.status });
    }
    return redirect("/admin/products?deleted=1");
  }
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  // The form is checked before anything is looked up: without an English title nothing can be saved.
  if (!values["translations.en.title"]?.trim()) {
    return data<ActionData>({ error: { code: "translation_required", message: "Add the English title: every market falls back to English.", field: "translations.en.title" }, values }, { status: 400 });
  }
  let uploaded: string | null = null;
  try {
    const existing = params.id === "new" ? null : await loadProductRecord(id);
    if (params.id !== "new" && !existing) throw new Response("No such product.", { status: 404 });
    const ctx = await formContext();
    const input = productInputFromForm(form, { existing, currencies: ctx.currencies, locations: ctx.locations.map((l) => l.code) });
    const file = form.get("image");
    if (file instanceof File && file.size > 0) {
      const image = await uploadProductImage(new Uint8Array(await file.arrayBuffer()));
      uploaded = image.url;
      input.images.push({ url: image.url, width: image.width, height: image.height, alt: { en: String(form.get("imageAlt") ?? "").trim() } });
    }
    const confirm = form.get("confirm") === "1";
    await auditedWrite(actor, existing ? "update:products" : "create:products", async (tx) => {
      const r = await upsertProduct({ ...input, id }, { db: tx, confirm });
      return { entityId: id, before: r.before, after: r.after, result: r };
    });
  } catch (e) {
    if (uploaded) await getFileStore().delete(uploaded);
    if (!isUserError(e)) throw e;
    const warnings = e.code === "listing_warnings" ? (e.details as { warnings: ListingWarning[] }).warnings : undefined;
    return data<ActionData>({ error: { code: e.code, message: e.message, field: e.field }, warnings, needsConfirm: !!warnings, values }, { status: e.status });
  }
  return redirect(`/admin/products/${id}?saved=1`);
}

const input = controlClass({ size: "sm", block: true });

const LANGUAGE_KEYS: Record<Lang, MessageKey> = {
  en: "admin.catalog.languages.en",
  fr: "admin.catalog.languages.fr",
  de: "admin.catalog.languages.de",
  es: "admin.catalog.languages.es",
  ja: "admin.catalog.languages.ja",
  pt: "admin.catalog.languages.pt",
  ar: "admin.catalog.languages.ar",
};

const WARNING_KEYS: Record<string, MessageKey> = {
  superlative_claim: "admin.catalog.warnings.superlative_claim",
  absolute_claim: "admin.catalog.warnings.absolute_claim",
  medical_claim: "admin.catalog.warnings.medical_claim",
  missing_hs_code: "admin.catalog.warnings.missing_hs_code",
  invalid_hs_code: "admin.catalog.warnings.invalid_hs_code",
  missing_country_of_origin: "admin.catalog.warnings.missing_country_of_origin",
  invalid_country_of_origin: "admin.catalog.warnings.invalid_country_of_origin",
  missing_weight: "admin.catalog.warnings.missing_weight",
};

/** The messages that belong beside one input: the save's error and the listing check's warnings. */
function Notes({ field, warnings, error }: { field: string; warnings: ListingWarning[]; error?: ActionData["error"] }) {
  const t = useT();
  const mine = warnings.filter((w) => w.field === field);
  const err = error?.field === field ? error : null;
  if (!mine.length && !err) return null;
  return (
    <div id={`${field}-notes`} className="mt-1 space-y-1 text-xs">
      {err ? <p className="font-medium text-red-800">{err.message}</p> : null}
      {mine.map((w) => (
        <p key={w.code} className="text-amber-900" title={w.message}>
          <span aria-hidden="true">⚠ </span>
          {WARNING_KEYS[w.code] ? t(WARNING_KEYS[w.code]!) : w.code}
          <span className="sr-only">: {w.message}</span>
        </p>
      ))}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-md border border-stone-300 bg-white p-4">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default function AdminProduct() {
  const { product, currencies, locations, collections, warnings: stored, translations, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const [search] = useSearchParams();
  const { csrf, staff } = useAdmin();
  const t = useT();
  const canWrite = can(staff.role, "write:products");
  const values = actionData?.values;
  const warnings = actionData?.warnings ?? stored;
  const error = actionData?.error;
  const v = (name: string, fallback: string | number | null | undefined) => values?.[name] ?? (fallback === null || fallback === undefined ? "" : String(fallback));
  const noteProps = (field: string) => ({ "aria-describedby": warnings.some((w) => w.field === field) || error?.field === field ? `${field}-notes` : undefined });
  const variants = [...(product?.variants ?? []), null];
  const options = product?.options ?? [];
  const title = product?.translations.en?.title ?? t("admin.catalog.newProduct");

  return (
    <div className="space-y-5">
      <p>
        <Link to="/admin/products" className="text-sm underline">
          {t("admin.catalog.backToProducts")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {search.get("saved") && !actionData ? <Flash>{t("admin.catalog.saved")}</Flash> : null}
      {actionData?.needsConfirm ? (
        <Flash tone="error">{t("admin.catalog.confirmNeeded", { count: warnings.length })}</Flash>
      ) : error && !error.field ? (
        <Flash tone="error">{error.message}</Flash>
      ) : error ? (
        <Flash tone="error">{t("admin.catalog.fixField", { field: error.field ?? "" })}</Flash>
      ) : null}
      {!actionData && warnings.length ? <Flash tone="error">{t("admin.catalog.warningsFound", { count: warnings.length })}</Flash> : null}

      <Form method="post" encType="multipart/form-data" className="space-y-5">
        <CsrfField token={csrf} />
        <fieldset disabled={!canWrite} className="space-y-5">
          <Section title={t("admin.catalog.details")}>
            <div className="grid gap-3 md:grid-cols-3">
              <label className="text-sm">
                {t("admin.catalog.status")}
                <select name="status" defaultValue={v("status", product?.status ?? "draft")} className={input}>
                  {PRODUCT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`admin.catalog.statuses.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                {t("admin.catalog.vendor")}
                <input name="vendor" defaultValue={v("vendor", product?.vendor)} className={input} />
              </label>
              <label className="text-sm">
                {t("admin.catalog.productType")}
                <input name="productType" defaultValue={v("productType", product?.productType)} className={input} />
              </label>
              <label className="text-sm">
                {t("admin.catalog.tags")}
                <input name="tags" defaultValue={v("tags", product?.tags.join(", "))} className={input} />
              </label>
              <label className="text-sm">
                {t("admin.catalog.hsCode")}
                <input name="hsCode" defaultValue={v("hsCode", product?.hsCode)} className={input} inputMode="numeric" {...noteProps("hsCode")} />
                <Notes field="hsCode" warnings={warnings} error={error} />
              </label>
              <label className="text-sm">
                {t("admin.catalog.countryOfOrigin")}
                <input name="countryOfOrigin" defaultValue={v("countryOfOrigin", product?.countryOfOrigin)} className={input} maxLength={2} {...noteProps("countryOfOrigin")} />
                <Notes field="countryOfOrigin" warnings={warnings} error={error} />
              </label>
              <label className="text-sm">
                {t("admin.catalog.releasedAt")}
                <input
                  name="releasedAt"
                  type="datetime-local"
                  defaultValue={v("releasedAt", product?.releasedAt?.slice(0, 16))}
                  className={input}
                  aria-describedby={error?.field === "releasedAt" ? "releasedAt-notes releasedAt-hint" : "releasedAt-hint"}
                  data-testid="product-released-at"
                />
                <span id="releasedAt-hint" className="mt-1 block text-xs text-stone-700">
                  {t("admin.catalog.releasedAtHint")}
                </span>
                <Notes field="releasedAt" warnings={warnings} error={error} />
              </label>
            </div>
            {collections.length ? (
              <fieldset className="mt-3">
                <legend className="text-sm font-medium">{t("admin.catalog.collections")}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                  {collections.map((c) => (
                    <label key={c.id} className="flex items-center gap-1 text-sm">
                      <input type="checkbox" name="collections" value={c.id} defaultChecked={product?.collections.includes(c.id)} />
                      {c.title}
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : null}
          </Section>

          <Section title={t("admin.catalog.translations")}>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("admin.catalog.translations")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pe-2">{t("admin.catalog.language")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.catalog.title")}</th>
                    <th scope="col" className="py-1 pe-2">{t("admin.catalog.handle")}</th>
                    <th scope="col" className="py-1">{t("admin.catalog.description")}</th>
                  </tr>
                </thead>
                <tbody>
                  {LANGS.map((lang) => {
                    const tr = product?.translations[lang];
                    const missing = translations.rows.filter((r) => r.missing.includes(lang)).length > 0;
                    const f = (field: string) => `translations.${lang}.${field}`;
                    return (
                      <tr key={lang} className="border-t border-stone-200 align-top">
                        <th scope="row" className="py-2 pe-2 font-medium whitespace-nowrap">
                          {t(LANGUAGE_KEYS[lang])}
                          {missing ? <span className="ms-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">{t("admin.catalog.missing")}</span> : null}
                        </th>
                        <td className="py-2 pe-2">
                          <input name={f("title")} aria-label={`${t("admin.catalog.title")} (${lang})`} defaultValue={v(f("title"), tr?.title)} className={input} {...noteProps(f("title"))} />
                          <Notes field={f("title")} warnings={warnings} error={error} />
                        </td>
                        <td className="py-2 pe-2">
                          <input name={f("handle")} aria-label={`${t("admin.catalog.handle")} (${lang})`} defaultValue={v(f("handle"), tr?.handle)} className={input} {...noteProps(f("handle"))} />
                          <Notes field={f("handle")} warnings={warnings} error={error} />
                        </td>
                        <td className="py-2">
                          <textarea name={f("description")} aria-label={`${t("admin.catalog.description")} (${lang})`} defaultValue={v(f("description"), tr?.description)} rows={2} className={input} {...noteProps(f("description"))} />
                          <Notes field={f("description")} warnings={warnings} error={error} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Notes field="translations.en" warnings={warnings} error={error} />
          </Section>

          <Section title={t("admin.catalog.options")}>
            <label className="text-sm">
              {t("admin.catalog.optionsHint")}
              <textarea name="options" rows={3} defaultValue={v("options", optionsToText(options))} className={input} placeholder="Size: S, M, L" {...noteProps("options")} />
            </label>
            <Notes field="options" warnings={warnings} error={error} />
          </Section>

          <Section title={t("admin.catalog.variants")}>
            <div className="space-y-4">
              {variants.map((variant, i) => {
                const f = (field: string) => `variants.${i}.${field}`;
                return (
                  <fieldset key={variant?.id ?? "new"} className="rounded-md border border-stone-200 p-3">
                    <legend className="px-1 text-sm font-semibold">{variant ? variant.sku : t("admin.catalog.addVariant")}</legend>
                    <div className="grid gap-3 md:grid-cols-4">
                      <label className="text-sm">
                        {t("admin.catalog.sku")}
                        <input name={f("sku")} defaultValue={v(f("sku"), variant?.sku)} className={input} {...noteProps(f("sku"))} />
                        <Notes field={f("sku")} warnings={warnings} error={error} />
                      </label>
                      <label className="text-sm">
                        {t("admin.catalog.weightGrams")}
                        <input name={f("weightGrams")} inputMode="numeric" defaultValue={v(f("weightGrams"), variant?.weightGrams)} className={input} {...noteProps(f("weightGrams"))} />
                        <Notes field={f("weightGrams")} warnings={warnings} error={error} />
                      </label>
                      {options.map((o) => (
                        <label key={o.code} className="text-sm">
                          {o.names.en ?? o.code}
                          <select name={f(`options.${o.code}`)} defaultValue={v(f(`options.${o.code}`), variant?.options[o.code])} className={input}>
                            <option value="">—</option>
                            {o.values.map((val) => (
                              <option key={val.code} value={val.code}>
                                {val.labels.en ?? val.code}
                              </option>
                            ))}
                          </select>
                          <Notes field={f(`options.${o.code}`)} warnings={warnings} error={error} />
                        </label>
                      ))}
                      {variant ? (
                        <label className="flex items-center gap-2 self-end text-sm">
                          <input type="checkbox" name={f("remove")} value="1" />
                          {t("admin.catalog.removeVariant")}
                        </label>
                      ) : null}
                    </div>
                    <div className="mt-3 overflow-x-auto">
                      <table className="text-left text-sm">
                        <caption className="text-start font-medium">{t("admin.catalog.prices")}</caption>
                        <thead>
                          <tr>
                            {/* The corner above the row headers heads nothing: a cell, not an empty header. */}
                            <td className="pe-2" />
                            {currencies.map((c) => (
                              <th key={c} scope="col" className="pe-2 font-mono">
                                {c}
                              </th>
                            ))}
                          </tr>
                        </thead>
                        <tbody>
                          {(["prices", "compareAt"] as const).map((kind) => (
                            <tr key={kind}>
                              <th scope="row" className="pe-2 whitespace-nowrap">
                                {t(kind === "prices" ? "admin.catalog.price" : "admin.catalog.compareAt")}
                              </th>
                              {currencies.map((c) => (
                                <td key={c} className="pe-2">
                                  <input
                                    name={f(`${kind}.${c}`)}
                                    aria-label={`${t(kind === "prices" ? "admin.catalog.price" : "admin.catalog.compareAt")} ${c}`}
                                    inputMode="decimal"
                                    defaultValue={v(f(`${kind}.${c}`), variant?.[kind]?.[c])}
                                    className={controlClass({ size: "sm", className: "w-24" })}
                                    {...noteProps(f(`${kind}.${c}`))}
                                  />
                                  <Notes field={f(`${kind}.${c}`)} warnings={warnings} error={error} />
                                </td>
                              ))}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    <div className="mt-3 flex flex-wrap gap-3">
                      {locations.map((l) => (
                        <label key={l.code} className="text-sm">
                          {t("admin.catalog.stockAt", { location: l.name })}
                          <input
                            name={f(`stock.${l.code}`)}
                            inputMode="numeric"
                            defaultValue={v(f(`stock.${l.code}`), variant?.stock[l.code])}
                            className={controlClass({ size: "sm", block: true, className: "w-28" })}
                            {...noteProps(f(`stock.${l.code}`))}
                          />
                          {variant?.reserved[l.code] ? <span className="block text-xs text-stone-700">{t("admin.catalog.reserved", { count: variant.reserved[l.code]! })}</span> : null}
                          <Notes field={f(`stock.${l.code}`)} warnings={warnings} error={error} />
                        </label>
                      ))}
                    </div>
                  </fieldset>
                );
              })}
            </div>
            <Notes field="variants" warnings={warnings} error={error} />
          </Section>

          <Section title={t("admin.catalog.images")}>
            {product?.images.length ? (
              <ul className="mb-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                {product.images.map((img, i) => (
                  <li key={img.url} className="rounded border border-stone-200 p-2">
                    <img src={img.url} alt={img.alt.en ?? ""} width={img.width} height={img.height} className="h-32 w-full object-contain" />
                    <input type="hidden" name={`images.${i}.url`} value={img.url} />
                    <input type="hidden" name={`images.${i}.width`} value={img.width} />
                    <input type="hidden" name={`images.${i}.height`} value={img.height} />
                    <label className="mt-1 block text-sm">
                      {t("admin.catalog.alt")}
                      <input name={`images.${i}.alt`} defaultValue={v(`images.${i}.alt`, img.alt.en)} className={input} />
                    </label>
                    <label className="mt-1 flex items-center gap-2 text-sm">
                      <input type="checkbox" name={`images.${i}.remove`} value="1" />
                      {t("admin.catalog.removeImage")}
                    </label>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="grid gap-3 md:grid-cols-2">
              <label className="text-sm">
                {t("admin.catalog.uploadImage")}
                <input type="file" name="image" accept="image/jpeg,image/png,image/webp,image/avif" className="mt-1 block text-sm" {...noteProps("image")} />
                <span className="block text-xs text-stone-700">{t("admin.catalog.imageHint")}</span>
                <Notes field="image" warnings={warnings} error={error} />
              </label>
              <label className="text-sm">
                {t("admin.catalog.alt")}
                <input name="imageAlt" defaultValue={v("imageAlt", "")} className={input} />
              </label>
            </div>
          </Section>
        </fieldset>

        {canWrite ? (
          <div className="flex flex-wrap gap-3">
            <Button name="intent" value="save">
              {t("admin.catalog.save")}
            </Button>
            {actionData?.needsConfirm ? (
              <Button name="confirm" value="1" variant="danger">
                {t("admin.catalog.publishAnyway")}
              </Button>
            ) : null}
          </div>
        ) : null}
      </Form>

      {product ? (
        <Section title={t("admin.catalog.marketPrices")}>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t("admin.catalog.marketPrices")}</caption>
              <thead>
                <tr>
                  <th scope="col" className="pe-3">{t("admin.catalog.market")}</th>
                  {product.variants.map((pv) => (
                    <th key={pv.id} scope="col" className="pe-3">
                      {pv.sku}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.map((m) => (
                  <tr key={m.market} className="border-t border-stone-200">
                    <th scope="row" className="py-1 pe-3 font-medium">
                      {m.name} <span className="font-mono text-xs">({m.market})</span>
                    </th>
                    {product.variants.map((pv) => {
                      const p = m.variants.find((x) => x.sku === pv.sku);
                      return (
                        <td key={pv.id} className="py-1 pe-3" data-market={m.market}>
                          {p ? (
                            <>
                              {p.price}
                              {p.compareAt ? <s className="ms-1 text-stone-600">{p.compareAt}</s> : null}
                              <span className="ms-1 text-xs text-stone-700">{t(p.source === "list" ? "admin.catalog.sourceList" : "admin.catalog.sourceConverted")}</span>
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      ) : null}

      {product && canWrite ? (
        <Form method="post" encType="multipart/form-data">
          <CsrfField token={csrf} />
          <input type="hidden" name="intent" value="delete" />
          <Button variant="danger" size="sm">
            {t("admin.catalog.deleteProduct")}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
