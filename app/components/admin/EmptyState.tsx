import type { ReactNode } from "react";

/** What a list shows when it has nothing to show. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-dashed border-stone-400 bg-white px-4 py-8 text-center text-stone-700">
      {children}
    </p>
  );
}
