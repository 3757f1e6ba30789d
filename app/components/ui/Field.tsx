import type { ReactNode } from "react";
import { useT, type MessageKey } from "~/lib/i18n";
import { cx } from "./styles";

/** What a control inside a Field must carry so that assistive technology links it to its texts. */
interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * A labelled form control with an optional description and error message. The control is rendered
 * by `children`, which receives the id and ARIA wiring (WAI-ARIA 1.2 aria-invalid, aria-describedby).
 */
export function Field({
  id,
  label,
  description,
  error,
  required,
  hideLabel,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  /** Already translated; see `useErrorText`. */
  error?: string;
  required?: boolean;
  hideLabel?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "mb-1 block text-sm font-medium"}>
        {label}
        {required ? " *" : ""}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {description ? (
        <p id={descriptionId} className="mt-1 text-sm text-stone-700">
          {description}
        </p>
      ) : null}
      {error ? <FieldError id={errorId!}>{error}</FieldError> : null}
    </div>
  );
}

export function FieldError({ id, children, className }: { id?: string; children: ReactNode; className?: string }) {
  return (
    <p id={id} className={cx("mt-1 text-sm text-red-800", className)}>
      {children}
    </p>
  );
}

/**
 * The first error of a field, translated. Form schemas (app/modules/*\/…-form.ts) write their
 * messages as message keys, so an error string is a key by construction.
 */
export function useErrorText(): (errors: readonly string[] | undefined, values?: Record<string, string | number>) => string | undefined {
  const t = useT();
  return (errors, values) => (errors?.[0] ? t(errors[0] as MessageKey, values) : undefined);
}
