import { Form, Link, useLocation, useSubmit } from "@remix-run/react";
import { useId, useRef } from "react";
import { Button, ButtonLink } from "~/components/ui/Button";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { codeKey, useT } from "~/lib/i18n";
import { ProductGrid, type CardData } from "./ProductGrid";

export interface ListingData {
  market: string;
  products: CardData[];
  total: number;
  page: number;
  pageCount: number;
  sort: string;
  sortOptions: string[];
  available: boolean;
  priceMin?: string;
  priceMax?: string;
  currency: string;
  selected: Record<string, string[]>;
  facets: { code: string; name: string; values: { code: string; label: string; swatch: string | null; count: number }[] }[];
  q?: string;
}

/** Filters, sort and pagination as a GET form: shareable URLs, works without JavaScript. */
export function Listing({ data }: { data: ListingData }) {
  const t = useT();
  const submit = useSubmit();
  const id = useId();
  const toggleRef = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const pageHref = (page: number) => {
    const sp = new URLSearchParams(location.search);
    if (page === 1) sp.delete("page");
    else sp.set("page", String(page));
    const s = sp.toString();
    return `${location.pathname}${s ? `?${s}` : ""}`;
  };
  return (
    <div className="grid gap-4 md:grid-cols-[16rem_1fr] md:gap-8">
      {/* Phones: the filters are a drawer behind this toggle (a checkbox, so it works without JavaScript). */}
      <input type="checkbox" id={`${id}-filters-toggle`} ref={toggleRef} className="peer sr-only md:hidden" />
      <label
        htmlFor={`${id}-filters-toggle`}
        className="inline-flex h-11 cursor-pointer items-center justify-center rounded-md border border-stone-400 bg-white px-4 text-sm font-medium peer-focus-visible:outline-3 peer-focus-visible:outline-clay md:hidden"
        data-testid="filters-toggle"
      >
        {t("listing.showFilters")}
      </label>
      <Form
        method="get"
        className="fixed inset-0 z-40 hidden space-y-6 overflow-y-auto bg-white p-4 text-sm peer-checked:block md:static md:z-auto md:block md:overflow-visible md:bg-transparent md:p-0"
        aria-label={t("listing.filters")}
        onChange={(e) => submit(e.currentTarget, { preventScrollReset: true, replace: true })}
        data-testid="filters"
      >
        {data.q !== undefined ? <input type="hidden" name="q" value={data.q} /> : null}
        <div>
          <label htmlFor={`${id}-sort`} className="mb-1 block font-semibold">
            {t("listing.sortBy")}
          </label>
          <Select id={`${id}-sort`} name="sort" defaultValue={data.sort} block>
            {data.sortOptions.map((s) => (
              <option key={s} value={s}>
                {t(codeKey("listing.sort", s))}
              </option>
            ))}
          </Select>
        </div>
        <fieldset>
          <legend className="mb-1 font-semibold">{t("listing.availability")}</legend>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="available" value="1" defaultChecked={data.available} />
            {t("listing.inStockOnly")}
          </label>
        </fieldset>
        <fieldset>
          <legend className="mb-1 font-semibold">{t("listing.price", { currency: data.currency })}</legend>
          <div className="flex items-center gap-2">
            <label className="sr-only" htmlFor={`${id}-min`}>
              {t("listing.priceMin")}
            </label>
            <Input id={`${id}-min`} name="price_min" inputMode="decimal" defaultValue={data.priceMin} placeholder={t("listing.priceMin")} size="sm" className="w-24" />
            <span aria-hidden="true">–</span>
            <label className="sr-only" htmlFor={`${id}-max`}>
              {t("listing.priceMax")}
            </label>
            <Input id={`${id}-max`} name="price_max" inputMode="decimal" defaultValue={data.priceMax} placeholder={t("listing.priceMax")} size="sm" className="w-24" />
          </div>
        </fieldset>
        {data.facets.map((f) => (
          <fieldset key={f.code}>
            <legend className="mb-1 font-semibold">{f.name}</legend>
            <ul className="space-y-1">
              {f.values.map((v) => (
                <li key={v.code}>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name={`filter.${f.code}`} value={v.code} defaultChecked={data.selected[f.code]?.includes(v.code)} />
                    {v.swatch ? <span aria-hidden="true" className="inline-block h-3.5 w-3.5 rounded-full border border-stone-400" style={{ background: v.swatch }} /> : null}
                    {v.label} <span className="text-stone-600">({v.count})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
        <Button variant="dark" size="sm" block className="hidden md:block">
          {t("listing.apply")}
        </Button>
        <div className="sticky bottom-0 bg-white pt-2 pb-1 md:hidden">
          <Button
            variant="dark"
            block
            onClick={() => {
              if (toggleRef.current) toggleRef.current.checked = false;
            }}
            data-testid="show-results"
          >
            {t("listing.showResults", { count: data.total })}
          </Button>
        </div>
      </Form>
      <section aria-live="polite">
        <p className="mb-4 text-sm text-stone-700" data-testid="result-count">
          {t("listing.count", { count: data.total })}
        </p>
        {data.products.length ? (
          <ProductGrid market={data.market} products={data.products} heading="h2" eager={4} />
        ) : (
          <p className="rounded-md bg-white p-6 text-stone-700">{t("listing.empty")}</p>
        )}
        {data.pageCount > 1 ? (
          <nav aria-label={t("listing.pagination")} className="mt-10 flex flex-wrap justify-center gap-2">
            {data.page > 1 ? (
              <ButtonLink to={pageHref(data.page - 1)} rel="prev" variant="outline" size="sm">
                {t("listing.previous")}
              </ButtonLink>
            ) : null}
            {Array.from({ length: data.pageCount }, (_, i) => i + 1).map((n) => (
              <Link
                key={n}
                to={pageHref(n)}
                aria-current={n === data.page ? "page" : undefined}
                className={`rounded-md border px-3 py-1.5 ${n === data.page ? "border-ink bg-ink text-white" : "border-stone-400"}`}
              >
                {n}
              </Link>
            ))}
            {data.page < data.pageCount ? (
              <ButtonLink to={pageHref(data.page + 1)} rel="next" variant="outline" size="sm">
                {t("listing.next")}
              </ButtonLink>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
