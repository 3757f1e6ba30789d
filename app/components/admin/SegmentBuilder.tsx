import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Field } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { Select } from "~/components/ui/Select";
import { Button } from "~/components/ui/Button";
import { useT, type MessageKey } from "~/lib/i18n";
import { SEGMENT_FIELDS, type BuilderActionData, type BuilderChoices, type RuleDraft, type SegmentDraft, type SegmentPreview } from "~/modules/marketing/segment-definition";
import { CsrfField } from "./FormField";
import { Flash } from "./Flash";

const CONSENTS = ["subscribed", "pending", "unsubscribed"] as const;

function RuleRow({ index, rule, choices, error }: { index: number; rule: RuleDraft; choices: BuilderChoices; error?: { message: string; part: string } }) {
  const t = useT();
  const [field, setField] = useState(rule.field);
  const [op, setOp] = useState(rule.op);
  const spec = SEGMENT_FIELDS.find((f) => f.field === field) ?? SEGMENT_FIELDS[0]!;
  const id = (part: string) => `rule-${index}-${part}`;
  const name = (part: string) => `rules.${index}.${part}`;
  const n = index + 1;
  const fieldLabel = (f: string) => t(`admin.segments.fields.${f}` as MessageKey, { currency: choices.baseCurrency });
  const err = (part: string) => (error?.part === part ? error.message : undefined);
  const choiceOptions: { value: string; label: string }[] =
    field === "market"
      ? choices.markets.map((m) => ({ value: m, label: m }))
      : field === "tier"
        ? choices.tiers.map((tier) => ({ value: tier.id, label: tier.name }))
        : field === "consent"
          ? CONSENTS.map((c) => ({ value: c, label: t(`admin.segments.consent.${c}` as MessageKey) }))
          : [
              { value: "true", label: t("admin.segments.yes") },
              { value: "false", label: t("admin.segments.no") },
            ];
  return (
    <fieldset className="grid gap-3 rounded-md border border-stone-300 p-3 sm:grid-cols-[1fr_1fr_1fr_auto]" data-testid="segment-rule">
      <legend className="px-1 font-semibold">{t("admin.segments.rule", { n })}</legend>
      <Field id={id("field")} label={t("admin.segments.field")} error={err("field")}>
        {(control) => (
          <Select {...control} name={name("field")} value={field} onChange={(e) => setField(e.target.value)} block>
            {SEGMENT_FIELDS.map((f) => (
              <option key={f.field} value={f.field}>
                {fieldLabel(f.field)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field id={id("op")} label={t("admin.segments.op")} error={err("op")}>
        {(control) => (
          <Select {...control} name={name("op")} value={spec.ops.includes(op) ? op : spec.ops[0]} onChange={(e) => setOp(e.target.value)} block>
            {spec.ops.map((o) => (
              <option key={o} value={o}>
                {t(`admin.segments.ops.${o}` as MessageKey)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="space-y-2">
        <Field id={id("value")} label={t("admin.segments.value")} description={spec.value === "list" ? t("admin.segments.listHint") : undefined} error={err("value")}>
          {(control) =>
            spec.value === "choice" ? (
              <Select {...control} key={field} name={name("value")} defaultValue={rule.value} block>
                {choiceOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            ) : (
              <Input {...control} name={name("value")} defaultValue={rule.value} inputMode={spec.value === "number" ? "numeric" : spec.value === "decimal" ? "decimal" : undefined} block />
            )
          }
        </Field>
        {op === "between" && spec.ops.includes("between") ? (
          <Field id={id("valueTo")} label={t("admin.segments.valueTo")}>
            {(control) => <Input {...control} name={name("valueTo")} defaultValue={rule.valueTo} inputMode={spec.value === "number" ? "numeric" : "decimal"} block />}
          </Field>
        ) : null}
      </div>
      <div className="self-end">
        <Button variant="outline" name="intent" value={`remove:${index}`} formNoValidate aria-label={t("admin.segments.removeRule", { n })}>
          {t("admin.segments.removeRule", { n })}
        </Button>
      </div>
    </fieldset>
  );
}

function PreviewPanel({ preview }: { preview: SegmentPreview }) {
  const t = useT();
  return (
    <div className="space-y-3" data-testid="segment-preview">
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left font-semibold">{t("admin.segments.preview")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.segments.email")}</th>
            <th scope="col">{t("admin.segments.contactName")}</th>
            <th scope="col">{t("admin.segments.country")}</th>
            <th scope="col">{t("admin.segments.language")}</th>
            <th scope="col">{t("admin.segments.market")}</th>
            <th scope="col">{t("admin.segments.tier")}</th>
          </tr>
        </thead>
        <tbody>
          {preview.contacts.map((c) => (
            <tr key={c.id} className="border-t border-stone-200">
              <td>{c.email}</td>
              <td>{c.name ?? t("admin.segments.none")}</td>
              <td>{c.country ?? t("admin.segments.none")}</td>
              <td>{c.language}</td>
              <td>{c.market ?? t("admin.segments.none")}</td>
              <td>{c.tierName ?? t("admin.segments.none")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rule builder: rows of field / condition / value, all or any, the count and the first members. */
export function SegmentBuilder({ initial, choices, actionData, csrf, canDelete }: { initial: SegmentDraft; choices: BuilderChoices; actionData?: BuilderActionData; csrf: string; canDelete: boolean }) {
  const t = useT();
  const draft = actionData?.draft ?? initial;
  const fetcher = useFetcher<BuilderActionData>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const live = fetcher.data && fetcher.data.version && (!actionData?.version || fetcher.data.version > actionData.version) ? fetcher.data : actionData;
  const preview = live?.preview;
  const error = actionData?.error ?? (live?.error && live !== actionData ? live.error : undefined);
  const ruleError = (i: number) => {
    const m = error?.field ? /^rules\.(\d+)\.(\w+)/.exec(error.field) : null;
    return m && Number(m[1]) === i ? { message: error!.message, part: m[2]! } : undefined;
  };
  const onChange = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.set("intent", "count");
      fetcher.submit(data, { method: "post" });
    }, 400);
  };
  return (
    <>
      {error ? <Flash tone="error">{error.field ? `${error.field}: ${error.message}` : error.message}</Flash> : null}
      <Form method="post" ref={formRef} onChange={onChange} key={actionData?.version ?? "initial"} className="max-w-5xl space-y-4 rounded-md border border-stone-300 bg-white p-4" data-testid="segment-form">
        {/* Enter in a text box counts (the first submit button is the form's default). */}
        <button type="submit" name="intent" value="count" className="sr-only" tabIndex={-1} aria-hidden="true">
          {t("admin.segments.count")}
        </button>
        <CsrfField token={csrf} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="segment-name" label={t("admin.segments.name")} error={error?.field === "name" ? error.message : undefined}>
            {(control) => <Input {...control} name="name" defaultValue={draft.name} maxLength={120} block />}
          </Field>
          <Field id="segment-match" label={t("admin.segments.match")}>
            {(control) => (
              <Select {...control} name="match" defaultValue={draft.match} block>
                <option value="all">{t("admin.segments.matchAll")}</option>
                <option value="any">{t("admin.segments.matchAny")}</option>
              </Select>
            )}
          </Field>
        </div>
        <h2 className="text-lg font-semibold">{t("admin.segments.rules")}</h2>
        {draft.rules.length ? null : <p className="text-sm text-stone-700">{t("admin.segments.noRules")}</p>}
        {draft.rules.map((rule, i) => (
          <RuleRow key={i} index={i} rule={rule} choices={choices} error={ruleError(i)} />
        ))}
        <div className="flex flex-wrap items-end gap-3">
          <Field id="segment-add-field" label={t("admin.segments.addField")}>
            {(control) => (
              <Select {...control} name="addField" defaultValue="market">
                {SEGMENT_FIELDS.map((f) => (
                  <option key={f.field} value={f.field}>
                    {t(`admin.segments.fields.${f.field}` as MessageKey, { currency: choices.baseCurrency })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button variant="outline" name="intent" value="add" formNoValidate>
            {t("admin.segments.addRule")}
          </Button>
        </div>
        <div className="flex flex-wrap gap-3">
          <Button variant="outline" name="intent" value="count">
            {t("admin.segments.count")}
          </Button>
          <Button name="intent" value="save">
            {t("admin.segments.save")}
          </Button>
          {canDelete ? (
            <Button variant="danger" name="intent" value="delete" formNoValidate>
              {t("admin.segments.delete")}
            </Button>
          ) : null}
        </div>
      </Form>
      <div className="mt-6 max-w-5xl space-y-3">
        <output id="segment-count" aria-live="polite" className="block text-lg font-semibold" data-testid="segment-count">
          {preview ? t("admin.segments.matching", { count: preview.count }) : null}
        </output>
        <p className="text-sm text-stone-700">{t("admin.segments.mailableOnly")}</p>
        {preview && preview.contacts.length ? <PreviewPanel preview={preview} /> : null}
      </div>
    </>
  );
}
