/**
 * The state of an admin table lives in the URL (`sort`, `dir`, `page`, filters), so sorting, filtering
 * and paging are links and GET forms: they work without JavaScript, can be bookmarked and shared.
 */
export type SortDirection = "asc" | "desc";

export interface TableState<K extends string> {
  sort: K;
  dir: SortDirection;
  page: number;
  perPage: number;
}

const PER_PAGE = 25;

/** Reads the table state from a URL; unknown or malformed values fall back to the defaults. */
export function readTableState<K extends string>(url: URL, sortable: readonly K[], fallback: { sort: K; dir: SortDirection }): TableState<K> {
  const p = url.searchParams;
  const sort = sortable.find((k) => k === p.get("sort")) ?? fallback.sort;
  const dir = p.get("dir") === "asc" ? "asc" : p.get("dir") === "desc" ? "desc" : fallback.dir;
  return { sort, dir, page: readPage(url), perPage: PER_PAGE };
}

/** The `page` parameter (1-based); anything that is not a page number is page 1. */
export function readPage(url: URL): number {
  return Math.min(100_000, Math.max(1, Math.floor(Number(url.searchParams.get("page"))) || 1));
}

/** The start (00:00 UTC) of a YYYY-MM-DD date filter, or undefined when absent or not a real date. */
export function dayStart(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The start of the day after a YYYY-MM-DD date filter: a "to" day is included up to (not with) this instant. */
export function dayAfter(value: string | null): Date | undefined {
  const d = dayStart(value);
  return d ? new Date(d.getTime() + 86_400_000) : undefined;
}

/** Whether any filter has a value (the empty state then says that nothing matches, not that nothing exists). */
export function isFiltered(filters: Record<string, string>): boolean {
  return Object.values(filters).some(Boolean);
}

/** `search` with `changes` applied (null removes a parameter), as a "?…" string. */
export function withParams(search: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") next.delete(k);
    else next.set(k, v);
  }
  const s = next.toString();
  return s ? `?${s}` : "?";
}
