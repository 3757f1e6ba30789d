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
  const page = Math.min(100_000, Math.max(1, Math.floor(Number(p.get("page"))) || 1));
  return { sort, dir, page, perPage: PER_PAGE };
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
