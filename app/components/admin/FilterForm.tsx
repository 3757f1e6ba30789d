import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/Button";
import { useT } from "~/lib/i18n";

/**
 * Filters above a table: a GET form, so the filters land in the URL (and work without JavaScript).
 * Filtering keeps the table's sort order and starts again at page 1.
 */
export function FilterForm({ children, label, clearTo }: { children: ReactNode; label: string; clearTo: string }) {
  const t = useT();
  const [search] = useSearchParams();
  return (
    <Form method="get" role="search" aria-label={label} className="mb-4 flex flex-wrap items-end gap-3 rounded-md border border-stone-300 bg-white p-3">
      {children}
      {(["sort", "dir"] as const).map((name) => {
        const value = search.get(name);
        return value ? <input key={name} type="hidden" name={name} value={value} /> : null;
      })}
      <Button size="sm" variant="dark">
        {t("admin.table.filter")}
      </Button>
      <Link to={clearTo} className="py-1.5 text-sm underline">
        {t("admin.table.clear")}
      </Link>
    </Form>
  );
}
