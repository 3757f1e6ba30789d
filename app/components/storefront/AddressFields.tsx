import { useSubmit } from "@remix-run/react";
import { Field, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { useT } from "~/lib/i18n";
import type { CountryOption } from "~/lib/intl";
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
 * The address part of a form (checkout's shipping address, saved addresses in the account): the
 * country select, then the per-country fields — labels, order, selects for regions, hints and
 * autocomplete from `addressFieldsFor(country)`. Choosing another country reloads the page (a GET
 * with `?country=`) so the loader sends that country's fields; `countries` carries names the loader
 * put into the page's language, so server and browser render the same text whatever their ICU data.
 */
export function AddressFields({
  countries,
  country,
  onCountryChange,
  specs,
  fields,
}: {
  countries: CountryOption[];
  country: string;
  onCountryChange: (country: string) => void;
  specs: AddressFieldSpec[];
  fields: Record<string, AddressFieldState>;
}) {
  const t = useT();
  const errorText = useErrorText();
  const submit = useSubmit();
  const countryField = fields.country!;
  return (
    <>
      <Field id={countryField.id} label={t("address.country")} error={errorText(countryField.errors)}>
        {(aria) => (
          <Select
            {...aria}
            name={countryField.name}
            value={country}
            autoComplete="country"
            onChange={(e) => {
              onCountryChange(e.target.value);
              submit({ country: e.target.value }, { method: "get", replace: true, preventScrollReset: true });
            }}
            size="lg"
            block
          >
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
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
