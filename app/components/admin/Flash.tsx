import type { ReactNode } from "react";
import { cx } from "~/components/ui/styles";

/** The outcome of an admin action, announced to screen readers (status) or as an alert (error). */
export function Flash({ tone = "success", children }: { tone?: "success" | "error"; children: ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cx("mb-4 rounded-md border px-4 py-3 text-sm", tone === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-emerald-700 bg-emerald-50 text-emerald-900")}
    >
      {children}
    </div>
  );
}
