import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Price } from "~/components/storefront/Price";
import { Button } from "~/components/ui/Button";
import { Field } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { CATALOG_CACHE_CONTROL, publicOrigin } from "~/lib/http.server";
import { codeKey, useLocale, useT } from "~/lib/i18n";
import { userErrorMessage, type ShownUserError } from "~/lib/user-error-message";
import { toDecimalString, type Money } from "~/lib/money";
import { pageTitle, seoMeta } from "~/lib/seo";
import { wire } from "~/lib/serialize";
import { requireMarket } from "~/modules/markets/storefront.server";
import { regionNames } from "~/lib/intl";
import { formatDimensions, formatWeight } from "~/lib/units";
import { getProductByHandleCached, type VariantView } from "~/modules/catalog/catalog.server";
import { formatDeliveryRange } from "~/modules/shipping/shipping";
import { productDeliveryPromise } from "~/modules/shipping/shipping.server";
import { intlLocale } from "~/modules/markets/markets";
import { getStoreConfig } from "~/modules/markets/markets.server";
import { pricesIncludeImportTaxes } from "~/modules/tax/builtin";
import { asCharged, singleItemTermsFor } from "~/modules/pricing/single-item.server";
import { isEuMemberState } from "~/lib/eu";
import { pageViewer, viewerCacheControl } from "~/server/early-access.server";

function selectVariant(variants: VariantView[], params: URLSearchParams): VariantView {
  const byId = variants.find((v) => v.id === params.get("variant"));
  if (byId) return byId;
  const wanted: Record<string, string> = {};
  for (const [k, v] of params) if (k.startsWith("option.")) wanted[k.slice(7)] = v;
  const matches = (v: VariantView) => Object.entries(wanted).every(([k, val]) => v.options[k] === val);
  return (
    variants.find((v) => matches(v) && v.available > 0) ??
    variants.find(matches) ??
    variants.find((v) => v.available > 0) ??
    variants[0]!
  );
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  const url = new URL(request.url);
  const handle = params.handle ?? "";
  const viewer = await pageViewer(request);
  const found = await getProductByHandleCached(market, handle, viewer);
  if (found.kind === "missing") throw new Response("Not found", { status: 404 });
  if (found.kind === "redirect") throw redirect(`/${market.handle}/products/${found.handle}${url.search}`, 301);
  const { product } = found;
  const variant = selectVariant(product.variants, url.searchParams);
  const [config, promise] = await Promise.all([
    getStoreConfig(),
    productDeliveryPromise({ market, variant: { id: variant.id, weightGrams: variant.weightGrams, price: variant.price.amount, stockByLocation: variant.stockByLocation } }),
  ]);
  // The price block (and each offer in the structured data) shows what the checkout charges for one
  // unit, under the rule it applies there.
  const termsByVariant = await singleItemTermsFor(
    market,
    product.variants.map((v) => ({ id: v.id, price: v.price.amount, stockByLocation: v.stockByLocation })),
  );
  const chargedPrice = (v: VariantView) => termsByVariant.get(v.id)?.charged ?? v.price.amount;
  const terms = termsByVariant.get(variant.id)!;
  const charged = (m: Money | null) => asCharged(m, variant.price.amount, terms.charged);
  const imageIndex = Math.max(
    0,
    Math.min(
      product.images.length - 1,
      url.searchParams.has("image") ? Number(url.searchParams.get("image")) || 0 : product.images.findIndex((i) => i.id === variant.imageId),
    ),
  );
  const origin = publicOrigin(request);
  const path = `/${market.handle}/products/${product.handle}`;
  const availability = (v: VariantView) => (v.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock");
  const breadcrumbs = [
    { name: config.name, item: `${origin}/${market.handle}` },
    ...(product.collection ? [{ name: product.collection.title, item: `${origin}/${market.handle}/collections/${product.collection.handle}` }] : []),
    { name: product.title, item: `${origin}${path}` },
  ];
  return data({
    market: {
      handle: market.handle,
      taxDisplay: market.taxDisplay,
      taxLabel: market.taxLabel,
      importTaxesIncluded: pricesIncludeImportTaxes(market.country),
      // EU price indication: say whether delivery costs come on top (Directive 2011/83/EU art. 6(1)(e); PAngV §3).
      showShippingCosts: isEuMemberState(market.country),
      units: market.units,
      currency: market.currency,
    },
    importVatOnDelivery: terms.regime === "import_ddu",
    product: {
      id: product.id,
      handle: product.handle,
      title: product.title,
      description: product.description,
      vendor: product.vendor,
      countryOfOrigin: product.countryOfOrigin,
      options: product.options,
      images: product.images,
      collection: product.collection,
    },
    variants: product.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      available: v.available,
    })),
    variant: {
      id: variant.id,
      sku: variant.sku,
      title: variant.title,
      options: variant.options,
      price: wire(charged(variant.price)!),
      compareAt: wire(charged(variant.compareAt)),
      priorLowest: wire(charged(variant.priorLowest)),
      available: variant.available,
      weightGrams: variant.weightGrams,
      dimensionsMm: variant.dimensionsMm,
    },
    imageIndex,
    // Before the public release only an early-access member gets here; the date is formatted here, once.
    earlyAccessUntil: product.releasesAt ? new Intl.DateTimeFormat(intlLocale(market), { dateStyle: "long", timeZone: "UTC" }).format(new Date(product.releasesAt)) : null,
    // Formatted here, once: the browser's Intl may space a range differently and break hydration.
    estimate: promise ? { range: formatDeliveryRange(promise.earliest, promise.latest, intlLocale(market)), method: promise.method } : null,
    seo: {
      origin,
      title: pageTitle(product.seoTitle, config.name),
      description: product.seoDescription,
      path,
      alternates: product.alternates.map((a) => ({ market: a.market, path: `/${a.market}/products/${a.handle}` })),
      defaultMarket: config.defaultMarket,
      locale: intlLocale(market),
      image: product.images[0]?.url,
      type: "product" as const,
      jsonLd: [
        {
          "@context": "https://schema.org",
          "@type": "Product",
          name: product.title,
          description: product.description,
          image: product.images.map((i) => `${origin}${i.url}`),
          sku: variant.sku,
          brand: { "@type": "Brand", name: product.vendor },
          ...(product.countryOfOrigin ? { countryOfOrigin: product.countryOfOrigin } : {}),
          offers: product.variants.map((v) => ({
            "@type": "Offer",
            sku: v.sku,
            url: `${origin}${path}?variant=${v.id}`,
            price: toDecimalString(chargedPrice(v), v.price.currency),
            priceCurrency: v.price.currency,
            availability: availability(v),
            itemCondition: "https://schema.org/NewCondition",
          })),
        },
        {
          "@context": "https://schema.org",
          "@type": "BreadcrumbList",
          itemListElement: breadcrumbs.map((b, i) => ({ "@type": "ListItem", position: i + 1, name: b.name, item: b.item })),
        },
      ],
    },
  }, { headers: { "Cache-Control": viewerCacheControl(viewer, CATALOG_CACHE_CONTROL) } });
}

