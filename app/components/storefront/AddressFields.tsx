import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { useT } from "~/lib/i18n";
import type { AddressFieldSpec } from "~/modules/checkout/address";

/** What the form library knows about one field (conform's field metadata has these). */
export interface AddressFieldState {
  id: string;
  name: string;
  key?: string;
  errors?: string[];
  initialValue?: unknown;
}

/**
 * The per-country address fields after the country select (checkout's shipping address, saved
 * addresses in the account): labels, order, selects for regions, hints and autocomplete from
 * `addressFieldsFor(country)`.
 */
export function AddressFields({ specs, fields }: { specs: AddressFieldSpec[]; fields: Record<string, AddressFieldState> }) {
  const t = useT();
  const errorText = useErrorText();
  return (
    <>
      {specs
        .filter((f) => f.name !== "country")
        .map((f) => {
          const field = fields[f.name]!;
          const initial = typeof field.initialValue === "string" ? field.initialValue : "";
          return (
            <Field key={f.name} id={field.id} label={t(f.label)} error={errorText(field.errors, f.errorValues)} required={f.required}>
              {(aria) =>
                f.options ? (
                  <Select {...aria} key={field.key} name={field.name} defaultValue={initial} autoComplete={f.autoComplete} size="lg" block>
                    <option value="">—</option>
                    {f.options.map((o) => (
                      <option key={o.code} value={o.code}>
                        {o.label}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    {...aria}
                    key={field.key}
                    name={field.name}
                    autoComplete={f.autoComplete}
                    inputMode={f.inputMode}
                    dir={f.name === "phone" || f.name === "postalCode" ? "ltr" : undefined}
                    maxLength={f.maxLength}
                    placeholder={f.example}
                    defaultValue={initial}
                    size="lg"
                    block
                  />
                )
              }
            </Field>
          );
        })}
    </>
  );
}
