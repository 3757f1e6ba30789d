import { Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/lib/i18n";
import { EmptyState } from "./EmptyState";
import { withParams, type SortDirection } from "./table-params";

export interface Column<T> {
  key: string;
  label: string;
  /** Sortable columns get a header link that toggles `sort`/`dir` in the URL. */
  sortable?: boolean;
  render: (row: T) => ReactNode;
  className?: string;
}

/**
 * An admin table: sortable column headers (links, `aria-sort`), an empty state and pagination, all
 * driven by the URL's search parameters. Scrolls sideways inside its box on narrow screens.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  sort,
  dir,
  empty,
  emptyFiltered,
  filtered,
  total,
  page,
  perPage,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: string;
  dir?: SortDirection;
  /** Shown when there are no rows at all. */
  empty: string;
  /** Shown instead when filters are set and nothing matches (defaults to `empty`). */
  emptyFiltered?: string;
  filtered?: boolean;
  total: number;
  page: number;
  perPage: number;
}) {
  const t = useT();
  const [search] = useSearchParams();
  if (!rows.length) return <EmptyState>{filtered && emptyFiltered ? emptyFiltered : empty}</EmptyState>;
  return (
    <div>
      <div className="overflow-x-auto rounded-md border border-stone-300 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-stone-100">
            <tr>
              {columns.map((c) => {
                const active = sort === c.key;
                const ariaSort = active ? (dir === "asc" ? "ascending" : "descending") : undefined;
                const next = active && dir === "asc" ? "desc" : "asc";
                return (
                  <th key={c.key} scope="col" aria-sort={ariaSort} className={`px-3 py-2 font-semibold whitespace-nowrap ${c.className ?? ""}`}>
                    {c.sortable ? (
                      <Link to={withParams(search, { sort: c.key, dir: next, page: null })} className="underline-offset-2 hover:underline" title={t("admin.table.sortBy", { column: c.label })}>
                        {c.label}
                        {active ? <span aria-hidden="true">{dir === "asc" ? " ▲" : " ▼"}</span> : null}
                        {active ? <span className="sr-only"> ({t(dir === "asc" ? "admin.table.sortAscending" : "admin.table.sortDescending")})</span> : null}
                      </Link>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} className="border-t border-stone-200 align-top">
                {columns.map((c) => (
                  <td key={c.key} className={`px-3 py-2 ${c.className ?? ""}`}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination total={total} page={page} perPage={perPage} />
    </div>
  );
}

function Pagination({ total, page, perPage }: { total: number; page: number; perPage: number }) {
  const t = useT();
  const [search] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const link = "rounded-md border border-stone-400 bg-white px-3 py-1.5 hover:bg-stone-100";
  return (
    <nav aria-label={t("admin.table.pagination")} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <span>{t("admin.table.results", { count: total })}</span>
      <span aria-current="page">{t("admin.table.pageOf", { page, pages })}</span>
      {page > 1 ? (
        <Link to={withParams(search, { page: String(page - 1) })} className={link} rel="prev">
          {t("admin.table.previous")}
        </Link>
      ) : null}
      {page < pages ? (
        <Link to={withParams(search, { page: String(page + 1) })} className={link} rel="next">
          {t("admin.table.next")}
        </Link>
      ) : null}
    </nav>
  );
}