// What an early-access member is shown (a product before its release) is never stored by a shared cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? CATALOG_CACHE_CONTROL });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

function DeliveryEstimate({ range, method }: { range: string; method: string }) {
  const t = useT();
  return (
    <p data-testid="delivery-estimate">
      {t("product.arrives", { range })} <span className="text-stone-700">({t(codeKey("shipping", method))})</span>
    </p>
  );
}

/** Stands in for the shipping link inside a translated sentence, so each language keeps its word order. */
const LINK_MARK = "\u0001";

/** What the cart action answers a product page that stays (`then=stay`). */
type AddToCartResult = { added?: { variantId: string; quantity: number }; error: ShownUserError | null };

export default function ProductPage() {
  const { market, product, variants, variant, imageIndex, estimate, importVatOnDelivery, earlyAccessUntil } = useLoaderData<typeof loader>();
  const t = useT();
  const { intlLocale } = useLocale();
  const submit = useSubmit();
  const cartFetcher = useFetcher<AddToCartResult>();
  const confirmationRef = useRef<HTMLDivElement>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const result = cartFetcher.state === "idle" ? cartFetcher.data : undefined;
  const added = result?.added && result.added.variantId === variant.id ? result.added : null;
  const addError = result?.error ?? null;
  // Focus goes to the confirmation (a status region), so screen readers announce it and keyboard users land next to "View cart".
  useEffect(() => {
    if (result) confirmationRef.current?.focus();
  }, [result]);
  const image = product.images[imageIndex];
  const taxNote =
    market.taxDisplay === "exclusive"
      ? t("tax.exclusive")
      : importVatOnDelivery
        ? t("tax.importOnDelivery")
        : market.importTaxesIncluded
          ? t("tax.inclusiveImport")
          : market.taxLabel === "vat"
            ? t("tax.inclusiveVat")
            : t("tax.inclusive");
  const [beforeShipping, afterShipping] = market.showShippingCosts ? t("tax.plusShipping", { taxNote, shipping: LINK_MARK }).split(LINK_MARK) : [taxNote];
  const stock =
    variant.available <= 0 ? t("product.soldOut") : variant.available <= 3 ? t("product.lowStock", { count: variant.available }) : t("product.inStock");
  const comboAvailable = (code: string, value: string) =>
    variants.some((v) => v.available > 0 && v.options[code] === value && Object.entries(variant.options).every(([k, x]) => k === code || v.options[k] === x));
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-4 md:py-8">
      <nav aria-label={t("nav.breadcrumb")} className="text-sm text-stone-700">
        <Link to={`/${market.handle}`} className="underline">
          {t("nav.home")}
        </Link>
        {product.collection ? (
          <>
            {" / "}
            <Link to={`/${market.handle}/collections/${product.collection.handle}`} className="underline">
              {product.collection.title}
            </Link>
          </>
        ) : null}
        {" / "}
        <span aria-current="page">{product.title}</span>
      </nav>
      {/* Phones: title and price above the gallery, the picker and Add to cart right below its first image. */}
      <div className="mt-3 grid gap-x-10 gap-y-3 md:mt-6 md:grid-cols-2 md:grid-rows-[auto_1fr] md:gap-y-4">
        <div className="md:col-start-2 md:row-start-1">
          <p className="text-sm tracking-wide text-stone-700 uppercase">{product.vendor}</p>
          <h1 className="mt-1 text-2xl font-semibold md:text-3xl">{product.title}</h1>
          {earlyAccessUntil ? (
            <p className="mt-2 inline-block rounded-sm bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-950" data-testid="early-access-badge">
              {t("product.earlyAccess", { date: earlyAccessUntil })}
            </p>
          ) : null}
          <div className="mt-2 text-xl md:mt-4 md:text-2xl" data-testid="price">
            <Price price={variant.price} compareAt={variant.compareAt} priorLowest={variant.priorLowest} />
          </div>
          <p className="mt-1 text-sm text-stone-700" data-testid="tax-note">
            {beforeShipping}
            {afterShipping !== undefined ? (
              <>
                <Link to={`/${market.handle}/pages/shipping`} className="underline">
                  {t("tax.shipping")}
                </Link>
                {afterShipping}
              </>
            ) : null}
          </p>
        </div>
        <section aria-label={t("product.gallery")} className="md:col-start-1 md:row-span-2 md:row-start-1">
          {image ? (
            <img src={image.url} alt={image.alt} width={image.width} height={image.height} {...{ fetchpriority: "high" }} className="aspect-[4/3] w-full rounded-lg bg-stone-100 object-cover md:aspect-square" data-testid="main-image" />
          ) : null}
          {product.images.length > 1 ? (
            <ul className="mt-2 flex gap-2 md:mt-3 md:gap-3">
              {product.images.map((img, i) => (
                <li key={img.id}>
                  <Link
                    to={`?variant=${variant.id}&image=${i}`}
                    replace
                    preventScrollReset
                    aria-label={t("product.showImage", { n: i + 1 })}
                    aria-current={i === imageIndex ? "true" : undefined}
                    className={`block overflow-hidden rounded-md border-2 ${i === imageIndex ? "border-clay" : "border-transparent"}`}
                  >
                    <img src={img.url} alt="" width={96} height={96} className="h-12 w-12 object-cover md:h-20 md:w-20" loading="lazy" />
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section className="md:col-start-2 md:row-start-2">
          <Form method="get" replace preventScrollReset onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })} className="space-y-3 md:space-y-5" data-testid="variant-picker">
            {product.options.map((o) => (
              <fieldset key={o.code}>
                <legend className="mb-1 text-sm font-semibold md:mb-2">
                  {o.name}: <span className="font-normal">{o.values.find((v) => v.code === variant.options[o.code])?.label}</span>
                </legend>
                <div className="flex flex-wrap gap-2">
                  {o.values.map((v) => {
                    const id = `opt-${o.code}-${v.code}`;
                    const ok = comboAvailable(o.code, v.code);
                    return (
                      <span key={v.code}>
                        <input type="radio" id={id} name={`option.${o.code}`} value={v.code} defaultChecked={variant.options[o.code] === v.code} className="peer sr-only" />
                        <label
                          htmlFor={id}
                          className={`inline-flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm peer-checked:border-ink peer-checked:ring-2 peer-checked:ring-ink peer-focus-visible:outline-3 peer-focus-visible:outline-clay ${ok ? "border-stone-400 bg-white" : "border-stone-300 bg-stone-100 text-stone-600 line-through"}`}
                        >
                          {v.swatch ? <span aria-hidden="true" className="inline-block h-4 w-4 rounded-full border border-stone-400" style={{ background: v.swatch }} /> : null}
                          {v.label}
                          {!ok ? <span className="sr-only"> ({t("product.soldOut")})</span> : null}
                        </label>
                      </span>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <noscript>
              <Button variant="outline" size="sm" className="text-sm">
                {t("product.selectVariant")}
              </Button>
            </noscript>
          </Form>
          <cartFetcher.Form method="post" action={`/${market.handle}/cart`} className="mt-4 flex items-end gap-3 md:mt-6" data-testid="add-to-cart">
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="variantId" value={variant.id} />
            {/* Without JavaScript the post lands on the cart page; with it the page stays and confirms below. */}
            <input type="hidden" name="then" value={hydrated ? "stay" : "cart"} />
            <Field id="quantity" label={t("product.quantity")}>
              {(aria) => <Input {...aria} name="quantity" type="number" min={1} max={Math.max(1, Math.min(99, variant.available))} defaultValue={1} size="lg" className="w-20" />}
            </Field>
            <Button disabled={variant.available <= 0 || cartFetcher.state !== "idle"} className="flex-1">
              {variant.available <= 0 ? t("product.soldOut") : t("product.addToCart")}
            </Button>
          </cartFetcher.Form>
          <div ref={confirmationRef} tabIndex={-1} role="status" className="mt-3 rounded-md empty:hidden focus:outline-3 focus:outline-clay" data-testid="cart-confirmation">
            {added ? (
              <p className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-emerald-50 p-3 text-emerald-900">
                <span>{t("cart.added", { title: `${added.quantity} × ${product.title}` })}</span>
                <Link to={`/${market.handle}/cart`} className="font-semibold underline">
                  {t("cart.viewCart")}
                </Link>
              </p>
            ) : addError ? (
              <p className="rounded-md bg-red-50 p-3 text-red-900">{userErrorMessage(t, addError)}</p>
            ) : null}
          </div>
          <div className="mt-6 space-y-1 text-sm">
            <p data-testid="stock-status" className={variant.available > 0 ? "font-medium text-emerald-800" : "font-medium text-clay-dark"}>
              {stock}
            </p>
            {estimate && variant.available > 0 ? <DeliveryEstimate {...estimate} /> : null}
            <p className="text-stone-700">{t("product.sku", { sku: variant.sku })}</p>
          </div>
          <div className="prose mt-8 max-w-none text-stone-800">
            <h2 className="text-lg font-semibold">{t("product.description")}</h2>
            <p className="mt-2 leading-relaxed whitespace-pre-line">{product.description}</p>
          </div>
          <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm" data-testid="specs">
            {variant.dimensionsMm ? (
              <>
                <dt className="font-semibold">{t("product.dimensions")}</dt>
                <dd>{formatDimensions(variant.dimensionsMm as [number, number, number], market.units, intlLocale)}</dd>
              </>
            ) : null}
            <dt className="font-semibold">{t("product.weight")}</dt>
            <dd>{formatWeight(variant.weightGrams, market.units, intlLocale)}</dd>
            {product.countryOfOrigin ? (
              <>
                <dt className="font-semibold">{t("product.origin")}</dt>
                <dd>{regionNames(intlLocale).of(product.countryOfOrigin)}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </main>
  );
}
