import type { InputHTMLAttributes, ReactNode } from "react";
import { Field } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";

/** A labelled admin input with its description and error, wired for assistive technology. */
export function FormField({
  label,
  description,
  error,
  id,
  ...input
}: { label: ReactNode; description?: ReactNode; error?: string; id: string; name: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "size">) {
  return (
    <Field id={id} label={label} description={description} error={error} required={input.required}>
      {(control) => <Input {...control} {...input} block />}
    </Field>
  );
}

/** A labelled admin select. */
export function SelectField({
  label,
  error,
  id,
  name,
  options,
  defaultValue,
  hideLabel,
}: {
  label: ReactNode;
  error?: string;
  id: string;
  name: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  hideLabel?: boolean;
}) {
  return (
    <Field id={id} label={label} error={error} hideLabel={hideLabel}>
      {(control) => (
        <Select {...control} name={name} defaultValue={defaultValue}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** The hidden per-session token every admin form carries (verified by requireAdminAction). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}
