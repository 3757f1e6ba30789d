import { useEffect, useRef } from "react";

/**
 * The errors of a form, listed at its top with links to their fields (GOV.UK Design System's error
 * summary pattern; WCAG 3.3.1). When errors appear, focus moves here so a keyboard or screen-reader
 * user learns what failed; without JavaScript the server-rendered summary takes focus by autofocus.
 */
export function ErrorSummary({
  title,
  errors,
  attempt = 0,
}: {
  title: (count: number) => string;
  errors: { id: string; label: string; message: string }[];
  /** Counts refused submits: each one moves focus here again, even when the errors are the same. */
  attempt?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => `${e.id}:${e.message}`).join("|");
  useEffect(() => {
    // After the form library has moved focus to the first invalid field (it does so in its own effect).
    if (signature) requestAnimationFrame(() => ref.current?.focus());
  }, [signature, attempt]);
  if (!errors.length) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" autoFocus className="rounded-md border-2 border-red-800 bg-red-50 p-4 text-red-900 outline-none focus:ring-2 focus:ring-red-800" data-testid="error-summary">
      <h2 id="error-summary-title" className="font-semibold">
        {title(errors.length)}
      </h2>
      <ul className="mt-2 list-disc ps-5 text-sm">
        {errors.map((e) => (
          <li key={e.id}>
            <a href={`#${e.id}`} className="underline">
              {e.label}: {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
