import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/Button";
import { useT } from "~/lib/i18n";

/** Filters above a table: a GET form, so the filters land in the URL (and work without JavaScript). */
export function FilterForm({ children, label, clearTo }: { children: ReactNode; label: string; clearTo: string }) {
  const t = useT();
  return (
    <Form method="get" role="search" aria-label={label} className="mb-4 flex flex-wrap items-end gap-3 rounded-md border border-stone-300 bg-white p-3">
      {children}
      <Button size="sm" variant="dark">
        {t("admin.table.filter")}
      </Button>
      <Link to={clearTo} className="py-1.5 text-sm underline">
        {t("admin.table.clear")}
      </Link>
    </Form>
  );
}
